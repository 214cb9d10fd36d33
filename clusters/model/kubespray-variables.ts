/**
 * The variables an inventory may hold, per Kubespray release: Ansible ignores a misspelt
 * variable, so every name the inventory writes (and every `kubespray.extraVars` name) must be
 * in this catalog for the chosen release, or be a project variable documented in docs/inventory.md.
 *
 * Lifetimes come from Kubespray's defaults and release notes (checked against upstream):
 * v2.31 removed the dashboard (#12858) and ingress-nginx (#12767) addons. Where the first release
 * of a variable is not certain, `since` is a conservative (later) release: the catalog refuses a
 * name rather than let it be silently ignored. To use a variable missing here, add it with the
 * release range you checked.
 */
import { compareReleases, type KubesprayRelease, knownRelease } from './kubespray-release';

interface VariableLifetime {
  /** First release that reads these variables. @default - every catalogued release */
  readonly since?: string;
  /** First release that no longer reads them. @default - still read by the newest catalogued release */
  readonly until?: string;
  readonly names: readonly string[];
}

const KUBESPRAY_VARIABLES: readonly VariableLifetime[] = [
  {
    names: [
      // per host
      'ip', 'access_ip', 'etcd_member_name', 'node_labels', 'node_taints',
      // cluster, network, DNS
      'kube_version', 'cluster_name', 'dns_domain', 'ndots', 'dns_mode', 'resolvconf_mode', 'upstream_dns_servers',
      'enable_nodelocaldns', 'nodelocaldns_ip', 'kube_network_plugin', 'kube_network_plugin_multus', 'kube_service_addresses',
      'kube_pods_subnet', 'kube_network_node_prefix', 'kube_proxy_mode', 'kube_proxy_strict_arp', 'kube_apiserver_port',
      'loadbalancer_apiserver_localhost', 'loadbalancer_apiserver_port', 'supplementary_addresses_in_ssl_keys',
      'kube_apiserver_enable_admission_plugins', 'kube_feature_gates', 'kube_encrypt_secret_data', 'kubernetes_audit',
      'event_ttl_duration', 'kube_log_level', 'kube_read_only_port', 'kubelet_max_pods', 'system_reserved', 'kube_reserved',
      // OIDC authentication of the API server
      'kube_oidc_auth', 'kube_oidc_url', 'kube_oidc_client_id', 'kube_oidc_ca_file', 'kube_oidc_username_claim',
      'kube_oidc_username_prefix', 'kube_oidc_groups_claim', 'kube_oidc_groups_prefix',
      // nodes, runtime, etcd, downloads, proxies
      'container_manager', 'etcd_deployment_type', 'etcd_data_dir', 'bin_dir', 'kata_containers_enabled', 'deploy_netchecker',
      'download_run_once', 'download_localhost', 'http_proxy', 'https_proxy', 'no_proxy', 'additional_no_proxy',
      'kubeconfig_localhost', 'kubectl_localhost', 'ignore_assert_errors',
      // addons
      'helm_enabled', 'registry_enabled', 'registry_namespace', 'registry_storage_class', 'registry_disk_size', 'metrics_server_enabled',
      'local_path_provisioner_enabled', 'local_path_provisioner_namespace', 'local_path_provisioner_storage_class',
      'local_path_provisioner_reclaim_policy', 'local_path_provisioner_claim_root', 'local_volume_provisioner_enabled',
      'cert_manager_enabled', 'cert_manager_namespace', 'metallb_enabled', 'ingress_alb_enabled',
    ],
  },
  {
    until: 'v2.31',
    names: [
      'dashboard_enabled', 'ingress_nginx_enabled', 'ingress_nginx_host_network', 'ingress_nginx_namespace', 'ingress_nginx_insecure_port',
      'ingress_nginx_secure_port', 'ingress_nginx_nodeselector', 'ingress_nginx_tolerations', 'ingress_nginx_configmap',
      'ingress_nginx_extra_args', 'ingress_publish_status_address',
    ],
  },
  { since: 'v2.18', names: ['argocd_enabled', 'kube_vip_enabled'] },
  { since: 'v2.20', names: ['ntp_enabled', 'local_path_provisioner_is_default_storageclass'] },
  { since: 'v2.31', names: ['kubelet_fail_cgroup_v1'] },
];

/** Ansible's own connection variables (not Kubespray's): always known. */
const ANSIBLE_VARIABLES: readonly string[] = ['ansible_host', 'ansible_port', 'ansible_user', 'ansible_become', 'ansible_python_interpreter'];

/** A variable of this project (not read by Kubespray), documented in the table of docs/inventory.md. */
export interface ProjectVariable {
  readonly name: string;
  /** What it holds, for docs/inventory.md. */
  readonly description: string;
}

/** The seed's project variables, read by the platform playbooks; all in `group_vars/all/all.yml`. */
export const PROJECT_VARIABLES: readonly ProjectVariable[] = [
  { name: 'project_name', description: 'cluster name (`name`)' },
  { name: 'global_domain_name', description: 'site domain (`domain`)' },
  { name: 'kube_domain_name', description: 'domain of the published applications (`appsDomain`)' },
  { name: 'kube_cluster_domain_name', description: 'Kubernetes cluster DNS domain (`clusterDomain`, also `cluster_name`)' },
  { name: 'self_signed_pki_path', description: 'PKI folder on the provisioning server (`pki.provisioningPath`)' },
  { name: 'self_signed_pki_key_password', description: 'password of the CA key, ansible-vault ciphertext (`pki.keyPassword`)' },
  { name: 'nexus_admin_password', description: 'Nexus admin password, ansible-vault ciphertext (`components.nexus.adminPasswordVault`)' },
];

/** Whether `release` reads the Kubespray variable `name`. */
export function isKubesprayVariable(name: string, release: KubesprayRelease): boolean {
  return KUBESPRAY_VARIABLES.some(
    (l) =>
      l.names.includes(name) &&
      (l.since === undefined || compareReleases(release, knownRelease(l.since)) >= 0) &&
      (l.until === undefined || compareReleases(release, knownRelease(l.until)) < 0),
  );
}

/** Whether an inventory for `release` may hold `name`: Kubespray's, Ansible's, or a documented project variable. */
export function isKnownVariable(name: string, release: KubesprayRelease): boolean {
  return isKubesprayVariable(name, release) || ANSIBLE_VARIABLES.includes(name) || PROJECT_VARIABLES.some((p) => p.name === name);
}

/** Whether any catalogued release reads `name` (a name outside the catalog is a misspelling until checked). */
export function isCataloguedVariable(name: string): boolean {
  return KUBESPRAY_VARIABLES.some((l) => l.names.includes(name)) || ANSIBLE_VARIABLES.includes(name) || PROJECT_VARIABLES.some((p) => p.name === name);
}

/** The releases that read `name` (for error messages), e.g. `before v2.31`. */
export function variableReleases(name: string): string | undefined {
  const l = KUBESPRAY_VARIABLES.find((v) => v.names.includes(name));
  if (!l) return undefined;
  if (l.since && l.until) return `from ${l.since} to before ${l.until}`;
  if (l.since) return `since ${l.since}`;
  if (l.until) return `before ${l.until}`;
  return 'in every catalogued release';
}
