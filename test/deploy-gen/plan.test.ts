import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { validateSpec } from '../../clusters/model';
import { renderDeploy } from '../../deploy-gen';
import { crdName, planDeploy } from '../../deploy-gen/plan';
import { RETIRED_RELEASE_CANDIDATES, retiredReleases } from '../../deploy-gen/prune';
import { operatorReleases, operatorStages } from '../../charts/operators';
import type { HelmRelease } from '../../charts/lib/helm-release';
import { platformHelmReleases } from '../../charts';
import { requirePresent, requireTool } from '../helpers/require-tool';
import { requireShared } from '../helpers/shared';
import { shellQuote } from '../../output/shell';
import { renderCluster, renderPlatform } from '../../synth/render';
import { manifestFile, type RenderedPlatform } from '../../output/manifest-objects';
import { toYaml, toYamlStream } from '../../output/serialize';
import { loadCrds } from '../../synth/validate/schemas';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const model = validateSpec(lacaveSpec(), 'clusters/lacave.ts');

/** ansible-doc of kubernetes.core.k8s runs only where the collection is installed (Debian `ansible`). */
const haveKubernetesCore = () => requirePresent('the kubernetes.core collection (Debian package ansible)', spawnSync('ansible-doc', ['kubernetes.core.k8s']).status === 0);

const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.org' }, spec: { group: 'example.org', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [] } };
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'widget-operator', namespace: 'widgets' }, spec: {} };
const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'ca-lacave-issuer' }, spec: {} };
/** The Certificate of a published host, and the route that publishes it: what makes Grafana a console. */
const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'w-tls', namespace: 'widgets' }, spec: { dnsNames: ['grafana.kube.lacave.info'] } };
const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'grafana', namespace: 'widgets' }, spec: { hostnames: ['grafana.kube.lacave.info'] } };
const elasticsearch = { apiVersion: 'elasticsearch.k8s.elastic.co/v1', kind: 'Elasticsearch', metadata: { name: 'es', namespace: 'logging' }, spec: {} };
const widget = { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'widgets' }, spec: {} };

const HELM: HelmRelease[] = [
  {
    name: 'kube-prometheus-stack',
    namespace: 'monitoring',
    repository: 'prometheus-community',
    repositoryUrl: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: '1.2.3',
    values: { grafana: { enabled: true } },
    valuesFile: 'kube-prometheus-stack.values.yaml',
  },
];

/** The documents of each manifest file: CRDs/operators/custom resources. */
const manifestDocs: Record<string, object[]> = {
  'manifests/10-cert-manager.yaml': [issuer],
  'manifests/20-widgets.yaml': [crd, deployment, certificate, route],
  'manifests/30-widget-instances.yaml': [widget, elasticsearch],
};

/** An output with every kind of step: operators kustomization, manifests with CRDs/operators/custom resources, Helm values. */
const files = [
  { path: 'operators/kustomization.yaml', content: toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['https://example.org/operator.yaml'] }) },
  { path: 'operators/cert-manager/kustomization.yaml', content: toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['https://example.org/cert-manager.yaml'] }) },
  ...Object.entries(manifestDocs).map(([p, docs]) => ({ path: p, content: toYamlStream(docs) })),
  { path: 'helm/kube-prometheus-stack.values.yaml', content: toYaml({ grafana: { enabled: true } }) },
  { path: 'inventory/inventory.ini', content: '[all]\n' },
];

/** The same output as the pipeline hands it to the deploy plan: the manifests' objects in memory, the other files by path. */
const platform: RenderedPlatform = { manifests: Object.entries(manifestDocs).map(([p, docs]) => manifestFile(p, docs)), files };

function writeOut(out: ReturnType<typeof renderDeploy>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-test-'));
  for (const f of out) fs.writeFileSync(path.join(dir, f.path), f.content, { mode: f.mode ?? 0o644 });
  return dir;
}

