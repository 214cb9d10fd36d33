/**
 * Namespaces a tenant may not take: Kubernetes' own (`kube-*`) and every namespace the platform,
 * its operators' release manifests and Kubespray's addons use. A tenant there would put its
 * ResourceQuota, LimitRange and admin RoleBindings on a system component (a quota in `rook-ceph`
 * can stop Ceph's daemons from starting; `admin` in `cert-manager` can read the CA key).
 *
 * test/model/reserved-namespaces.test.ts renders full specs and checks that every namespace of the
 * output is listed here, so a new component cannot silently make this list stale.
 *
 * The platform's own namespaces are spelt once, in ./namespaces.ts; the others here are those of
 * upstream installs the project does not configure (Kubespray addons, retired components).
 */
import { platformNamespaces as ns } from './namespaces';

/** Kubernetes reserves the `kube-` prefix (kube-system, kube-public, kube-node-lease). */
export const RESERVED_NAMESPACE_PREFIX = 'kube-';

/** Namespaces of the platform, with who uses them. `default` is not reserved: tenants may use it. */
export const PLATFORM_NAMESPACES: Readonly<Record<string, string>> = {
  [ns.certManager]: 'cert-manager (operators/) and the cluster CA Secret',
  [ns.rookCeph]: 'Rook operator and the Ceph cluster',
  [ns.nexus]: 'Nexus Repository',
  [ns.keycloak]: 'Keycloak and its PostgreSQL cluster',
  [ns.postgresOperator]: 'Crunchy PGO (operators/)',
  [ns.elastic]: 'ECK operator, Elasticsearch, Kibana, Filebeat, APM, Jaeger',
  observability: "the retired jaeger-operator's namespace (live clusters still have it until the Jaeger v2 migration removes it)",
  [ns.monitoring]: 'kube-prometheus-stack and the platform ServiceMonitors',
  [ns.graylog]: 'Graylog, its MongoDB and OpenSearch',
  [ns.gateway]: 'the platform Gateway (manifests/11-gateway.yaml)',
  [ns.envoyGateway]: "Envoy Gateway's controller and the Gateway's Envoy proxies (operators/)",
  // Retired, still on clusters installed before the move to Envoy Gateway and Headlamp (docs/gateway.md).
  'ingress-nginx': 'ingress-nginx (retired; Kubespray addon before v2.31)',
  'kubernetes-dashboard': 'the Kubernetes dashboard (retired)',
  [ns.fleetlock]: 'fleetlock, the reboot lock of Fedora CoreOS nodes (docs/node-updates.md)',
  [ns.flatcarUpdateOperator]: 'the Flatcar update operator (docs/node-updates.md)',
  [ns.externalSecrets]: 'External Secrets Operator (gitops/, when the spec has gitops)',
  'local-path-storage': "Kubespray's local-path provisioner (local_path_provisioner_namespace)",
  // Namespaces of other Kubespray addons, should an extraVar switch them on.
  'metallb-system': 'Kubespray MetalLB addon',
  [ns.argocd]: 'Kubespray Argo CD addon; the Applications of gitops/',
  'tigera-operator': 'Calico operator installs',
  'calico-system': 'Calico operator installs',
  'calico-apiserver': 'Calico operator installs',
};

/** Why `namespace` may not be a tenant, or undefined when it may. */
export function reservedNamespaceReason(namespace: string): string | undefined {
  if (namespace.startsWith(RESERVED_NAMESPACE_PREFIX)) return 'Kubernetes reserves the kube- prefix for its own namespaces';
  const user = PLATFORM_NAMESPACES[namespace];
  return user === undefined ? undefined : `the platform uses it (${user})`;
}
