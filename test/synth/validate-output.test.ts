import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateSpec } from '../../clusters/model';
import { renderCluster } from '../../synth/render';
import { synth } from '../../synth/cli';
import { toYaml, toYamlStream } from '../../output/serialize';
import { formatProblem, validateOutput, type Problem } from '../../synth/validate';
import { parseValidateArgs, runValidate } from '../../synth/validate/cli';
import { loadCrds, re2Pattern } from '../../synth/validate/schemas';
import { customKindsFor } from '../../synth/validate/committed-schemas';
import { requireShared, sharedPath } from '../helpers/shared';
import { lacaveSpec } from '../helpers/specs';
const model = validateSpec(lacaveSpec(), 'clusters/lacave.ts');

/** A small CRD of our own, so that the custom-kind checks do not depend on ../shared. */
const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.org' },
  spec: {
    group: 'example.org',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer' },
                  color: { type: 'string', enum: ['red', 'blue'] },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });
const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } };
const deployment = (name: string, container: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, 'apps'),
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx:1.27.3', resources, ...container }] } },
  },
});
const service = { apiVersion: 'v1', kind: 'Service', metadata: meta('web', 'apps'), spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } };
const ingress = (serviceName: string, port: Record<string, unknown>) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: meta('web', 'apps'),
  spec: { rules: [{ host: 'web.example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: serviceName, port } } }] } }] },
});

/** Validates objects written as one manifest file; returns the formatted problem lines. */
function problemsOf(objects: unknown[], extraFiles: Array<{ path: string; content: string }> = []): string[] {
  const files = [{ path: 'manifests/50-test.yaml', content: toYamlStream(objects) }, ...extraFiles];
  return validateOutput(files, { model, crds: loadCrds([]) }).problems.map((p: Problem) => formatProblem(p));
}

describe('validateOutput on the lacave output', () => {
  test('passes with the pinned CRDs', () => {
    // The committed schemas of the pinned releases (upstream/schemas/), and the CRD files of ../shared over them when present.
    const crds = sharedPath('crds');
    const report = validateOutput(renderCluster(model).files, { model, crds: customKindsFor(crds ? [crds] : []) });
    expect(report.problems.map((p) => formatProblem(p))).toEqual([]);
    expect(report.objects).toBeGreaterThan(0);
  });
});

describe('the remembered verdict (build/.cache) is never stale', () => {
  test('a change in a validated file outside manifests/ is validated again', () => {
    // Any YAML outside inventory/, helm/, fcc/ and kustomize folders holds objects to apply (output/objects.ts).
    const files = (extra: unknown) => [
      { path: 'manifests/50-test.yaml', content: toYamlStream([service]) },
      { path: 'extra/web.yaml', content: toYamlStream([extra]) },
    ];
    const valid = deployment('web', {});
    expect(validateOutput(files(valid), { model }).problems).toEqual([]);
    const wrong = deployment('web', {});
    (wrong.spec as any).replica = 2;
    expect(validateOutput(files(wrong), { model }).problems.map((p) => formatProblem(p))).toEqual(['extra/web.yaml: Deployment apps/web: [schema] unknown field "spec.replica"']);
  });
});

describe('each class of mistake is reported with file, object and cause', () => {
  test('a valid fixture set has no problem (the checks below are not always-on)', () => {
    expect(problemsOf([deployment('web', {}), service, ingress('web', { name: 'http' }), WIDGET_CRD, { apiVersion: 'example.org/v1', kind: 'Widget', metadata: meta('w', 'apps'), spec: { size: 3, extra: { anything: 1 } } }])).toEqual([]);
  });

  test('unknown field in a built-in kind (strict)', () => {
    const d = deployment('web', {});
    (d.spec as any).replica = 2;
    (d.spec.template.spec.containers[0] as any).imagePullPolicy = 'Sometimes';
    expect(problemsOf([d])).toEqual([
      'manifests/50-test.yaml: Deployment apps/web: [schema] unknown field "spec.replica"',
      'manifests/50-test.yaml: Deployment apps/web: [schema] spec.template.spec.containers.0.imagePullPolicy: must be one of "Always", "IfNotPresent", "Never"',
    ]);
  });

  test('missing required field and wrong type', () => {
    const d = deployment('web', { ports: [{ containerPort: 'eighty' }] });
    delete (d.spec as any).selector;
    expect(problemsOf([d])).toEqual([
      'manifests/50-test.yaml: Deployment apps/web: [schema] spec: missing required field "selector"',
      'manifests/50-test.yaml: Deployment apps/web: [schema] spec.template.spec.containers.0.ports.0.containerPort: must be number',
    ]);
  });

  test('custom kind: unknown field, enum and required against the CRD schema; preserve-unknown-fields stays open', () => {
    const w = { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { ...meta('w', 'apps'), labelz: {} }, spec: { colour: 'red', color: 'green', extra: { free: true } } };
    expect(problemsOf([WIDGET_CRD, w])).toEqual([
      'manifests/50-test.yaml: Widget apps/w: [schema] unknown field "metadata.labelz"',
      'manifests/50-test.yaml: Widget apps/w: [schema] spec: missing required field "size"',
      'manifests/50-test.yaml: Widget apps/w: [schema] unknown field "spec.colour"',
      'manifests/50-test.yaml: Widget apps/w: [schema] spec.color: must be one of "red", "blue"',
    ]);
  });

  test('custom kind without a CRD, and an unserved version', () => {
    expect(problemsOf([{ apiVersion: 'example.org/v1', kind: 'Gadget', metadata: meta('g', 'apps') }, WIDGET_CRD, { apiVersion: 'example.org/v2', kind: 'Widget', metadata: meta('w', 'apps') }])).toEqual([
      'manifests/50-test.yaml: Gadget apps/g: [schema] no schema for example.org/v1/Gadget: custom kind without a CustomResourceDefinition (add its release to scripts/upstream/crd-schemas.ts and run npm run derive-upstream, or pass its CRD with --crds)',
      'manifests/50-test.yaml: Widget apps/w: [schema] example.org/v2 is not a served version of Widget (CRD from manifests/50-test.yaml serves v1)',
    ]);
  });

  test('requireCrds: false lets a custom kind without a schema pass; synth without ../shared still checks custom kinds (committed schemas)', () => {
    const files = [{ path: 'manifests/50-test.yaml', content: toYamlStream([{ apiVersion: 'example.org/v1', kind: 'Gadget', metadata: meta('g', 'apps'), spec: { anything: 1 } }]) }];
    expect(validateOutput(files, { requireCrds: false }).problems).toEqual([]);
    expect(validateOutput(files, { requireCrds: true }).problems.map((p) => p.category)).toEqual(['schema']);
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'no-crds-'));
    const saved = process.env.CRD_DIR;
    process.env.CRD_DIR = path.join(dist, 'none');
    try {
      const lines = synth({ clusters: ['lacave'], outDir: dist });
      expect(lines.some((l) => /^lacave: \d+ objects in \d+ files valid \(schemas: kubernetes-models@[\d.]+ \+ CRDs/.test(l))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.CRD_DIR;
      else process.env.CRD_DIR = saved;
    }
  });

  test('duplicate object', () => {
    expect(problemsOf([service, service])).toEqual(['manifests/50-test.yaml: Service apps/web: [reference] duplicate object: also in manifests/50-test.yaml (document 1)']);
  });

  test('Certificate with a missing issuer, Ingress annotation naming a missing ClusterIssuer', () => {
    const cert = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta('web-tls', 'apps'), spec: { secretName: 'web-tls', dnsNames: ['web.example.org'], issuerRef: { name: 'nope', kind: 'ClusterIssuer', group: 'cert-manager.io' } } };
    const ing = ingress('web', { number: 80 });
    (ing.metadata as any).annotations = { 'cert-manager.io/issuer': 'local' };
    const lines = validateOutput([{ path: 'manifests/50-test.yaml', content: toYamlStream([cert, service, ing]) }], { model, crds: loadCrds([sharedPath('crds')].filter((p): p is string => p !== undefined)) })
      .problems.filter((p) => p.category === 'reference')
      .map((p) => formatProblem(p));
    expect(lines).toEqual([
      'manifests/50-test.yaml: Certificate apps/web-tls: [reference] issuerRef → ClusterIssuer nope: no such ClusterIssuer in the manifests',
      'manifests/50-test.yaml: Ingress apps/web: [reference] annotation cert-manager.io/issuer → Issuer apps/local: no such Issuer in the manifests',
    ]);
  });

  test('Ingress to a missing Service, and to a missing port', () => {
    expect(problemsOf([service, ingress('webb', { number: 80 })])).toEqual(['manifests/50-test.yaml: Ingress apps/web: [reference] backend → Service apps/webb: not produced by the manifests nor by an operator']);
    expect(problemsOf([service, ingress('web', { number: 8080 })])).toEqual(['manifests/50-test.yaml: Ingress apps/web: [reference] backend → Service apps/web port 8080: the Service has no such port (has 80, http)']);
  });

  test('PVC with an unknown StorageClass; local-path (Kubespray) and a produced class are fine', () => {
    const pvc = (name: string, storageClassName: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta(name, 'apps'), spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: meta('fast'), provisioner: 'example.org/fast' };
    expect(problemsOf([sc, pvc('a', 'fast'), pvc('b', 'local-path'), pvc('c', 'rook-ceph-blok')])).toEqual([
      'manifests/50-test.yaml: PersistentVolumeClaim apps/c: [reference] storageClassName → StorageClass rook-ceph-blok: not produced by the manifests nor declared external (known: fast, local-path)',
    ]);
  });

  test('secretKeyRef / envFrom / volume to an undeclared Secret; declared external and operator-produced ones are fine', () => {
    const d = deployment('web', {
      env: [
        { name: 'A', valueFrom: { secretKeyRef: { name: 'missing-secret', key: 'password' } } },
        { name: 'B', valueFrom: { secretKeyRef: { name: 'keycloak-admin', key: 'password' } } }, // model.externalSecrets
        { name: 'C', valueFrom: { secretKeyRef: { name: 'db-pguser-db', key: 'uri' } } }, // PGO writes it
        { name: 'D', valueFrom: { secretKeyRef: { name: 'maybe', key: 'x', optional: true } } },
      ],
      envFrom: [{ secretRef: { name: 'env-secret' } }],
    });
    (d.spec.template.spec as any).volumes = [{ name: 'tls', secret: { secretName: 'web-tls' } }];
    const pg = { apiVersion: 'postgres-operator.crunchydata.com/v1beta1', kind: 'PostgresCluster', metadata: meta('db', 'apps'), spec: {} };
    const refs = validateOutput([{ path: 'manifests/50-test.yaml', content: toYamlStream([d, pg]) }], { model }).problems.filter((p) => p.category === 'reference');
    expect(refs.map((p) => formatProblem(p))).toEqual([
      'manifests/50-test.yaml: Deployment apps/web: [reference] secretKeyRef missing-secret/password → Secret apps/missing-secret: not produced by the manifests nor by an operator, and not declared external in the spec',
      'manifests/50-test.yaml: Deployment apps/web: [reference] secretRef → Secret apps/env-secret: not produced by the manifests nor by an operator, and not declared external in the spec',
      'manifests/50-test.yaml: Deployment apps/web: [reference] secret volume → Secret apps/web-tls: not produced by the manifests nor by an operator, and not declared external in the spec',
    ]);
  });

  test('RoleBinding to a missing Role and ClusterRole; built-in ClusterRoles are fine', () => {
    const rb = (name: string, kind: string, role: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(name, 'apps'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team' }],
    });
    expect(problemsOf([rb('a', 'ClusterRole', 'edit'), rb('b', 'Role', 'reader'), rb('c', 'ClusterRole', 'superuser')])).toEqual([
      'manifests/50-test.yaml: RoleBinding apps/b: [reference] roleRef → Role apps/reader: no such Role in the manifests nor built in',
      'manifests/50-test.yaml: RoleBinding apps/c: [reference] roleRef → ClusterRole superuser: no such ClusterRole in the manifests nor built in',
    ]);
  });

  test('image with latest or without tag; digests and tags are fine', () => {
    expect(problemsOf([deployment('a', { image: 'nginx:latest' }), deployment('b', { image: 'registry:5000/team/app' }), deployment('c', { image: 'registry:5000/app@sha256:abcd' })])).toEqual([
      'manifests/50-test.yaml: Deployment apps/a: [policy] spec.template.spec.containers[0] (a): image nginx:latest uses the tag latest: pin a version',
      'manifests/50-test.yaml: Deployment apps/b: [policy] spec.template.spec.containers[0] (b): image registry:5000/team/app has no tag (means latest): pin a version',
    ]);
  });

  test('container without limits', () => {
    expect(problemsOf([deployment('web', { resources: { requests: { cpu: '100m', memory: '64Mi' } } })])).toEqual([
      'manifests/50-test.yaml: Deployment apps/web: [policy] spec.template.spec.containers[0] (web): no limits.cpu, limits.memory: every container we author states its requests and limits',
    ]);
  });

  test('Secret with plaintext data; a token Secret without data is fine', () => {
    const token = { apiVersion: 'v1', kind: 'Secret', metadata: { ...meta('t', 'apps'), annotations: { 'kubernetes.io/service-account.name': 'x' } }, type: 'kubernetes.io/service-account-token' };
    expect(problemsOf([token, { apiVersion: 'v1', kind: 'Secret', metadata: meta('s', 'apps'), stringData: { password: 'hunter2' } }])).toEqual([
      'manifests/50-test.yaml: Secret apps/s: [policy] plaintext secret: data/stringData has values (password); reference an existing Secret (spec: { secretName, key }) or let an operator create it',
    ]);
  });

  test('kustomize inputs, Helm values and the inventory are not objects to validate', () => {
    const patch = toYamlStream([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('rook-ceph-operator', 'rook-ceph'), spec: { replicas: 2 } }]);
    expect(problemsOf([], [
      { path: 'operators/kustomization.yaml', content: toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', patches: [{ path: 'operator-patch.yaml' }] }) },
      { path: 'operators/operator-patch.yaml', content: patch },
      { path: 'helm/x.values.yaml', content: toYaml({ apiVersion: 'v1', kind: 'Whatever' }) },
      { path: 'kubeconfig-oidc.yaml', content: toYaml({ apiVersion: 'v1', kind: 'Config', users: [] }) },
    ])).toEqual([]);
  });

  test('a YAML syntax error names the file and document', () => {
    expect(validateOutput([{ path: 'manifests/bad.yaml', content: 'a: [1,\n' }]).problems.map((p) => formatProblem(p))[0]).toMatch(/^manifests\/bad\.yaml: \[yaml\] document 1: YAML error: /);
  });
});

