/**
 * The reserved-namespace list (clusters/model/reserved-namespaces.ts) cannot go stale: every
 * namespace a full output names — objects, Namespace objects, kustomizations, Helm and kubectl
 * command lines, inventory `*_namespace` variables — must be in it. A component that starts using
 * a new namespace fails here until the namespace is reserved (so no tenant can take it).
 */
import { parseAllDocuments } from 'yaml';
import { validateSpec } from '../../clusters/model';
import { platformNamespaces } from '../../clusters/model/namespaces';
import { PLATFORM_NAMESPACES, reservedNamespaceReason } from '../../clusters/model/reserved-namespaces';
import { renderCluster } from '../../synth/render';
import { lacaveWith } from '../helpers/specs';

/** Every namespace named anywhere in the output of `spec`. */
function namespacesOf(spec: unknown): Map<string, string> {
  const found = new Map<string, string>();
  const note = (ns: unknown, where: string) => {
    if (typeof ns === 'string' && /^[a-z0-9-]+$/.test(ns) && !found.has(ns)) found.set(ns, where);
  };
  const walk = (v: unknown, where: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, where));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, any>;
      if (o.kind === 'Namespace') note(o.metadata?.name, where);
      for (const [k, x] of Object.entries(o)) {
        if ((k === 'namespace' || k.endsWith('_namespace')) && typeof x === 'string') note(x, `${where} (${k})`);
        else if (k === 'namespaces' && Array.isArray(x)) x.forEach((n) => note(n, `${where} (namespaces)`));
        else walk(x, where);
      }
    }
  };
  for (const f of renderCluster(validateSpec(spec)).files) {
    if (/\.(ya?ml)$/.test(f.path)) for (const d of parseAllDocuments(f.content)) walk(d.toJS(), f.path);
    else if (f.path.endsWith('.json')) walk(JSON.parse(f.content), f.path);
    else for (const m of f.content.matchAll(/(?:--namespace[ =]|\s-n\s+)"?([a-z0-9-]+)"?/g)) note(m[1], f.path);
  }
  return found;
}

const withoutTenants = (mutate: (s: any) => void = () => undefined) => lacaveWith((s) => ((s.tenants = []), mutate(s)));

describe('every namespace the platform uses is reserved for it', () => {
  test.each([
    ['lacave, every component, Kubespray v2.31', withoutTenants()],
    ['Kubespray v2.14 (its own ingress-nginx and dashboard)', withoutTenants((s) => ((s.kubespray.release = 'v2.14'), (s.kubernetesVersion = '1.19.3')))],
    ['without Rook-Ceph', withoutTenants((s) => (s.components.rookCeph = { enabled: false }))],
  ])('%s', (_name, spec) => {
    const used = namespacesOf(spec);
    expect(used.size).toBeGreaterThan(4); // the walk does find them (components come and go: keep this a floor)
    // `default` is Kubernetes' own namespace and stays open to tenants (lacave has one there).
    const unreserved = [...used].filter(([ns]) => ns !== 'default' && !reservedNamespaceReason(ns)).map(([ns, where]) => `${ns} (in ${where})`);
    expect(unreserved).toEqual([]);
  });

  test('a tenant namespace is found by the same walk (the walk can fail)', () => {
    const used = namespacesOf(lacaveWith((s) => (s.tenants = [{ name: 'team-a' }])));
    expect(used.has('team-a')).toBe(true);
    expect(reservedNamespaceReason('team-a')).toBeUndefined();
  });

  test('every namespace of the model (model.names.namespaces) is reserved', () => {
    const unreserved = Object.entries(platformNamespaces).filter(([, ns]) => !reservedNamespaceReason(ns));
    expect(unreserved).toEqual([]);
  });

  test('the list names no tenant-looking namespace by mistake', () => {
    expect(PLATFORM_NAMESPACES.default).toBeUndefined();
  });
});
