/** Which kinds are custom (served from a CRD) and the name of their CRD: what the plan waits for and the prune lists. */
import type { ManifestObject } from '../output/manifest-objects';

/**
 * CRD name (`<plural>.<group>`) of a custom kind: from a CRD of the output when there is one,
 * else the lower-case English plural that CRD generators use (Elasticsearch → elasticsearches).
 */
export function crdName(group: string, kind: string, crds: readonly ManifestObject[] = []): string {
  const crd = crds.find((c) => c.body.spec?.group === group && c.body.spec?.names?.kind === kind);
  if (crd?.body.spec?.names?.plural) return `${crd.body.spec.names.plural}.${group}`;
  const k = kind.toLowerCase();
  const plural = /(s|x|z|ch|sh)$/.test(k) ? `${k}es` : /[^aeiou]y$/.test(k) ? `${k.slice(0, -1)}ies` : `${k}s`;
  return `${plural}.${group}`;
}

/** Whether a group is served by Kubernetes itself (no CRD to wait for). */
export function isBuiltInGroup(group: string): boolean {
  // The Gateway API lives under k8s.io but is installed as CRDs (by Envoy Gateway's install.yaml).
  if (group === 'gateway.networking.k8s.io') return false;
  return group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'policy', 'autoscaling'].includes(group);
}
