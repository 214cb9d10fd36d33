/**
 * Removal by ownership. `kubectl apply` never deletes: a component switched off, a removed tenant
 * or a replaced component would stay. The deploy lists, for an allow-list of kinds, the objects
 * that carry the project's ownership labels and no owner reference (an operator's child is its
 * owner's business), compares them with what the output holds (read back from the cluster with
 * `kubectl get -f/-k` after the apply), and removes the difference — after printing it through
 * a server-side dry-run, and only with an explicit flag (`-e prune=true`, `PRUNE=yes`).
 *
 * Objects an earlier version of the project applied without those labels (an upstream bundle
 * since retired: ingress-nginx, jaeger-operator, the old dashboard) are removed by the explicit
 * retired-release step: `kubectl delete -f <the bundle at its last pinned version>`, with the same
 * preview and its own flag.
 */
import type { ClusterModel } from '../clusters/model';
import { MANAGED_BY, OPERATORS_OWNER_LABEL } from '../charts/lib/component-chart';
import { groupOf, type ManifestObject } from '../output/manifest-objects';
import { crdName, isBuiltInGroup } from './kinds';

export { OPERATORS_OWNER_LABEL };

/** Label selectors of the objects the project owns in a cluster: its charts' labels, and the operators' label. */
export function ownerSelectors(model: ClusterModel): string[] {
  return [`app.kubernetes.io/managed-by=${MANAGED_BY},app.kubernetes.io/part-of=${model.name}`, `${OPERATORS_OWNER_LABEL}=${model.name}`];
}

/**
 * Built-in kinds the prune lists, in deletion order: workloads and namespaced objects first,
 * cluster-wide ones after, CRDs then Namespaces last. Secrets are not listed: the project never
 * writes one (the admin does). PersistentVolumeClaims and Namespaces hold data: they are listed,
 * previewed like the others, and removed only with the flag.
 */
export const BUILT_IN_PRUNE_RESOURCES = [
  'cronjobs.batch',
  'jobs.batch',
  'deployments.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'horizontalpodautoscalers.autoscaling',
  'poddisruptionbudgets.policy',
  'services',
  'ingresses.networking.k8s.io',
  'networkpolicies.networking.k8s.io',
  'configmaps',
  'serviceaccounts',
  'rolebindings.rbac.authorization.k8s.io',
  'roles.rbac.authorization.k8s.io',
  'resourcequotas',
  'limitranges',
  'persistentvolumeclaims',
  'clusterrolebindings.rbac.authorization.k8s.io',
  'clusterroles.rbac.authorization.k8s.io',
  'validatingwebhookconfigurations.admissionregistration.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'ingressclasses.networking.k8s.io',
  'priorityclasses.scheduling.k8s.io',
  'storageclasses.storage.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
  'namespaces',
] as const;

/**
 * The resources to list: every custom kind of the output first (custom resources go before the
 * operators and CRDs that serve them), then the built-in allow-list, with any other built-in kind
 * of the output before the cluster-wide ones.
 */
export function pruneResources(objects: readonly ManifestObject[]): string[] {
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
  const custom = new Set<string>();
  const builtIn = new Set<string>();
  for (const o of objects) {
    const group = groupOf(o.apiVersion);
    if (o.kind === 'Secret') continue;
    if (isBuiltInGroup(group)) {
      const plural = crdName(group || 'core', o.kind).replace(/\.core$/, '');
      builtIn.add(plural);
    } else custom.add(crdName(group, o.kind, crds));
  }
  const known = new Set<string>(BUILT_IN_PRUNE_RESOURCES);
  const extra = [...builtIn].filter((r) => !known.has(r)).sort();
  const firstClusterWide = BUILT_IN_PRUNE_RESOURCES.indexOf('clusterrolebindings.rbac.authorization.k8s.io');
  return [...[...custom].sort(), ...BUILT_IN_PRUNE_RESOURCES.slice(0, firstClusterWide), ...extra, ...BUILT_IN_PRUNE_RESOURCES.slice(firstClusterWide)];
}

/** Where the deploy reads back what the output holds: the manifest files and the kustomizations. */
export type DesiredSource = { readonly files: readonly string[] } | { readonly kustomize: string };

/** An upstream release an earlier version of the project applied, now retired from the output. */
export interface RetiredRelease {
  readonly name: string;
  /** The last version the project pinned. */
  readonly version: string;
  /** Its manifests at that version (what `kubectl delete -f` removes, by name). */
  readonly resources: readonly string[];
  /** Why it is retired and what replaces it. */
  readonly reason: string;
  /**
   * Start of the URLs of its manifests: an operator release of the output whose resources start
   * with it still installs it. (The Kubespray add-ons that once installed ingress-nginx and the
   * dashboard cannot: the inventory always writes `ingress_nginx_enabled: false` and
   * `dashboard_enabled: false`, and a spec cannot override a derived variable.)
   */
  readonly urlPrefix: string;
}

/**
 * Every release the project ever installed and may retire. A release is retired for a cluster
 * when nothing in its output still installs it.
 */
export const RETIRED_RELEASE_CANDIDATES: readonly RetiredRelease[] = [
  retired('ingress-nginx', 'v1.15.1', (v) => [`https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-${v}/deploy/static/provider/baremetal/deploy.yaml`], {
    reason: 'retired upstream (March 2026); replaced by the Gateway API controller. Until removed it holds ports 80/443 on the ingress nodes',
    urlPrefix: 'https://raw.githubusercontent.com/kubernetes/ingress-nginx/',
  }),
  retired('kubernetes-dashboard', 'v2.7.0', (v) => [`https://raw.githubusercontent.com/kubernetes/dashboard/${v}/aio/deploy/recommended.yaml`], {
    reason: 'archived upstream (January 2026); replaced by Headlamp',
    urlPrefix: 'https://raw.githubusercontent.com/kubernetes/dashboard/',
  }),
  retired('jaeger-operator', 'v1.65.0', (v) => [`https://github.com/jaegertracing/jaeger-operator/releases/download/${v}/jaeger-operator.yaml`], {
    reason: 'Jaeger v1 and its operator are end of life; Jaeger v2 replaces them (deleting its CRD deletes the Jaeger resources)',
    urlPrefix: 'https://github.com/jaegertracing/jaeger-operator/',
  }),
];

/**
 * One retired release: the last version the project pinned is history, frozen here (not a pin the
 * versions module bumps), and its manifests' URLs are built from it.
 */
function retired(name: string, version: string, urls: (version: string) => string[], rest: Pick<RetiredRelease, 'reason' | 'urlPrefix'>): RetiredRelease {
  return { name, version, resources: urls(version), ...rest };
}

/** The candidates none of the output's operator releases installs any more (`operatorResources`: their manifests' URLs). */
export function retiredReleases(operatorResources: readonly string[]): RetiredRelease[] {
  return RETIRED_RELEASE_CANDIDATES.filter((r) => !operatorResources.some((url) => url.startsWith(r.urlPrefix)));
}
