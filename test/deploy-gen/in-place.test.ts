/**
 * Apply in place on the live lacave cluster: our output against the objects the reference's
 * setup_cluster.yml and resources/ created, on the fields the API server refuses to update.
 * Every difference is one the deploy replaces explicitly (REPLACED_ON_LACAVE, documented in
 * docs/deploy.md with what happens to the data), and no volume holding data is dropped from a
 * workload. Skipped with a notice when ../shared is absent.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { render } from '../helpers/render';
import { requirePresent } from '../helpers/require-tool';
import { requireShared } from '../helpers/shared';
import { lacaveSpec } from '../helpers/specs';
import { immutableChecks, kubectlJson } from '../../deploy-gen/immutable';
import { readObjects } from '../../output/objects';

/**
 * The reference's objects, its Jinja templates rendered with the project name (identity fields
 * depend on nothing else), read with PyYAML as Ansible read them.
 */
const DUMP = `
import sys, os, json, yaml, jinja2
root = sys.argv[1]
env = jinja2.Environment(undefined=jinja2.ChainableUndefined)
out = []
for d, _, fs in sorted(os.walk(os.path.join(root, 'resources'))):
    for f in sorted(fs):
        if not f.endswith(('.yaml', '.yml', '.j2')): continue
        p = os.path.join(d, f)
        try:
            docs = list(yaml.safe_load_all(env.from_string(open(p).read()).render(project_name='lacave')))
        except Exception:
            continue
        for doc in docs:
            if isinstance(doc, dict) and 'apiVersion' in doc and 'kind' in doc and isinstance(doc.get('metadata'), dict):
                out.append({'file': os.path.relpath(p, root), 'object': doc})
print(json.dumps(out))
`;

/**
 * The objects of the live lacave cluster whose immutable fields our output changes, on purpose:
 * the deploy replaces them (REPLACE=yes / -e replace=true), docs/deploy.md says what happens.
 */
const REPLACED_ON_LACAVE = [
  // Keycloak 11 (WildFly, labels `app`) becomes Keycloak 26: pods are stateless (state in PostgreSQL).
  'StatefulSet keycloak-system/login-lacave spec.selector',
  'StatefulSet keycloak-system/login-lacave spec.serviceName',
  'StatefulSet keycloak-system/login-lacave spec.podManagementPolicy',
  // keycloak-gatekeeper (in front of the old dashboard) has no successor: Headlamp logs in with OIDC itself.
  // rook-ceph-block: Rook v1.20's parameters (ext4, expansion secrets, image features); existing
  // volumes keep theirs, only new volumes get the new ones.
  'StorageClass rook-ceph-block parameters',
].sort();

/**
 * Data volumes of live workloads the output no longer mounts, each said in the docs
 * (docs/stack-migration.md): the volume stays, `kubectl apply` does not delete it, the admin moves its data.
 */
const DROPPED_ON_LACAVE = ['Deployment nexus/nexus-deployment pvc:nexus3-local-claim'];

interface RefObject {
  file: string;
  object: { kind: string; metadata: { name: string; namespace?: string }; [k: string]: any };
}

