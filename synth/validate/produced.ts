/**
 * Objects that exist in the cluster without being in our manifests, and so are valid targets
 * of a reference:
 * - objects an operator writes for a custom resource we produce (cert-manager writes a
 *   Certificate's Secret, ECK its `-es-http` Service…): `OPERATOR_OUTPUTS`, small and explicit,
 *   in `output/operator-outputs.ts` (the deploy plan reads it too);
 * - objects of the platform itself: built-in ClusterRoles, Kubespray's addons enabled by the
 *   model, StorageClasses and Secrets the spec declares external (`externalObjects`).
 */
import type { ClusterModel } from '../../clusters/model';
import type { NamedTarget, ServiceTarget } from '../../output/operator-outputs';

/** ClusterRoles every cluster has (user-facing roles and the `system:` ones). */
export const BUILT_IN_CLUSTER_ROLES = ['cluster-admin', 'admin', 'edit', 'view'];

/** Services installed outside `manifests/` that our objects may point to. */
function kubesprayServices(model: ClusterModel): ServiceTarget[] {
  const out: ServiceTarget[] = [];
  // Services of the Helm releases the routes point to, by the chart's naming rule (its
  // `fullname`): kube-prometheus-stack's grafana sub-chart `<release>-grafana` (port 80).
  if (model.components.monitoring.enabled) out.push({ namespace: model.names.namespaces.monitoring, name: model.names.monitoring.grafanaService, ports: [80, 'http-web'] });
  // Kubespray's registry addon (registry_enabled).
  if (model.components.registry.enabled) {
    const { namespace, name, port } = model.names.registryService;
    out.push({ namespace, name, ports: [port] });
  }
  return out;
}

/** Everything that exists besides our manifests, for this model. */
export interface ExternalObjects {
  readonly services: readonly ServiceTarget[];
  readonly secrets: readonly NamedTarget[];
  readonly storageClasses: readonly string[];
  /** ClusterIssuers the spec says exist (cert-manager installed outside the platform). */
  readonly clusterIssuers: readonly string[];
}

export function externalObjects(model: ClusterModel | undefined): ExternalObjects {
  if (!model) return { services: [], secrets: [], storageClasses: [], clusterIssuers: [] };
  return {
    services: kubesprayServices(model),
    // A KubernetesSecretRef has no namespace: the spec declares the name wherever it is used.
    secrets: model.externalSecrets.map((s) => ({ namespace: '*', name: s.secretName })),
    storageClasses: model.externalStorageClasses,
    clusterIssuers: model.externalClusterIssuers,
  };
}
