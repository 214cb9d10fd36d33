/**
 * Fields the API server refuses to update. Applying an object whose such field differs from the
 * live one fails; the deploy compares them first, for every object of the output (the live
 * lacave cluster has objects made by hand with other selectors), and:
 * - for objects that hold no data themselves (workloads, StorageClasses, bindings), replaces the
 *   object explicitly — delete, then the apply recreates it — only with the flag (`-e replace=true`,
 *   `REPLACE=yes`), after saying which field differs;
 * - for PersistentVolumeClaims (the data), never: the deploy stops and says what to do.
 */
import { groupOf, type ManifestObject } from '../output/manifest-objects';

/** One immutable field of one object of the output, as `kubectl get -o jsonpath` prints it. */
export interface ImmutableCheck {
  /** `kind.group` resource (`statefulset.apps`), or the kind for the core group. */
  readonly resource: string;
  readonly namespace?: string;
  readonly name: string;
  /** Name of the field, for messages (`spec.selector`). */
  readonly field: string;
  /** `kubectl get -o jsonpath=…` expression of the field. */
  readonly jsonpath: string;
  /** What the output sets, printed as kubectl prints it (maps: compact JSON, keys sorted). */
  readonly expected: string;
  /** Whether the deploy may replace the object (it holds no data), or must stop. */
  readonly replaceable: boolean;
}

/** Compact JSON with keys sorted, as kubectl's jsonpath prints a map (Go's encoding/json). */
export function kubectlJson(v: unknown): string {
  if (typeof v === 'string') return v;
  const sort = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sort) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, y]) => [k, sort(y)])) : x;
  return JSON.stringify(sort(v));
}

/** The immutable fields per `group/kind`: field name, jsonpath, how to read it from our object. */
const IMMUTABLE: Readonly<Record<string, ReadonlyArray<{ field: string; jsonpath: string; read: (b: any) => unknown }>>> = {
  'apps/Deployment': [{ field: 'spec.selector', jsonpath: '{.spec.selector}', read: (b) => b.spec?.selector }],
  'apps/DaemonSet': [{ field: 'spec.selector', jsonpath: '{.spec.selector}', read: (b) => b.spec?.selector }],
  'apps/StatefulSet': [
    { field: 'spec.selector', jsonpath: '{.spec.selector}', read: (b) => b.spec?.selector },
    { field: 'spec.serviceName', jsonpath: '{.spec.serviceName}', read: (b) => b.spec?.serviceName },
    { field: 'spec.podManagementPolicy', jsonpath: '{.spec.podManagementPolicy}', read: (b) => b.spec?.podManagementPolicy ?? 'OrderedReady' },
    // The claims' names: the volumes they keep across a replacement (classes and sizes are the PVCs').
    { field: 'spec.volumeClaimTemplates names', jsonpath: '{.spec.volumeClaimTemplates[*].metadata.name}', read: (b) => (b.spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.name).join(' ') },
  ],
  'storage.k8s.io/StorageClass': [
    { field: 'parameters', jsonpath: '{.parameters}', read: (b) => b.parameters },
    { field: 'provisioner', jsonpath: '{.provisioner}', read: (b) => b.provisioner },
    { field: 'reclaimPolicy', jsonpath: '{.reclaimPolicy}', read: (b) => b.reclaimPolicy ?? 'Delete' },
    { field: 'volumeBindingMode', jsonpath: '{.volumeBindingMode}', read: (b) => b.volumeBindingMode ?? 'Immediate' },
  ],
  'rbac.authorization.k8s.io/RoleBinding': [{ field: 'roleRef', jsonpath: '{.roleRef}', read: (b) => b.roleRef }],
  'rbac.authorization.k8s.io/ClusterRoleBinding': [{ field: 'roleRef', jsonpath: '{.roleRef}', read: (b) => b.roleRef }],
  '/PersistentVolumeClaim': [
    { field: 'spec.storageClassName', jsonpath: '{.spec.storageClassName}', read: (b) => b.spec?.storageClassName },
    { field: 'spec.accessModes', jsonpath: '{.spec.accessModes}', read: (b) => b.spec?.accessModes },
  ],
};

/** Checks of every object of the output that has immutable fields (empty fields are left out). */
export function immutableChecks(objects: readonly ManifestObject[]): ImmutableCheck[] {
  const checks: ImmutableCheck[] = [];
  for (const o of objects) {
    const group = groupOf(o.apiVersion);
    const fields = IMMUTABLE[`${group}/${o.kind}`];
    if (!fields) continue;
    const resource = `${o.kind.toLowerCase()}${group ? `.${group}` : ''}`;
    for (const f of fields) {
      const value = f.read(o.body);
      if (value === undefined || value === '' || value === null) continue;
      checks.push({ resource, namespace: o.namespace, name: o.name, field: f.field, jsonpath: f.jsonpath, expected: kubectlJson(value), replaceable: o.kind !== 'PersistentVolumeClaim' });
    }
  }
  return checks;
}