describe('CRDs from --crds', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'validate-test-'));

  test('reads a kubectl List, multi-document files and folders', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'list.yaml'), toYaml({ apiVersion: 'v1', kind: 'List', items: [WIDGET_CRD] }));
    const other = { ...WIDGET_CRD, metadata: { name: 'gadgets.example.org' }, spec: { ...WIDGET_CRD.spec, names: { ...WIDGET_CRD.spec.names, kind: 'Gadget', plural: 'gadgets' }, scope: 'Cluster' } };
    fs.writeFileSync(path.join(dir, 'multi.yml'), toYamlStream([other, { apiVersion: 'v1', kind: 'ConfigMap' }]));
    const kinds = loadCrds([dir]);
    expect([...kinds.keys()].sort()).toEqual(['example.org/Gadget', 'example.org/Widget']);
    expect(kinds.get('example.org/Gadget')?.namespaced).toBe(false);
    expect(loadCrds([path.join(dir, 'list.yaml')]).size).toBe(1);
    expect(() => loadCrds([path.join(dir, 'nope')])).toThrow(/--crds .*nope: no such file or folder/);
  });

  test('the pinned CRDs make a cert-manager Certificate strict', () => {
    const sharedCrds = requireShared('crds');
    if (!sharedCrds) return;
    const cert = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta('c', 'apps'), spec: { secretName: 'c', dnsName: ['x'], issuerRef: { name: 'ca', kind: 'ClusterIssuer' } } };
    const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: meta('ca'), spec: { selfSigned: {} } };
    const lines = validateOutput([{ path: 'manifests/10.yaml', content: toYamlStream([issuer, cert]) }], { crds: loadCrds([sharedCrds]) }).problems.map((p) => formatProblem(p));
    expect(lines).toEqual(['manifests/10.yaml: Certificate apps/c: [schema] unknown field "spec.dnsName"']);
  });
});

