/**
 * Every variable the inventory derives from the spec, with the file it goes to and the spec
 * field it comes from: one table, so that nothing is spelt twice, `kubespray.extraVars` cannot
 * silently fight a derived value, and the table of docs/inventory.md has a single source.
 */
import type { ClusterModel, NodeModel } from '../clusters/model';
import { etcdDefaultsToDocker, type KubesprayRelease, kubeVersionFor } from '../clusters/model/kubespray-release';
import { InventoryValue, VaultValue } from './vars-file';

/** Where a cluster-wide variable is written (relative to `group_vars/`; `<cluster>` is the release's cluster group). */
export type GroupVarsFile = 'all/all.yml' | '<cluster>/k8s-cluster.yml' | '<cluster>/addons.yml';

/** A cluster-wide variable derived from the spec. */
export interface DerivedGroupVariable {
  readonly name: string;
  readonly file: GroupVarsFile;
  /** Spec field(s) it is derived from, for error messages and docs/inventory.md. */
  readonly from: string;
  /** Its value; `undefined` leaves it out (feature off, or Kubespray's default is right). */
  readonly value: (model: ClusterModel, release: KubesprayRelease) => InventoryValue | undefined;
}

/** A per-host variable (`host_vars/<node>.yml`) derived from the spec. */
export interface DerivedHostVariable {
  readonly name: string;
  readonly from: string;
  readonly value: (node: NodeModel, model: ClusterModel) => InventoryValue | undefined;
}

/**
 * Python on the node: Fedora CoreOS ships python3 (seed 000); on Flatcar, Kubespray's bootstrap
 * installs one in /opt/bin. Written once in `all.yml` when every node agrees, else per host.
 */
const PYTHON_BY_OS = { fcos: '/usr/bin/python3', flatcar: '/opt/bin/python' } as const;
const sharedPython = (m: ClusterModel) => {
  const paths = new Set(m.nodes.map((n) => PYTHON_BY_OS[n.os]));
  return paths.size === 1 ? [...paths][0] : undefined;
};

/** Kubespray's local-path StorageClass is marked default; Rook's block pool takes that role when it is. */
const rookIsDefaultStorageClass = (m: ClusterModel) => m.components.rookCeph.enabled && m.components.rookCeph.defaultStorageClass;

const oidc = <T>(pick: (o: NonNullable<ClusterModel['oidc']>) => T) => (m: ClusterModel) => (m.oidc ? pick(m.oidc) : undefined);

