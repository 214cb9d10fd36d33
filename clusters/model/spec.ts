/**
 * The typed description of one cluster, as an admin writes it in `clusters/<name>.ts`.
 *
 * Everything in `dist/<cluster>/` is derived from a value of this type, after
 * `validateSpec` has checked it and applied the defaults (see `model.ts`).
 * The runtime validator (`schema.ts`) mirrors these interfaces key for key, so a
 * spec that comes from YAML or JSON is held to the same rules as a typed one.
 */

/** Operating system installed on a node. */
export type NodeOs = 'fcos' | 'flatcar';

/** What a node does in the cluster (Kubespray groups are derived from these). */
export type NodeRole = 'control-plane' | 'etcd' | 'worker';

/**
 * A secret given as ansible-vault ciphertext (`ansible-vault encrypt_string` output,
 * without the `!vault |` tag). It is written to the inventory byte for byte.
 */
export interface VaultSecret {
  /** The ciphertext, starting with `$ANSIBLE_VAULT;`. */
  readonly vault: string;
}

/** A secret that already exists in the cluster as a Kubernetes Secret: only its name is ever written. */
export interface KubernetesSecretRef {
  /** Name of the Secret. */
  readonly secretName: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** Where a secret comes from: ansible-vault ciphertext or an existing Kubernetes Secret. Never plaintext. */
export type SecretRef = VaultSecret | KubernetesSecretRef;

/** The network the nodes live on. */
export interface NodeNetworkSpec {
  /** Default gateway of the nodes, e.g. `192.168.1.1`. */
  readonly gateway: string;
  /** Prefix length of the node network, e.g. `24`. */
  readonly prefix: number;
  /** DNS servers the nodes use, e.g. `['192.168.1.10']`. */
  readonly dnsServers: string[];
  /**
   * DNS search domain written in the node network configuration.
   * @default - the cluster domain (`domain`)
   */
  readonly searchDomain?: string;
  /**
   * DNS servers CoreDNS forwards to (Kubespray `upstream_dns_servers`).
   * @default - `dnsServers`
   */
  readonly upstreamDnsServers?: string[];
}

/** One machine of the cluster. */
export interface NodeSpec {
  /** Host name (RFC 1123 label), also the Kubernetes node name. */
  readonly name: string;
  /** Static IPv4 address inside the node network. */
  readonly ip: string;
  /**
   * Network interface that carries `ip`.
   * @default 'eth0'
   */
  readonly interface?: string;
  /**
   * Operating system.
   * @default 'fcos'
   */
  readonly os?: NodeOs;
  /** Roles of the node. At least one node must be `control-plane`. */
  readonly roles: NodeRole[];
  /**
   * Raw disks given whole to Ceph on this node (device names such as `sdb`).
   * @default - none
   */
  readonly cephDisks?: string[];
  /**
   * Extra Kubernetes node labels, e.g. `{ disktype: 'ssd' }`.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Disk the OS installer writes to.
   * @default - `install.disk`
   */
  readonly installDisk?: string;
  /**
   * Whether the node runs an Envoy proxy of the platform Gateway (host network, ports 80 and
   * 443) and so takes part in the round-robin A records of the apps domain.
   * @default true
   */
  readonly ingress?: boolean;
}

/** SSH access of the install user to the nodes. */
export interface SshSpec {
  /**
   * The user Ignition gives the keys to and Ansible connects as.
   * @default 'root'
   */
  readonly user?: string;
  /** Public keys (`ssh-rsa AAAA… comment`). */
  readonly authorizedKeys: string[];
}

/** The cluster's own PKI (seed 000: a small CA on the provisioning server). */
export interface PkiSpec {
  /** The root CA certificate, PEM. It is public: it goes to node trust stores and to `kube_oidc_ca_file`. */
  readonly rootCaCertificate: string;
  /**
   * File name of the root CA on the nodes, in `/etc/kubernetes/ssl/` and the OS trust store.
   * @default '<name>-root.pem'
   */
  readonly rootCaFileName?: string;
  /**
   * Name of an existing `kubernetes.io/tls` Secret in the cert-manager namespace holding the
   * root CA and its key. When given, the CA ClusterIssuer signs with it; otherwise cert-manager
   * makes its own self-signed root.
   * @default - a self-signed root made by cert-manager
   */
  readonly caKeySecretName?: string;
  /**
   * Path of the PKI on the provisioning server (project variable `self_signed_pki_path`).
   * @default - not written
   */
  readonly provisioningPath?: string;
  /**
   * Password of the CA key (project variable `self_signed_pki_key_password`), ciphertext only.
   * @default - not written
   */
  readonly keyPassword?: VaultSecret;
}

/** OpenID Connect authentication of the API server (served by the Keycloak component). */
export interface OidcSpec {
  /**
   * Keycloak realm.
   * @default 'kubernetes'
   */
  readonly realm?: string;
  /** Client id of the Kubernetes API in the realm, e.g. `kubelacave`. */
  readonly clientId: string;
  /**
   * Claim used as user name.
   * @default 'preferred_username'
   */
  readonly usernameClaim?: string;
  /**
   * Prefix added to user names.
   * @default 'oidc:'
   */
  readonly usernamePrefix?: string;
  /**
   * Claim holding the groups.
   * @default 'groups'
   */
  readonly groupsClaim?: string;
  /**
   * Prefix added to group names (RoleBindings use it).
   * @default 'oidc:'
   */
  readonly groupsPrefix?: string;
  /**
   * The client secret, as a Kubernetes Secret (used by the realm import and by Headlamp, in `keycloak` and `kube-system`).
   * @default - Secret `<clientId>-oidc-client`, key `client-secret`, declared external
   */
  readonly clientSecret?: KubernetesSecretRef;
}

/** Kubespray settings that are not derived from the rest of the spec. */
export interface KubespraySpec {
  /**
   * Kubespray release the inventory is written for: it decides group names and variable formats.
   * @default 'v2.31'
   */
  readonly release?: string;
  /**
   * Container runtime.
   * @default 'crio' when any node runs Fedora CoreOS, else 'containerd'
   */
  readonly containerManager?: 'crio' | 'containerd';
  /**
   * Network plugin.
   * @default 'calico'
   */
  readonly networkPlugin?: 'calico' | 'cilium' | 'flannel';
  /**
   * Extra names in the API server certificate (`supplementary_addresses_in_ssl_keys`).
   * @default - `apiserver.<appsDomain>`
   */
  readonly apiServerExtraNames?: string[];
  /**
   * Variables written to `group_vars/all/all.yml` as they are, for settings the spec does not model.
   * They must be known Kubespray variables of the release (checked). Secrets: ciphertext only.
   * @default - none
   */
  readonly extraVars?: Record<string, string | number | boolean | string[] | VaultSecret>;
}

/** How nodes are installed from their Ignition files. */
export interface InstallSpec {
  /** Base URL where `dist/<cluster>/fcc/*.ign` are served, e.g. `http://elrond.lacave/kubernetes`. */
  readonly ignitionBaseUrl: string;
  /**
   * Disk the OS is installed on.
   * @default '/dev/sda'
   */
  readonly disk?: string;
  /**
   * Also write the Ignition 2.2.0 `<node>-ignition.json` of the old Flatcar flow (seed 001).
   * @default false
   */
  readonly flatcarLegacyIgnition?: boolean;
}

/** Settings shared by every component. */
export interface ComponentToggle {
  /**
   * Whether the component is deployed.
   * @default true
   */
  readonly enabled?: boolean;
}

export interface CertManagerSpec extends ComponentToggle {
  /**
   * With `enabled: false`: the name of a cert-manager ClusterIssuer that already exists in the
   * cluster (cert-manager installed by someone else). Every Certificate of the platform is then
   * issued by it. A namespaced Issuer cannot serve: the platform's certificates live in many
   * namespaces. Required when cert-manager is off and any component publishes a host.
   * @default - the cluster CA ClusterIssuer `ca-<name>-issuer` that this component creates
   */
  readonly existingClusterIssuer?: string;
}

export interface RookCephSpec extends ComponentToggle {
  /**
   * Replica count of the `replicapool` block pool (failure domain: host).
   * @default 3
   */
  readonly replicaSize?: number;
  /**
   * Use every empty disk of every node instead of the nodes' `cephDisks`.
   * @default - true when no node lists `cephDisks`
   */
  readonly useAllDevices?: boolean;
  /**
   * Make `rook-ceph-block` the default StorageClass.
   * @default true
   */
  readonly defaultStorageClass?: boolean;
}

export interface NexusSpec extends ComponentToggle {
  /**
   * Size of the Nexus data volume.
   * @default '50Gi'
   */
  readonly storageSize?: string;
  /**
   * Initial admin password, from an existing Secret.
   * @default - Nexus generates one in `/nexus-data/admin.password`
   */
  readonly adminPassword?: KubernetesSecretRef;
  /**
   * Nexus admin password as ciphertext for the platform playbooks (`nexus_admin_password`).
   * @default - not written
   */
  readonly adminPasswordVault?: VaultSecret;
}

/** Kubespray's internal registry addon and its route. */
export interface RegistrySpec extends ComponentToggle {
  /** @default '10Gi' */
  readonly storageSize?: string;
  /** @default 'local-path' */
  readonly storageClass?: string;
}

export interface DashboardSpec extends ComponentToggle {
  /**
   * Create the `admin-user` ServiceAccount bound to cluster-admin, with a long-lived token Secret.
   * RISK: a cluster-admin credential that never expires and names no person: whoever reads that
   * Secret owns the cluster. Prefer OIDC login (docs/headlamp.md).
   * @default false
   */
  readonly adminUser?: boolean;
}

export interface KeycloakSpec extends ComponentToggle {
  /** @default 2 */
  readonly replicas?: number;
  /**
   * Bootstrap admin credentials, from an existing Secret with keys `username` and `password`.
   * @default - Secret `keycloak-admin`, declared external
   */
  readonly adminSecretName?: string;
  /** @default '10Gi' */
  readonly databaseStorageSize?: string;
}

export interface LoggingSpec extends ComponentToggle {
  /** @default '100Gi' */
  readonly elasticsearchStorageSize?: string;
  /** @default 1 */
  readonly elasticsearchNodes?: number;
  /** @default true */
  readonly apm?: boolean;
}

export interface TracingSpec extends ComponentToggle {
  /**
   * Days of spans kept in Elasticsearch: a nightly CronJob (Jaeger's es-index-cleaner) deletes the
   * daily Jaeger indices older than this, and the query UI looks back as far.
   * @default 7
   */
  readonly retentionDays?: number;
}

export interface MonitoringSpec extends ComponentToggle {
  /** @default '10d' */
  readonly retention?: string;
  /** @default '40GiB' */
  readonly retentionSize?: string;
  /** @default '50Gi' */
  readonly prometheusStorageSize?: string;
  /** @default '50Gi' */
  readonly alertmanagerStorageSize?: string;
  /** @default '10Gi' */
  readonly grafanaStorageSize?: string;
  /**
   * Grafana admin credentials, from an existing Secret with keys `admin-user` and `admin-password`.
   * @default - Secret `grafana-admin`, declared external
   */
  readonly grafanaAdminSecretName?: string;
}

export interface GraylogSpec extends ComponentToggle {
  /** @default '10Gi' */
  readonly mongodbStorageSize?: string;
  /**
   * Size of the Graylog Data Node's volume (the messages; the Data Node runs Graylog's OpenSearch).
   * @default '50Gi'
   */
  readonly elasticsearchStorageSize?: string;
  /**
   * Existing Secret in `graylog-system` holding every Graylog credential: `mongodb-root-password`
   * (MongoDB's `root` user), `mongodb-passwords` (MongoDB's `graylog` user), `mongodb-uri`
   * (`mongodb://graylog:<mongodb-passwords>@<name>-graylog-mongodb:27017/graylog`, read by Graylog and
   * the Data Node), `graylog-password-secret` (Graylog's `password_secret`, ≥ 64 characters),
   * `graylog-password-sha2` (SHA-256 hex of the `admin` password).
   * @default - Secret `<name>-graylog-secrets`, declared external
   */
  readonly secretName?: string;
}

/** The platform components; each one can be switched off. */
export interface ComponentsSpec {
  /**
   * cert-manager and the cluster CA ClusterIssuer.
   * @default - enabled, with the defaults of `CertManagerSpec`
   */
  readonly certManager?: CertManagerSpec;
  /**
   * Rook-Ceph block storage (the platform StorageClass).
   * @default - enabled, with the defaults of `RookCephSpec`
   */
  readonly rookCeph?: RookCephSpec;
  /**
   * Nexus Repository 3, also the Docker registry `docker.<domain>`.
   * @default - enabled, with the defaults of `NexusSpec`
   */
  readonly nexus?: NexusSpec;
  /**
   * Kubespray's registry addon and its route.
   * @default - enabled, with the defaults of `RegistrySpec`
   */
  readonly registry?: RegistrySpec;
  /**
   * The cluster UI, Headlamp (logging in with the cluster's OIDC issuer when `oidc` is given).
   * @default - enabled, with the defaults of `DashboardSpec`
   */
  readonly dashboard?: DashboardSpec;
  /**
   * Keycloak, serving the OIDC realm.
   * @default - enabled, with the defaults of `KeycloakSpec`
   */
  readonly keycloak?: KeycloakSpec;
  /**
   * ECK: Elasticsearch, Kibana, Filebeat, APM Server.
   * @default - enabled, with the defaults of `LoggingSpec`
   */
  readonly logging?: LoggingSpec;
  /**
   * Jaeger, storing in the logging Elasticsearch (needs `logging`).
   * @default - enabled, with the defaults of `TracingSpec`
   */
  readonly tracing?: TracingSpec;
  /**
   * Kube-prometheus-stack and the platform ServiceMonitors.
   * @default - enabled, with the defaults of `MonitoringSpec`
   */
  readonly monitoring?: MonitoringSpec;
  /**
   * Graylog with its Data Node (search) and MongoDB.
   * @default - enabled, with the defaults of `GraylogSpec`
   */
  readonly graylog?: GraylogSpec;
}

/** Resource quota of a tenant namespace (Kubernetes quantities). */
export interface TenantQuotaSpec {
  /**
   * `requests.cpu`: total CPU requests.
   * @default - not limited
   */
  readonly requestsCpu?: string;
  /**
   * `requests.memory`: total memory requests.
   * @default - not limited
   */
  readonly requestsMemory?: string;
  /**
   * `limits.cpu`: total CPU limits.
   * @default - not limited
   */
  readonly limitsCpu?: string;
  /**
   * `limits.memory`: total memory limits.
   * @default - not limited
   */
  readonly limitsMemory?: string;
  /**
   * `pods`: number of Pods.
   * @default - not limited
   */
  readonly pods?: number;
  /**
   * `persistentvolumeclaims`: number of PVCs.
   * @default - not limited
   */
  readonly persistentVolumeClaims?: number;
  /**
   * `requests.storage`: total storage requested by PVCs.
   * @default - not limited
   */
  readonly requestsStorage?: string;
}

/** Default requests/limits of containers in a tenant namespace. */
export interface TenantLimitsSpec {
  /**
   * CPU request of a container that states none.
   * @default - none: Kubernetes takes the default limit as the request
   */
  readonly defaultRequestCpu?: string;
  /**
   * Memory request of a container that states none.
   * @default - none: Kubernetes takes the default limit as the request
   */
  readonly defaultRequestMemory?: string;
  /**
   * CPU limit of a container that states none.
   * @default - none: no limit
   */
  readonly defaultLimitCpu?: string;
  /**
   * Memory limit of a container that states none.
   * @default - none: no limit
   */
  readonly defaultLimitMemory?: string;
}

/** A team's namespace, with OIDC groups for the admin, edit and view roles. */
export interface TenantSpec {
  /** Namespace name (RFC 1123 label). */
  readonly name: string;
  /**
   * OIDC group (without prefix) bound to ClusterRole `admin`.
   * @default '<name>-namespace-admin'
   */
  readonly adminGroup?: string;
  /** @default '<name>-namespace-edit' */
  readonly editGroup?: string;
  /** @default '<name>-namespace-view' */
  readonly viewGroup?: string;
  /** @default - no ResourceQuota */
  readonly quota?: TenantQuotaSpec;
  /** @default - no LimitRange */
  readonly limits?: TenantLimitsSpec;
}

/** Day of the week, as systemd, Zincati and FLUO write it. */
export type Weekday = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';

/** When nodes may reboot into an OS update (UTC). */
export interface MaintenanceWindowSpec {
  /**
   * Days on which the window opens. A cluster with Flatcar nodes takes every day or one day
   * (what the Flatcar update operator can express).
   * @default - every day
   */
  readonly days?: Weekday[];
  /**
   * Time of day the window opens, `HH:MM`, UTC.
   * @default '02:00'
   */
  readonly start?: string;
  /**
   * Length of the window in minutes (30 to 720). Enough for every node to reboot in turn:
   * each reboot holds the lock until the node is back.
   * @default 120
   */
  readonly lengthMinutes?: number;
}

/** OS updates of the nodes: Zincati on Fedora CoreOS, update_engine on Flatcar. */
export interface UpdatesSpec {
  /**
   * - `coordinated`: nodes download updates on their own but reboot one at a time, only after
   *   the in-cluster lock service grants the lock, and only inside `window` (Fedora CoreOS:
   *   Zincati `fleet_lock` against fleetlock, which drains the node; Flatcar: the Flatcar update
   *   operator, which drains the node; locksmithd masked).
   * - `off`: no automatic updates (Zincati disabled; Flatcar update-engine and locksmithd masked):
   *   the admin updates and reboots the nodes by hand.
   * @default 'coordinated'
   */
  readonly strategy?: 'coordinated' | 'off';
  /**
   * The maintenance window.
   * @default - every day from 02:00 UTC for 120 minutes
   */
  readonly window?: MaintenanceWindowSpec;
  /**
   * Fixed ClusterIP of the lock service, which Zincati on every node reaches without cluster
   * DNS. Must lie in the service network (Kubespray `kube_service_addresses`).
   * @default - the 15th address of the service network (10.233.0.15 with Kubespray's default)
   */
  readonly lockServiceIp?: string;
}

/**
 * GitOps: Argo CD pulls the platform from a deployment repository that holds this cluster's
 * `dist/<cluster>/` (pushed there by the admin), instead of `deploy.sh` run from a laptop.
 */
export interface GitOpsSpec {
  /**
   * URL of the deployment repository Argo CD clones: `https://…`, `ssh://…` or `git@host:path`.
   * No credentials in it: Argo CD's repository Secret carries them.
   */
  readonly repoUrl: string;
  /**
   * Branch, tag or commit Argo CD follows.
   * @default 'main'
   */
  readonly revision?: string;
  /**
   * Folder of the repository that holds this cluster's `dist/<cluster>/` content (relative, `/`-separated; `.` for the root).
   * @default '<name>'
   */
  readonly path?: string;
  /**
   * External Secrets Operator `ClusterSecretStore` the cluster's Secrets are read from (the admin
   * creates it for the chosen backend: Vault, a cloud secret manager…).
   * @default 'cluster-secrets'
   */
  readonly secretStore?: string;
}

/** One cluster. */
export interface ClusterSpec {
  /** Short name of the cluster and of the project (`project_name`), e.g. `lacave`. */
  readonly name: string;
  /** DNS domain of the site, e.g. `lacave.info`. */
  readonly domain: string;
  /**
   * Domain under which platform applications are published.
   * @default 'kube.<domain>'
   */
  readonly appsDomain?: string;
  /**
   * Kubernetes cluster DNS domain (`cluster_name`, `dns_domain`).
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /** Kubernetes version, e.g. `1.35.4` (the leading `v` is added where a release wants it). */
  readonly kubernetesVersion: string;
  readonly network: NodeNetworkSpec;
  readonly nodes: NodeSpec[];
  readonly ssh: SshSpec;
  /** @default - cert-manager makes a self-signed root CA */
  readonly pki?: PkiSpec;
  /** @default - no OIDC authentication */
  readonly oidc?: OidcSpec;
  /** @default - release v2.31 with derived settings */
  readonly kubespray?: KubespraySpec;
  readonly install: InstallSpec;
  /** @default - every component with its defaults */
  readonly components?: ComponentsSpec;
  /** @default - none */
  readonly tenants?: TenantSpec[];
  /**
   * StorageClass of the platform's volumes. Must be one the cluster has: `rook-ceph-block` (Rook-Ceph
   * enabled), Kubespray's local-path class, or one listed in `existingStorageClasses`.
   * @default 'rook-ceph-block' when Rook-Ceph is enabled, else 'local-path' (Kubespray's provisioner)
   */
  readonly storageClass?: string;
  /**
   * StorageClasses that exist in the cluster without this project (an NFS or cloud provisioner
   * installed by hand), so that `storageClass` and `components.registry.storageClass` may name them.
   * @default - none
   */
  readonly existingStorageClasses?: string[];
  /**
   * OS updates of the nodes and their maintenance window.
   * @default - coordinated reboots, every day from 02:00 UTC for 120 minutes
   */
  readonly updates?: UpdatesSpec;
  /**
   * Deploy the platform with Argo CD from a deployment repository (`dist/<cluster>/gitops/`).
   * @default - no gitops/ folder: deploy with deploy.sh or deploy.yml
   */
  readonly gitops?: GitOpsSpec;
}