describe('every pinned CRD schema compiles', () => {
  test('an object of each served kind/version is validated without a compile problem', () => {
    const sharedCrds = requireShared('crds');
    if (!sharedCrds) return;
    const crds = loadCrds([sharedCrds]);
    const objects = [...crds.values()].flatMap((k) => [...k.versions.keys()].map((v) => ({ apiVersion: `${k.group}/${v}`, kind: k.kind, metadata: meta('x', 'ns'), spec: {} })));
    expect(objects.length).toBeGreaterThan(30);
    const messages = validateOutput([{ path: 'manifests/all.yaml', content: toYamlStream(objects) }], { crds }).problems.map((p) => p.message);
    expect(messages.filter((m) => /compile|no schema|not a served/.test(m))).toEqual([]);
    expect(messages).toContain('spec: missing required field "issuerRef"'); // the schemas do check
  });

  test('RE2 patterns: POSIX classes are translated', () => {
    expect(re2Pattern('^[[:print:]]+$', 'u').test('abc def')).toBe(true);
    expect(re2Pattern('^[[:print:]]+$', 'u').test('tab\there')).toBe(false);
    expect(re2Pattern('^[[:alnum:]-]+$', 'u').test('a-1')).toBe(true);
  });
});

describe('npm run validate', () => {
  test('parses its arguments', () => {
    expect(parseValidateArgs(['--crds', 'a', '--crds=b', '--cluster', 'lacave', '--dist', 'out'])).toEqual({ clusters: ['lacave'], distDir: 'out', crdPaths: ['a', 'b'] });
    expect(() => parseValidateArgs(['--bogus'])).toThrow(/unknown argument --bogus; usage: validate/);
  });

  test('prints one line per problem and a summary, and fails on any problem', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-cli-'));
    const dir = path.join(dist, 'lacave', 'manifests');
    fs.mkdirSync(dir, { recursive: true });
    const rendered = renderCluster(model);
    const manifests = rendered.files.filter((x) => x.path.startsWith('manifests/'));
    for (const f of manifests) fs.writeFileSync(path.join(dist, 'lacave', f.path), f.content);
    const good = runValidate({ clusters: [], distDir: dist, crdPaths: [] });
    expect(good.ok).toBe(true);
    expect(good.lines[good.lines.length - 1]).toMatch(/^lacave: \d+ objects in \d+ files valid/);
    fs.writeFileSync(path.join(dir, '99-bad.yaml'), toYamlStream([deployment('web', { image: 'nginx' })]));
    const bad = runValidate({ clusters: ['lacave'], distDir: dist, crdPaths: [] });
    expect(bad.ok).toBe(false);
    expect(bad.lines).toEqual([
      `${path.join(dist, 'lacave')}/manifests/99-bad.yaml: Deployment apps/web: [policy] spec.template.spec.containers[0] (web): image nginx has no tag (means latest): pin a version`,
      `lacave: 1 problem (1 policy) in ${rendered.objects + 1} objects of ${manifests.length + 1} files`,
    ]);
  });
});