export const GROUP_VARIABLES: readonly DerivedGroupVariable[] = [
  // group_vars/all/all.yml: connection, DNS, and the seed's project variables
  { name: 'ansible_user', file: 'all/all.yml', from: 'ssh.user', value: (m) => m.ssh.user },
  { name: 'ansible_python_interpreter', file: 'all/all.yml', from: 'nodes[].os', value: sharedPython },
  { name: 'upstream_dns_servers', file: 'all/all.yml', from: 'network.upstreamDnsServers', value: (m) => m.network.upstreamDnsServers },
  { name: 'project_name', file: 'all/all.yml', from: 'name', value: (m) => m.name },
  { name: 'global_domain_name', file: 'all/all.yml', from: 'domain', value: (m) => m.domain },
  { name: 'kube_domain_name', file: 'all/all.yml', from: 'appsDomain', value: (m) => m.appsDomain },
  { name: 'kube_cluster_domain_name', file: 'all/all.yml', from: 'clusterDomain', value: (m) => m.clusterDomain },
  { name: 'self_signed_pki_path', file: 'all/all.yml', from: 'pki.provisioningPath', value: (m) => m.pki?.provisioningPath },
  { name: 'self_signed_pki_key_password', file: 'all/all.yml', from: 'pki.keyPassword', value: (m) => m.pki?.keyPassword && new VaultValue(m.pki.keyPassword) },
  {
    name: 'nexus_admin_password',
    file: 'all/all.yml',
    from: 'components.nexus.adminPasswordVault',
    value: (m) => (m.components.nexus.enabled && m.components.nexus.adminPasswordVault ? new VaultValue(m.components.nexus.adminPasswordVault) : undefined),
  },
  // Before v2.18 etcd ran in Docker by default, which a crio or containerd node does not have.
  { name: 'etcd_deployment_type', file: 'all/all.yml', from: 'kubespray.release', value: (_m, r) => (etcdDefaultsToDocker(r) ? 'host' : undefined) },

  // group_vars/<cluster>/k8s-cluster.yml
  { name: 'kube_version', file: '<cluster>/k8s-cluster.yml', from: 'kubernetesVersion', value: (m, r) => kubeVersionFor(r, m.kubernetesVersion) },
  { name: 'cluster_name', file: '<cluster>/k8s-cluster.yml', from: 'clusterDomain', value: (m) => m.clusterDomain },
  { name: 'kube_network_plugin', file: '<cluster>/k8s-cluster.yml', from: 'kubespray.networkPlugin', value: (m) => m.kubespray.networkPlugin },
  { name: 'container_manager', file: '<cluster>/k8s-cluster.yml', from: 'kubespray.containerManager', value: (m) => m.kubespray.containerManager },
  { name: 'supplementary_addresses_in_ssl_keys', file: '<cluster>/k8s-cluster.yml', from: 'kubespray.apiServerExtraNames', value: (m) => m.kubespray.apiServerExtraNames },
  // Kubespray copies the admin kubeconfig to inventory/artifacts/admin.conf (kept across re-synths).
  { name: 'kubeconfig_localhost', file: '<cluster>/k8s-cluster.yml', from: '(always)', value: () => true },
  { name: 'kube_oidc_auth', file: '<cluster>/k8s-cluster.yml', from: 'oidc', value: oidc(() => true) },
  { name: 'kube_oidc_url', file: '<cluster>/k8s-cluster.yml', from: 'oidc.realm, appsDomain', value: oidc((o) => o.issuerUrl) },
  { name: 'kube_oidc_client_id', file: '<cluster>/k8s-cluster.yml', from: 'oidc.clientId', value: oidc((o) => o.clientId) },
  { name: 'kube_oidc_ca_file', file: '<cluster>/k8s-cluster.yml', from: 'pki.rootCaFileName', value: (m) => (m.oidc ? m.names.rootCaPathOnNodes : undefined) },
  { name: 'kube_oidc_username_claim', file: '<cluster>/k8s-cluster.yml', from: 'oidc.usernameClaim', value: oidc((o) => o.usernameClaim) },
  { name: 'kube_oidc_username_prefix', file: '<cluster>/k8s-cluster.yml', from: 'oidc.usernamePrefix', value: oidc((o) => o.usernamePrefix) },
  { name: 'kube_oidc_groups_claim', file: '<cluster>/k8s-cluster.yml', from: 'oidc.groupsClaim', value: oidc((o) => o.groupsClaim) },
  { name: 'kube_oidc_groups_prefix', file: '<cluster>/k8s-cluster.yml', from: 'oidc.groupsPrefix', value: oidc((o) => o.groupsPrefix) },

  // group_vars/<cluster>/addons.yml: the seed's addons
  { name: 'helm_enabled', file: '<cluster>/addons.yml', from: '(always)', value: () => true },
  { name: 'metrics_server_enabled', file: '<cluster>/addons.yml', from: '(always)', value: () => true },
  // Headlamp (manifests/60-dashboard.yaml) is the cluster UI on every release: before v2.31,
  // Kubespray's kubernetes-dashboard addon stays off.
  { name: 'dashboard_enabled', file: '<cluster>/addons.yml', from: '(always)', value: () => false },
  { name: 'registry_enabled', file: '<cluster>/addons.yml', from: 'components.registry.enabled', value: (m) => m.components.registry.enabled },
  { name: 'registry_namespace', file: '<cluster>/addons.yml', from: 'components.registry', value: (m) => (m.components.registry.enabled ? m.names.registryService.namespace : undefined) },
  {
    name: 'registry_storage_class',
    file: '<cluster>/addons.yml',
    from: 'components.registry.storageClass',
    value: (m) => (m.components.registry.enabled ? m.components.registry.storageClass : undefined),
  },
  {
    name: 'registry_disk_size',
    file: '<cluster>/addons.yml',
    from: 'components.registry.storageSize',
    value: (m) => (m.components.registry.enabled ? m.components.registry.storageSize : undefined),
  },
  { name: 'local_path_provisioner_enabled', file: '<cluster>/addons.yml', from: '(always)', value: () => true },
  {
    name: 'local_path_provisioner_is_default_storageclass',
    file: '<cluster>/addons.yml',
    from: 'components.rookCeph.defaultStorageClass',
    value: (m) => (rookIsDefaultStorageClass(m) ? 'false' : undefined),
  },
  // Envoy Gateway (operators/) is the edge on every Kubespray release: before v2.31, Kubespray's
  // ingress-nginx addon stays off, or it would hold ports 80/443 of the ingress nodes (docs/gateway.md).
  { name: 'ingress_nginx_enabled', file: '<cluster>/addons.yml', from: '(always)', value: () => false },
  // The platform installs a newer cert-manager than Kubespray's (seed 000).
  { name: 'cert_manager_enabled', file: '<cluster>/addons.yml', from: 'components.certManager', value: () => false },
];

export const HOST_VARIABLES: readonly DerivedHostVariable[] = [
  { name: 'ansible_host', from: 'nodes[].ip', value: (n) => n.ip },
  { name: 'ip', from: 'nodes[].ip', value: (n) => n.ip },
  { name: 'etcd_member_name', from: "nodes[].roles ('etcd')", value: (n) => n.etcdMemberName },
  { name: 'ansible_python_interpreter', from: 'nodes[].os', value: (n, m) => (sharedPython(m) ? undefined : PYTHON_BY_OS[n.os]) },
  { name: 'node_labels', from: 'nodes[].labels', value: (n) => (Object.keys(n.labels).length > 0 ? n.labels : undefined) },
];

/** Spec field a derived variable comes from, by name (for the `extraVars` rule). */
export function derivedFrom(name: string): string | undefined {
  return (GROUP_VARIABLES.find((v) => v.name === name) ?? HOST_VARIABLES.find((v) => v.name === name))?.from;
}