function referenceObjects(): RefObject[] | undefined {
  const dir = requireShared('reference/kube-lacave');
  if (!dir) return undefined;
  const probe = spawnSync('python3', ['-c', 'import yaml, jinja2'], { encoding: 'utf8' });
  if (!requirePresent('python3 with yaml and jinja2 (Debian python3-yaml, python3-jinja2)', probe.status === 0)) return undefined;
  const r = spawnSync('python3', ['-c', DUMP, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

const lacave = render(lacaveSpec());
const { objects } = readObjects(lacave.output.filter((f) => f.path.startsWith('manifests/')));
const id = (kind: string, ns: string | undefined, name: string) => `${kind} ${ns ? `${ns}/` : ''}${name}`;

describe('apply in place on the live lacave cluster', () => {
  const reference = referenceObjects();

  test('the reference is read (the comparison below can fail)', () => {
    if (!reference) return;
    const kinds = new Set(reference.map((r) => r.object.kind));
    for (const k of ['StatefulSet', 'Deployment', 'StorageClass', 'RoleBinding', 'ClusterRoleBinding', 'PersistentVolumeClaim']) expect(kinds).toContain(k);
  });

  test('every immutable field our output changes on a live object is one the deploy replaces on purpose', () => {
    if (!reference) return;
    const checks = immutableChecks(objects);
    const differences = new Set<string>();
    let compared = 0;
    for (const { object: ref } of reference) {
      const refChecks = immutableChecks([{ file: 'ref', index: 0, apiVersion: ref.apiVersion, kind: ref.kind, name: ref.metadata.name, namespace: ref.metadata.namespace, body: ref }]);
      for (const rc of refChecks) {
        const ours = checks.find((c) => c.resource === rc.resource && c.name === rc.name && (c.namespace ?? '') === (rc.namespace ?? '') && c.field === rc.field);
        if (!ours) continue;
        compared++;
        if (ours.expected !== rc.expected) differences.add(`${id(ref.kind, ref.metadata.namespace, ref.metadata.name)} ${rc.field}`);
      }
    }
    expect(compared).toBeGreaterThan(10);
    expect([...differences].sort()).toEqual(REPLACED_ON_LACAVE);
    // a replaced object is never a PersistentVolumeClaim: those hold the data
    expect(REPLACED_ON_LACAVE.filter((d) => d.startsWith('PersistentVolumeClaim'))).toEqual([]);
  });

  test('PersistentVolumeClaims: same class and access modes, never smaller', () => {
    if (!reference) return;
    const bytes = (q: string) => {
      const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(q)!;
      const unit: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
      return Number(m[1]) * (m[2] ? unit[m[2]] : 1);
    };
    let compared = 0;
    for (const { object: ref } of reference.filter((r) => r.object.kind === 'PersistentVolumeClaim')) {
      const ours = objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.name === ref.metadata.name && o.namespace === ref.metadata.namespace);
      if (!ours) continue;
      compared++;
      expect(ours.body.spec.storageClassName).toBe(ref.spec.storageClassName);
      expect(kubectlJson(ours.body.spec.accessModes)).toBe(kubectlJson(ref.spec.accessModes));
      expect(bytes(ours.body.spec.resources.requests.storage)).toBeGreaterThanOrEqual(bytes(ref.spec.resources.requests.storage));
    }
    expect(compared).toBeGreaterThan(0);
  });

  test('no volume that holds data is dropped from a workload the live cluster runs', () => {
    if (!reference) return;
    const dataVolumes = (podSpec: any) =>
      (podSpec?.volumes ?? [])
        .filter((v: any) => v.persistentVolumeClaim || v.hostPath)
        .map((v: any) => (v.persistentVolumeClaim ? `pvc:${v.persistentVolumeClaim.claimName}` : `hostPath:${v.hostPath.path}`));
    let compared = 0;
    const dropped: string[] = [];
    for (const { object: ref } of reference.filter((r) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(r.object.kind))) {
      const ours = objects.find((o) => o.kind === ref.kind && o.name === ref.metadata.name && o.namespace === ref.metadata.namespace);
      if (!ours) continue;
      compared++;
      const kept = new Set(dataVolumes(ours.body.spec.template.spec));
      const ourTemplates = new Set((ours.body.spec.volumeClaimTemplates ?? []).map((t: any) => `claimTemplate:${t.metadata.name}`));
      const refVolumes = [...dataVolumes(ref.spec.template.spec), ...(ref.spec.volumeClaimTemplates ?? []).map((t: any) => `claimTemplate:${t.metadata.name}`)];
      for (const v of refVolumes) if (!kept.has(v) && !ourTemplates.has(v)) dropped.push(`${id(ref.kind, ref.metadata.namespace, ref.metadata.name)} ${v}`);
    }
    expect([...new Set(dropped)].sort()).toEqual(DROPPED_ON_LACAVE);
    const docs = [path.join(__dirname, '..', '..', 'README.md'), ...fs.readdirSync(path.join(__dirname, '..', '..', 'docs')).map((f) => path.join(__dirname, '..', '..', 'docs', f))]
      .filter((f) => f.endsWith('.md'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    for (const d of DROPPED_ON_LACAVE) expect({ drop: d, documented: docs.includes(d.split(':').at(-1)!) }).toEqual({ drop: d, documented: true });
    expect(compared).toBeGreaterThan(2);
  });
});

describe('immutable checks of the deploy', () => {
  test('every object with a field the API server will not update is checked, printed as kubectl prints it', () => {
    const checks = immutableChecks(objects);
    const sts = checks.filter((c) => c.resource === 'statefulset.apps' && c.name === 'login-lacave');
    expect(sts.map((c) => c.field)).toEqual(['spec.selector', 'spec.serviceName', 'spec.podManagementPolicy']);
    expect(sts[0].expected).toBe('{"matchLabels":{"app.kubernetes.io/instance":"login-lacave","app.kubernetes.io/name":"keycloak"}}');
    expect(checks.find((c) => c.resource === 'persistentvolumeclaim' && c.name === 'nexus3-ceph-claim')).toMatchObject({ field: 'spec.storageClassName', expected: 'rook-ceph-block', replaceable: false });
    expect(checks.find((c) => c.resource === 'storageclass.storage.k8s.io')).toMatchObject({ field: 'parameters', replaceable: true });
    expect(kubectlJson({ b: 1, a: { d: 2, c: [3] } })).toBe('{"a":{"c":[3],"d":2},"b":1}');
  });
});