describe('deploy plan', () => {
  test('operators first, then manifests in name order with their CRD and condition waits, then Helm, then the consoles', () => {
    const steps = planDeploy(model, platform, HELM);
    expect(steps.map((s) => s.type)).toEqual(['secrets', 'immutable', 'kustomize', 'kustomize', 'manifest', 'manifest', 'manifest', 'helm', 'prune', 'retired', 'consoles']);
    steps.splice(0, 2);
    // a kustomization in a sub-folder is a stage its parent needs: cert-manager before the other operators
    expect(steps.slice(0, 2)).toEqual([
      { type: 'kustomize', dir: 'operators/cert-manager' },
      { type: 'kustomize', dir: 'operators' },
    ]);
    steps.splice(0, 1);
    expect(steps[1]).toEqual({ type: 'manifest', file: 'manifests/10-cert-manager.yaml', needsCrds: ['clusterissuers.cert-manager.io'], waits: [{ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', name: 'ca-lacave-issuer', condition: 'Ready' }] });
    expect(steps[2]).toMatchObject({
      // the Gateway API is a CRD group despite its k8s.io name
      needsCrds: ['certificates.cert-manager.io', 'httproutes.gateway.networking.k8s.io'],
      waits: [
        { kind: 'CustomResourceDefinition', name: 'widgets.example.org', condition: 'Established' },
        { kind: 'Deployment', name: 'widget-operator', namespace: 'widgets', condition: 'Available' },
        { kind: 'Certificate', name: 'w-tls', namespace: 'widgets', condition: 'Ready' },
      ],
    });
    // the Widget CRD comes from the output (its real plural), Elasticsearch's from the naming rule
    expect(steps[3]).toMatchObject({ needsCrds: ['elasticsearches.elasticsearch.k8s.elastic.co', 'widgets.example.org'], waits: [] });
  });

  test('the CRD naming rule gives the real name of every pinned CRD', () => {
    const sharedCrds = requireShared('crds');
    if (!sharedCrds) return;
    const kinds = [...loadCrds([sharedCrds]).values()];
    expect(kinds.length).toBeGreaterThan(20);
    for (const k of kinds) expect(crdName(k.group, k.kind)).toBe(`${k.plural}.${k.group}`);
  });

  test('a Helm release whose values file is not in the output is refused', () => {
    expect(() => planDeploy(model, { manifests: [], files: [] }, HELM)).toThrow('Helm release kube-prometheus-stack: its values file helm/kube-prometheus-stack.values.yaml is not in the output');
  });

  test('the Helm releases of the platform are installed in order, with their pinned versions', () => {
    const steps = renderCluster(model).files.find((f) => f.path === 'deploy.yml')!.content;
    for (const r of platformHelmReleases(model)) expect(steps).toContain(`chart_version: ${r.version}`);
    expect(platformHelmReleases(model).map((r) => r.chart)).toEqual(['kube-prometheus-stack']);
  });

  test('consoles are the published hosts of the enabled components', () => {
    const consoles = (spec: unknown) => {
      const m = validateSpec(spec, 'x.ts');
      return (planDeploy(m, renderPlatform(m)).at(-1) as any).urls.map((u: any) => u.url);
    };
    const lacave = consoles(lacaveSpec());
    expect(lacave).toContain('https://login.kube.lacave.info/');
    expect(lacave).toContain('https://grafana.kube.lacave.info/');
    // Only Grafana of kube-prometheus-stack is published: no route answers for these.
    expect(lacave).not.toContain('https://prometheus.kube.lacave.info/');
    expect(lacave).not.toContain('https://alertmanager.kube.lacave.info/');
    const noMonitoring = consoles(lacaveWith((s) => (s.components.monitoring = { enabled: false })));
    expect(noMonitoring).toContain('https://login.kube.lacave.info/');
    expect(noMonitoring).not.toContain('https://grafana.kube.lacave.info/');
  });
});

describe('operator stages', () => {
  test.each([
    ['lacave', lacaveSpec()],
    ['cert-manager off', lacaveWith((s) => (s.components.certManager = { enabled: false, existingClusterIssuer: 'corporate-ca' }))],
    ['every component off', lacaveWith((s) => { for (const c of ['certManager', 'rookCeph', 'nexus', 'registry', 'dashboard', 'keycloak', 'logging', 'tracing', 'monitoring', 'graylog']) s.components[c] = { enabled: false }; s.components.certManager.existingClusterIssuer = 'corporate-ca'; })],
  ])('%s: the stages the plan applies are the kustomization folders of operators/ in the output, cert-manager first', (_name, spec) => {
    const model = validateSpec(spec);
    const folders = renderCluster(model).files.map((f) => /^(operators(?:\/.*)?)\/kustomization\.yaml$/.exec(f.path)?.[1]).filter((d): d is string => d !== undefined);
    expect(operatorStages(model)).toEqual([...folders].sort((a, b) => b.length - a.length));
    expect(planDeploy(model, renderPlatform(model)).filter((st) => st.type === 'kustomize').map((st) => (st as { dir: string }).dir)).toEqual(operatorStages(model));
  });
});

describe('retired releases', () => {
  test('each is retired while no operator release of the output installs it, and kept when one does', () => {
    const names = (urls: string[]) => retiredReleases(urls).map((r) => r.name);
    const installed = operatorReleases(validateSpec(lacaveSpec())).flatMap((r) => r.resources);
    expect(names(installed)).toEqual(['ingress-nginx', 'kubernetes-dashboard', 'jaeger-operator']);
    for (const r of RETIRED_RELEASE_CANDIDATES) {
      // Its own manifests start with the prefix the check looks for.
      for (const url of r.resources) expect([r.name, url.startsWith(r.urlPrefix)]).toEqual([r.name, true]);
      // An output that installs it again (any version) keeps it.
      expect(names([...installed, `${r.urlPrefix}some/other/version.yaml`])).not.toContain(r.name);
    }
  });
});

describe('deploy.yml', () => {
  test('uses kubernetes.core modules with conditions, no pause', () => {
    const playbook = parse(renderDeploy(model, planDeploy(model, platform, HELM))[0].content);
    const tasks = playbook[0].tasks as any[];
    const modules = tasks.map((t) => Object.keys(t).find((k) => k.includes('.')));
    expect(new Set(modules)).toEqual(new Set(['ansible.builtin.command', 'kubernetes.core.k8s', 'kubernetes.core.k8s_info', 'kubernetes.core.helm', 'ansible.builtin.debug']));
    expect(JSON.stringify(tasks)).not.toMatch(/pause|sleep/);
    const crdWait = tasks.find((t) => t.name === 'Wait for the CRDs used by manifests/30-widget-instances.yaml');
    expect(crdWait['kubernetes.core.k8s_info'].wait_condition).toEqual({ type: 'Established', status: 'True' });
    expect(crdWait.loop.map((i: any) => i.name)).toEqual(['elasticsearches.elasticsearch.k8s.elastic.co', 'widgets.example.org']);
    expect(tasks.at(-1)['ansible.builtin.debug'].msg).toContain('Grafana: https://grafana.kube.lacave.info/');
  });

  /** `ansible-doc` of a module, asked once per module (a second each; the playbook has ~190 tasks of a few modules). */
  const docs = new Map<string, any>();
  const moduleDoc = (module: string) => {
    if (!docs.has(module)) docs.set(module, JSON.parse(spawnSync('ansible-doc', ['--json', module], { encoding: 'utf8' }).stdout)[module].doc);
    return docs.get(module);
  };

  test('passes ansible-playbook --syntax-check, and every module argument is an option of its module (ansible-doc)', () => {
    if (!haveKubernetesCore()) return;
    for (const out of [renderDeploy(model, planDeploy(model, platform, HELM)), renderCluster(model).files.filter((f) => f.path.startsWith('deploy.'))]) {
      const dir = writeOut(out);
      const r = spawnSync('ansible-playbook', ['--syntax-check', path.join(dir, 'deploy.yml')], { encoding: 'utf8', env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false' } });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      const tasks = parse(fs.readFileSync(path.join(dir, 'deploy.yml'), 'utf8'))[0].tasks as any[];
      for (const t of tasks) {
        const module = Object.keys(t).find((k) => k.includes('.'))!;
        const doc = moduleDoc(module);
        const names = new Set(Object.entries(doc.options as Record<string, { aliases?: string[] }>).flatMap(([k, o]) => [k, ...(o.aliases ?? [])]));
        const unknown = Object.keys(t[module]).filter((k) => !names.has(k));
        expect({ task: t.name, unknown }).toEqual({ task: t.name, unknown: [] });
      }
    }
  });

  test('the syntax check can fail', () => {
    if (!haveKubernetesCore()) return;
    const dir = writeOut([{ path: 'deploy.yml', content: toYaml([{ hosts: 'localhost', tasks: [{ name: 'x', 'kubernetes.core.no_such_module': {} }] }]) }]);
    expect(spawnSync('ansible-playbook', ['--syntax-check', path.join(dir, 'deploy.yml')]).status).not.toBe(0);
  });
});

describe('deploy.sh', () => {
  test('applies and waits with kubectl, installs with helm', () => {
    const sh = renderDeploy(model, planDeploy(model, platform, HELM))[1];
    expect(sh.mode).toBe(0o755);
    expect(sh.content).toContain('kubectl apply --server-side --force-conflicts --field-manager=kube-cluster-as-code -k "$DIST/operators"');
    expect(sh.content).toContain('wait_listed Deployment Available -k "$DIST/operators"');
    expect(sh.content).toContain('kubectl wait --for=condition=Established customresourcedefinition.apiextensions.k8s.io/certificates.cert-manager.io --timeout="${TIMEOUT}s"');
    expect(sh.content).toContain('kubectl wait --for=condition=Available -n widgets deployment.apps/widget-operator --timeout="${TIMEOUT}s"');
    expect(sh.content).toContain('helm upgrade --install kube-prometheus-stack kube-prometheus-stack --repo https://prometheus-community.github.io/helm-charts --version 1.2.3 --namespace monitoring --create-namespace --values "$DIST/helm/kube-prometheus-stack.values.yaml" --wait --timeout "${TIMEOUT}s"');
    // the only sleep is the poll interval of the CA bundle wait, inside its function
    expect(sh.content.match(/\bsleep\b.*/g)).toEqual(['sleep 5']);
    expect(sh.content.slice(sh.content.indexOf('\n}\n\nmissing_secrets=0'))).not.toMatch(/\bsleep\b/);
    // apply order: the kustomization, then the manifests in name order, then helm
    const order = ['-k "$DIST/operators"', 'manifests/10-cert-manager.yaml"', 'manifests/20-widgets.yaml"', 'manifests/30-widget-instances.yaml"', 'helm upgrade'].map((s) => sh.content.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('passes shellcheck (and shellcheck can fail)', () => {
    if (!requireTool('shellcheck', 'deploy.sh')) return;
    for (const out of [renderDeploy(model, planDeploy(model, platform, HELM)), renderCluster(model).files.filter((f) => f.path.startsWith('deploy.'))]) {
      const dir = writeOut(out);
      const r = spawnSync('shellcheck', [path.join(dir, 'deploy.sh')], { encoding: 'utf8' });
      expect({ status: r.status, out: r.stdout }).toEqual({ status: 0, out: '' });
      expect(spawnSync('bash', ['-n', path.join(dir, 'deploy.sh')]).status).toBe(0);
    }
    const bad = writeOut([{ path: 'deploy.sh', content: '#!/usr/bin/env bash\necho $1\n' }]);
    expect(spawnSync('shellcheck', [path.join(bad, 'deploy.sh')]).status).not.toBe(0);
  });

  test('shellQuote keeps odd names literal', () => {
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(spawnSync('bash', ['-c', `printf %s ${shellQuote("it's $HOME `x`")}`], { encoding: 'utf8' }).stdout).toBe("it's $HOME `x`");
  });
});
