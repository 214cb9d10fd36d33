/**
 * The namespaces the platform puts its components in: the one place they are spelt. The model
 * exposes them as `model.names.namespaces`; code without a model at hand (construct defaults,
 * the reserved-namespace list) imports `platformNamespaces` from here.
 *
 * They are fixed, not derived from the spec: most are the upstream release manifests' own
 * (cert-manager, Rook, ECK, Envoy Gateway, PGO) or the reference's (so that applying updates the
 * running objects in place).
 */
export const platformNamespaces = {
  /** cert-manager's release manifest (`operators/`); also its `--cluster-resource-namespace`, where a ClusterIssuer's CA Secret lives. */
  certManager: 'cert-manager',
  /** The Rook operator (its example manifests) and the Ceph cluster. */
  rookCeph: 'rook-ceph',
  /** Nexus Repository. */
  nexus: 'nexus',
  /** Keycloak and its PostgreSQL cluster. */
  keycloak: 'keycloak-system',
  /** Crunchy PGO, from its kustomize base (`operators/`). */
  postgresOperator: 'postgres-operator',
  /** The ECK operator's, and Elasticsearch, Kibana, Filebeat, APM Server and Jaeger. */
  elastic: 'elastic-system',
  /** kube-prometheus-stack and the platform's ServiceMonitors (the reference's). */
  monitoring: 'monitoring',
  /** Graylog, its MongoDB and OpenSearch. */
  graylog: 'graylog-system',
  /** The platform Gateway (`manifests/11-gateway.yaml`). */
  gateway: 'gateway',
  /** Envoy Gateway's install.yaml: its controller and the Envoy proxies of every Gateway. */
  envoyGateway: 'envoy-gateway-system',
  /** fleetlock, the reboot lock of Fedora CoreOS nodes. */
  fleetlock: 'fleetlock',
  /** The Flatcar update operator (the upstream examples' namespace). */
  flatcarUpdateOperator: 'reboot-coordinator',
  /** External Secrets Operator (`gitops/`). */
  externalSecrets: 'external-secrets',
  /** Argo CD (Kubespray's addon) and the Applications of `gitops/`. */
  argocd: 'argocd',
  /** Kubernetes' own: Headlamp, the dashboard's admin ServiceAccount, Kubespray's registry addon (`registry_namespace`). */
  kubeSystem: 'kube-system',
} as const;

/** The platform's namespaces by component (`model.names.namespaces`). */
export type PlatformNamespaces = typeof platformNamespaces;
