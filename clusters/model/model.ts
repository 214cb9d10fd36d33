/**
 * The validated cluster model: the spec with every default applied and every derived value
 * (host names, issuer URL, secret and issuer names, Kubespray naming) computed once.
 * Generators read only this; they never re-spell a derived value.
 */
import type * as S from './spec';
import { versions } from './versions';
import { intToIpv4, ipv4ToInt } from './ipv4';
import { platformNamespaces, type PlatformNamespaces } from './namespaces';
import { knownRelease, parseKubesprayRelease, usesLegacyGroupNames } from './kubespray-release';

export interface NodeModel {
  readonly name: string;
  readonly fqdn: string;
  readonly ip: string;
  readonly interface: string;
  readonly os: S.NodeOs;
  readonly controlPlane: boolean;
  readonly etcd: boolean;
  readonly worker: boolean;
  /** `etcd1`, `etcd2`, … in node order, for etcd members only (Kubespray `etcd_member_name`). */
  readonly etcdMemberName?: string;
  readonly cephDisks: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly installDisk: string;
  readonly ingress: boolean;
}

export interface OidcModel {
  readonly realm: string;
  readonly clientId: string;
  readonly usernameClaim: string;
  readonly usernamePrefix: string;
  readonly groupsClaim: string;
  readonly groupsPrefix: string;
  readonly clientSecret: S.KubernetesSecretRef;
  /** `https://login.<appsDomain>/realms/<realm>`: what Keycloak serves, what the API server trusts. */
  readonly issuerUrl: string;
  /** Keycloak realm role of the cluster administrators (the OIDC group without its prefix). */
  readonly clusterAdminRole: string;
  /** OIDC group that gets cluster-admin: `<groupsPrefix><clusterAdminRole>`. */
  readonly clusterAdminGroup: string;
}

export interface TenantModel {
  readonly name: string;
  /** Keycloak realm role / OIDC group names, without the prefix. */
  readonly groups: { readonly admin: string; readonly edit: string; readonly view: string };
  readonly quota?: S.TenantQuotaSpec;
  readonly limits?: S.TenantLimitsSpec;
}

export interface KubesprayModel {
  /** As given, e.g. `v2.31`. */
  readonly release: string;
  readonly major: number;
  readonly minor: number;
  /** Releases before v2.16 use `kube-master`, `kube-node`, `k8s-cluster`, `calico-rr`. */
  readonly legacyNames: boolean;
  readonly containerManager: 'crio' | 'containerd';
  readonly networkPlugin: 'calico' | 'cilium' | 'flannel';
  readonly apiServerExtraNames: readonly string[];
  readonly extraVars: Readonly<Record<string, string | number | boolean | string[] | S.VaultSecret>>;
}

type Defaulted<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> };

export interface ComponentsModel {
  readonly certManager: Defaulted<Omit<S.CertManagerSpec, 'existingClusterIssuer'>> & Pick<S.CertManagerSpec, 'existingClusterIssuer'>;
  readonly rookCeph: Defaulted<S.RookCephSpec>;
  readonly nexus: Defaulted<Omit<S.NexusSpec, 'adminPassword' | 'adminPasswordVault'>> & Pick<S.NexusSpec, 'adminPassword' | 'adminPasswordVault'>;
  readonly registry: Defaulted<S.RegistrySpec>;
  readonly dashboard: Defaulted<S.DashboardSpec>;
  readonly keycloak: Defaulted<S.KeycloakSpec>;
  readonly logging: Defaulted<S.LoggingSpec>;
  readonly tracing: Defaulted<S.TracingSpec>;
  readonly monitoring: Defaulted<S.MonitoringSpec>;
  readonly graylog: Defaulted<S.GraylogSpec>;
}

/** Host names of everything the cluster publishes, derived once from the domains. */
export interface HostsModel {
  readonly keycloak: string;
  readonly dashboard: string;
  readonly cephDashboard: string;
  readonly nexus: string;
  readonly docker: string;
  readonly registry: string;
  readonly kibana: string;
  readonly jaeger: string;
  readonly grafana: string;
  readonly prometheus: string;
  readonly alertmanager: string;
  readonly graylog: string;
  readonly apiServer: string;
}

/**
 * Names of the ECK logging stack: the seed's `kube-<name>-*` (what `kubectl get elastic -n
 * elastic-system` shows in seed 000), and those ECK derives from them.
 */
export interface LoggingNamesModel {
  /** ECK Elasticsearch of the logs and traces: `kube-<name>-elasticsearch`. */
  readonly elasticsearch: string;
  /** Secret ECK writes: key `elastic` = password of the `elastic` superuser (`<es>-es-elastic-user`). */
  readonly elasticUserSecret: string;
  /** Secret ECK writes: `ca.crt` of the HTTP layer's CA (`<es>-es-http-certs-public`). */
  readonly httpCertsPublicSecret: string;
  /** Elasticsearch's HTTP Service ECK makes: `<es>-es-http`. */
  readonly httpService: string;
  /** ECK Kibana: `kube-<name>-kibana`. */
  readonly kibana: string;
  /** Kibana's HTTP Service ECK makes: `<kibana>-kb-http`. */
  readonly kibanaService: string;
  /** HTTPRoute of Kibana: `kibana-<name>` (the reference's Ingress name). */
  readonly kibanaRoute: string;
  /** Secret of Kibana's certificate: `kibana-<name>-tls` (reference name). */
  readonly kibanaTlsSecret: string;
  /** ECK Beat (Filebeat): `kube-<name>-beats`. */
  readonly beat: string;
  /** ECK APM Server: `kube-<name>-apm-server`. */
  readonly apmServer: string;
}

/** Names of Jaeger's objects: `<name>-jaeger…`, the Services keeping the jaeger-operator's names. */
export interface TracingNamesModel {
  /** The Deployment and the `app.kubernetes.io/instance` label: `<name>-jaeger`. */
  readonly jaeger: string;
  /** OTLP endpoints for applications: `<name>-jaeger-collector` (port 4317 gRPC, 4318 HTTP). */
  readonly collectorService: string;
  /** Query UI and API, behind `jaeger.<apps domain>`: `<name>-jaeger-query`. */
  readonly queryService: string;
  /** ConfigMap of Jaeger's configuration: `<name>-jaeger-config`. */
  readonly configMap: string;
  /** CronJob of the index cleaner: `<name>-jaeger-es-index-cleaner`. */
  readonly indexCleaner: string;
  /** Secret of the UI's certificate: `jaeger-<name>-tls`. */
  readonly tlsSecret: string;
}

/** Names of the monitoring stack. */
export interface MonitoringNamesModel {
  /** Helm release of kube-prometheus-stack, `<name>-prom` (reference): its Prometheus selects `release: <it>`. */
  readonly prometheusRelease: string;
  /** Grafana's Service, the grafana sub-chart's full name: `<release>-grafana`. */
  readonly grafanaService: string;
  /** ServiceMonitor of Keycloak's database: `login<name>-db-svc-monitor` (reference name). */
  readonly keycloakDatabaseMonitor: string;
}

/** Names of Graylog's objects (the MongoDB ones are the former Bitnami release's, so its volume is reused). */
export interface GraylogNamesModel {
  /** Graylog's StatefulSet and Service: `<name>-graylog`. */
  readonly graylog: string;
  /** The Data Node's StatefulSet and headless Service: `<name>-graylog-datanode`. */
  readonly datanode: string;
  /** MongoDB's Deployment and Service: `<name>-graylog-mongodb`. */
  readonly mongodb: string;
  /** The PVC of the Bitnami standalone release (`<release>`), reused: Graylog's configuration lives there. */
  readonly mongodbData: string;
  /** Secret of the web interface's certificate: `graylog-<name>-tls`. */
  readonly tlsSecret: string;
}

/** Names of the Rook-Ceph cluster's objects (the reference's, so applying updates in place). */
export interface RookCephNamesModel {
  /** The CephCluster. */
  readonly cluster: string;
  /** The block pool behind the StorageClass. */
  readonly blockPool: string;
  /** The StorageClass of the platform's volumes. */
  readonly storageClass: string;
  /** Rook's Service of the Ceph dashboard. */
  readonly dashboardService: string;
  /** Secret of the dashboard's certificate: `cephdashboard-kube-<name>-tls` (reference name). */
  readonly dashboardTlsSecret: string;
}

/** One host the platform publishes over HTTPS through its Gateway, and which entry of `hosts` it is. */
export interface PublishedHostModel {
  /** The entry of `model.hosts` (`grafana`, `keycloak`…). */
  readonly id: keyof HostsModel;
  readonly host: string;
}

/** Names that several artifacts must agree on. */
export interface NamesModel {
  /** The namespace of each platform component (clusters/model/namespaces.ts). */
  readonly namespaces: PlatformNamespaces;
  /**
   * ClusterIssuer that signs the platform's certificates: the cluster CA `ca-<name>-issuer`
   * (reference name), or `components.certManager.existingClusterIssuer` when cert-manager is off.
   */
  readonly caIssuer: string;
  /** Secret of the CA in the cert-manager namespace: `ca-<name>-tls` (reference name). */
  readonly caSecret: string;
  /** Path of the root CA on nodes, what `kube_oidc_ca_file` points to. */
  readonly rootCaPathOnNodes?: string;
  /** The ECK logging stack (`components.logging`). */
  readonly logging: LoggingNamesModel;
  /** Jaeger (`components.tracing`). */
  readonly tracing: TracingNamesModel;
  /** kube-prometheus-stack and the monitors added to it (`components.monitoring`). */
  readonly monitoring: MonitoringNamesModel;
  /** Graylog, its Data Node and its MongoDB (`components.graylog`). */
  readonly graylog: GraylogNamesModel;
  /** The Rook-Ceph cluster (`components.rookCeph`). */
  readonly rookCeph: RookCephNamesModel;
  /**
   * The Service of Kubespray's registry addon: its namespace is what `registry_namespace` tells
   * Kubespray, its name and port are the addon's own.
   */
  readonly registryService: { readonly namespace: string; readonly name: string; readonly port: number };
  /** Names of cert-manager's objects (the cluster CA). */
  readonly certManager: CertManagerNamesModel;
  /** Names of Keycloak's objects. */
  readonly keycloak: KeycloakNamesModel;
  /** Names of Nexus's published hosts. */
  readonly nexus: NexusNamesModel;
  /** Names of the dashboard's (Headlamp's) objects. */
  readonly dashboard: DashboardNamesModel;
  /** Secret of the registry host's certificate: `registry-<name>-tls` (reference name). */
  readonly registryTlsSecret: string;
}

/** The cluster CA made by cert-manager when the spec names no CA Secret of its own. */
export interface CertManagerNamesModel {
  /** The self-signed ClusterIssuer that signs the root: `selfsigned-<name>-issuer`. */
  readonly selfSignedIssuer: string;
  /** The root CA Certificate: `ca-<name>` (its Secret is `caSecret`). */
  readonly rootCaCertificate: string;
  /** Common name of the root CA: `<name> root CA` (an X.509 CN: ≤ 64 characters). */
  readonly rootCaCommonName: string;
  /** Organization in the subject of the CA and of the certificates it signs: `<name> CA`. */
  readonly caOrganization: string;
}

/** Keycloak's objects, kept from the reference so that applying updates them in place. */
export interface KeycloakNamesModel {
  /** The StatefulSet: `login-<name>`, also the pods' instance label. */
  readonly statefulSet: string;
  /** The Service in front of the pods: `login-<name>-service`. */
  readonly service: string;
  /** The HTTPRoute of the login host: `login-<name>`. */
  readonly route: string;
  /** Secret of the login host's certificate: `login-kube-<name>-tls`. */
  readonly tlsSecret: string;
  /** ConfigMap of the realm file: `login-<name>-realm`. */
  readonly realmConfigMap: string;
  /** Prefix of the realm sync Job, `login-<name>-realm-sync`; `-<10-hex hash>` follows it. */
  readonly realmSyncJobPrefix: string;
  /** The Crunchy PostgresCluster: `login<name>cluster`. */
  readonly database: string;
  /** Our Service in front of the PGO exporter sidecars (PGO makes none): `<database>-exporter`. */
  readonly databaseExporterService: string;
  /** The realm's client scope that puts the API server's audience in tokens: `kube-<name>-audience`. */
  readonly audienceScope: string;
}

/** Nexus's published hosts (reference names). */
export interface NexusNamesModel {
  /** Secret of the UI host's certificate: `nexus-<name>-tls`. */
  readonly uiTlsSecret: string;
  /** Secret of the Docker host's certificate: `docker-<name>-tls`. */
  readonly dockerTlsSecret: string;
}

/** The dashboard (Headlamp). */
export interface DashboardNamesModel {
  /** Secret of the dashboard host's certificate: `dashboard-kube-<name>-tls` (reference name). */
  readonly tlsSecret: string;
  /** Headlamp's OIDC redirect URI, `https://<dashboard host>/oidc-callback` (its `getOidcCallbackURL`): the realm's client lists it, Headlamp is told it. */
  readonly oidcCallbackUrl: string;
}

/** The maintenance window, normalized, with what each tool needs to express it. */
export interface MaintenanceWindowModel {
  /** Days the window opens, in week order (Mon … Sun). */
  readonly days: readonly S.Weekday[];
  /** `HH:MM`, UTC. */
  readonly start: string;
  readonly lengthMinutes: number;
  /** Cron schedule (UTC) at which the window opens: `M H * * DOW`. */
  readonly openSchedule: string;
  /** Cron schedule (UTC) at which it closes; the days move on when the window crosses midnight. */
  readonly closeSchedule: string;
}

export interface UpdatesModel {
  readonly strategy: 'coordinated' | 'off';
  readonly window: MaintenanceWindowModel;
  /** Kubespray `kube_service_addresses`: from `kubespray.extraVars`, else Kubespray's default. */
  readonly serviceNetwork: string;
  /** Fixed ClusterIP of the lock service. */
  readonly lockServiceIp: string;
  /** FleetLock base URL Zincati calls (`http://<lockServiceIp>/`). */
  readonly lockUrl: string;
}

/** Where Argo CD finds this cluster's output (`spec.gitops` with defaults). */
export interface GitOpsModel {
  readonly repoUrl: string;
  readonly revision: string;
  /** Folder of `dist/<cluster>/` in the repository, without trailing `/`; `.` for the root. */
  readonly path: string;
  readonly secretStore: string;
}

export interface ClusterModel {
  readonly name: string;
  readonly domain: string;
  readonly appsDomain: string;
  readonly clusterDomain: string;
  /** Without a leading `v`, e.g. `1.35.4`. */
  readonly kubernetesVersion: string;
  readonly network: Required<S.NodeNetworkSpec> & { readonly cidr: string };
  readonly nodes: readonly NodeModel[];
  readonly ssh: Required<S.SshSpec>;
  readonly pki?: Required<Pick<S.PkiSpec, 'rootCaCertificate' | 'rootCaFileName'>> & Pick<S.PkiSpec, 'caKeySecretName' | 'provisioningPath' | 'keyPassword'>;
  readonly oidc?: OidcModel;
  readonly kubespray: KubesprayModel;
  readonly install: Required<S.InstallSpec>;
  readonly components: ComponentsModel;
  readonly tenants: readonly TenantModel[];
  readonly storageClass: string;
  readonly hosts: HostsModel;
  /**
   * The hosts the enabled components publish (an HTTPS listener of the Gateway and an HTTPRoute
   * each), sorted by host: the zone's CNAMEs, the consoles, the topology. The API server is not
   * among them (it is reached on the control-plane nodes, not through the Gateway).
   */
  readonly publishedHosts: readonly PublishedHostModel[];
  readonly names: NamesModel;
  /** Kubernetes Secrets the spec says exist already (referenced, never produced). */
  readonly externalSecrets: readonly S.KubernetesSecretRef[];
  /**
   * StorageClasses that exist without our manifests: Kubespray's `local-path` provisioner, and
   * the spec's `storageClass` when it names one while Rook-Ceph (which would produce it) is off.
   */
  readonly externalStorageClasses: readonly string[];
  /** ClusterIssuers that exist without our manifests (`components.certManager.existingClusterIssuer`). */
  readonly externalClusterIssuers: readonly string[];
  /** OS updates of the nodes (Zincati / update_engine) and their maintenance window. */
  readonly updates: UpdatesModel;
  /** Argo CD deployment (absent: no `gitops/` folder). */
  readonly gitops?: GitOpsModel;
}

const on = (c: S.ComponentToggle | undefined) => c?.enabled ?? true;

/** The hosts published by the components that are on (what the charts' `PublishedService`s publish). */
function publishedHostsOf(c: ComponentsModel, hosts: HostsModel): PublishedHostModel[] {
  const published: Array<[keyof HostsModel, boolean]> = [
    ['keycloak', c.keycloak.enabled],
    ['dashboard', c.dashboard.enabled],
    ['cephDashboard', c.rookCeph.enabled],
    ['nexus', c.nexus.enabled],
    ['docker', c.nexus.enabled],
    ['registry', c.registry.enabled],
    ['kibana', c.logging.enabled],
    // The Jaeger UI reads its traces from Elasticsearch: no logging, no tracing chart.
    ['jaeger', c.tracing.enabled && c.logging.enabled],
    // Only Grafana of kube-prometheus-stack is published (Prometheus and Alertmanager are not).
    ['grafana', c.monitoring.enabled],
    ['graylog', c.graylog.enabled],
  ];
  return published
    .filter(([, enabled]) => enabled)
    .map(([id]) => ({ id, host: hosts[id] }))
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

/**
 * Prefix the API server puts before OIDC user and group names (`kube_oidc_*_prefix`) when the
 * spec names none; also what tenants' RoleBindings assume on a cluster without `oidc`.
 */
export const DEFAULT_OIDC_PREFIX = 'oidc:';

function buildOidc(oidc: S.OidcSpec, hosts: HostsModel): OidcModel {
  const realm = oidc.realm ?? 'kubernetes';
  const groupsPrefix = oidc.groupsPrefix ?? DEFAULT_OIDC_PREFIX;
  const clusterAdminRole = 'cluster-admin';
  return {
    realm,
    clientId: oidc.clientId,
    usernameClaim: oidc.usernameClaim ?? 'preferred_username',
    usernamePrefix: oidc.usernamePrefix ?? DEFAULT_OIDC_PREFIX,
    groupsClaim: oidc.groupsClaim ?? 'groups',
    groupsPrefix,
    clientSecret: oidc.clientSecret ?? { secretName: `${oidc.clientId}-oidc-client`, key: 'client-secret' },
    issuerUrl: `https://${hosts.keycloak}/realms/${realm}`,
    clusterAdminRole,
    clusterAdminGroup: `${groupsPrefix}${clusterAdminRole}`,
  };
}

/**
 * Name of the StorageClass of Kubespray's local-path provisioner (which the inventory always
 * enables): `local_path_provisioner_storage_class`, Kubespray's default unless extraVars set it.
 */
export function localPathStorageClass(spec: S.ClusterSpec): string {
  const v = spec.kubespray?.extraVars?.local_path_provisioner_storage_class;
  return typeof v === 'string' ? v : 'local-path';
}

/** Kubespray's `kube_service_addresses` when the spec does not set it. */
export const KUBESPRAY_SERVICE_NETWORK = '10.233.0.0/18';
/** Offset of the lock service's default ClusterIP in the service network (Kubespray takes .1 and .3). */
export const LOCK_SERVICE_OFFSET = 15;

export const WEEKDAYS: readonly S.Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const CRON_DAY: Record<S.Weekday, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** `M H * * D,D` (every day: `*`). */
function cronAt(minuteOfDay: number, days: readonly S.Weekday[]): string {
  const dow = days.length === 7 ? '*' : days.map((d) => CRON_DAY[d]).sort((a, b) => a - b).join(',');
  return `${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)} * * ${dow}`;
}

/** The window with defaults applied. Call only on a window that passed `validateSpec`. */
export function buildWindow(w: S.MaintenanceWindowSpec = {}): MaintenanceWindowModel {
  const days = WEEKDAYS.filter((d) => (w.days ?? WEEKDAYS).includes(d));
  const start = w.start ?? '02:00';
  const lengthMinutes = w.lengthMinutes ?? 120;
  const [h, m] = start.split(':').map(Number);
  const open = h * 60 + m;
  const close = open + lengthMinutes;
  const closeDays = close >= 24 * 60 ? days.map((d) => WEEKDAYS[(WEEKDAYS.indexOf(d) + 1) % 7]) : days;
  return { days, start, lengthMinutes, openSchedule: cronAt(open, days), closeSchedule: cronAt(close % (24 * 60), closeDays) };
}

/** The service network and the lock service's address in it. */
export function serviceNetworkOf(spec: Pick<S.ClusterSpec, 'kubespray'>): string {
  const v = spec.kubespray?.extraVars?.kube_service_addresses;
  return typeof v === 'string' ? v : KUBESPRAY_SERVICE_NETWORK;
}

export function defaultLockServiceIp(serviceNetwork: string): string {
  return intToIpv4(ipv4ToInt(serviceNetwork.split('/')[0]) + LOCK_SERVICE_OFFSET);
}

function buildUpdates(spec: S.ClusterSpec): UpdatesModel {
  const serviceNetwork = serviceNetworkOf(spec);
  const lockServiceIp = spec.updates?.lockServiceIp ?? defaultLockServiceIp(serviceNetwork);
  return {
    strategy: spec.updates?.strategy ?? 'coordinated',
    window: buildWindow(spec.updates?.window),
    serviceNetwork,
    lockServiceIp,
    lockUrl: `http://${lockServiceIp}/`,
  };
}

function loggingNames(cluster: string): LoggingNamesModel {
  const elasticsearch = `kube-${cluster}-elasticsearch`;
  const kibana = `kube-${cluster}-kibana`;
  return {
    elasticsearch,
    elasticUserSecret: `${elasticsearch}-es-elastic-user`,
    httpCertsPublicSecret: `${elasticsearch}-es-http-certs-public`,
    httpService: `${elasticsearch}-es-http`,
    kibana,
    kibanaService: `${kibana}-kb-http`,
    kibanaRoute: `kibana-${cluster}`,
    kibanaTlsSecret: `kibana-${cluster}-tls`,
    beat: `kube-${cluster}-beats`,
    apmServer: `kube-${cluster}-apm-server`,
  };
}

function tracingNames(cluster: string): TracingNamesModel {
  const jaeger = `${cluster}-jaeger`;
  return {
    jaeger,
    collectorService: `${jaeger}-collector`,
    queryService: `${jaeger}-query`,
    configMap: `${jaeger}-config`,
    indexCleaner: `${jaeger}-es-index-cleaner`,
    tlsSecret: `jaeger-${cluster}-tls`,
  };
}

function monitoringNames(cluster: string): MonitoringNamesModel {
  const prometheusRelease = `${cluster}-prom`;
  return { prometheusRelease, grafanaService: `${prometheusRelease}-grafana`, keycloakDatabaseMonitor: `login${cluster}-db-svc-monitor` };
}

function graylogNames(cluster: string): GraylogNamesModel {
  const graylog = `${cluster}-graylog`;
  return { graylog, datanode: `${graylog}-datanode`, mongodb: `${graylog}-mongodb`, mongodbData: `${graylog}-mongodb`, tlsSecret: `graylog-${cluster}-tls` };
}

/** The StorageClass Rook-Ceph provides (reference name): the default `storageClass` when Rook-Ceph is on. */
export const ROOK_STORAGE_CLASS = 'rook-ceph-block';

function rookCephNames(cluster: string): RookCephNamesModel {
  return {
    cluster: 'rook-ceph',
    blockPool: 'replicapool',
    storageClass: ROOK_STORAGE_CLASS,
    dashboardService: 'rook-ceph-mgr-dashboard',
    dashboardTlsSecret: `cephdashboard-kube-${cluster}-tls`,
  };
}

/** Applies defaults and derives values. Call only on a spec that passed `validateSpec`'s checks. */
export function buildModel(spec: S.ClusterSpec): ClusterModel {
  const appsDomain = spec.appsDomain ?? `kube.${spec.domain}`;
  let etcdIndex = 0;
  const nodes: NodeModel[] = spec.nodes.map((n) => {
    const etcd = n.roles.includes('etcd');
    return {
      name: n.name,
      fqdn: `${n.name}.${spec.domain}`,
      ip: n.ip,
      interface: n.interface ?? 'eth0',
      os: n.os ?? 'fcos',
      controlPlane: n.roles.includes('control-plane'),
      etcd,
      worker: n.roles.includes('worker'),
      etcdMemberName: etcd ? `etcd${++etcdIndex}` : undefined,
      cephDisks: n.cephDisks ?? [],
      labels: n.labels ?? {},
      installDisk: n.installDisk ?? spec.install.disk ?? '/dev/sda',
      ingress: n.ingress ?? true,
    };
  });

  const c = spec.components ?? {};
  const rookEnabled = on(c.rookCeph);
  const localPath = localPathStorageClass(spec);
  const components: ComponentsModel = {
    certManager: { enabled: on(c.certManager), existingClusterIssuer: on(c.certManager) ? undefined : c.certManager?.existingClusterIssuer },
    rookCeph: {
      enabled: rookEnabled,
      replicaSize: c.rookCeph?.replicaSize ?? 3,
      useAllDevices: c.rookCeph?.useAllDevices ?? nodes.every((n) => n.cephDisks.length === 0),
      defaultStorageClass: c.rookCeph?.defaultStorageClass ?? true,
    },
    nexus: { enabled: on(c.nexus), storageSize: c.nexus?.storageSize ?? '50Gi', adminPassword: c.nexus?.adminPassword, adminPasswordVault: c.nexus?.adminPasswordVault },
    registry: { enabled: on(c.registry), storageSize: c.registry?.storageSize ?? '10Gi', storageClass: c.registry?.storageClass ?? localPath },
    dashboard: { enabled: on(c.dashboard), adminUser: c.dashboard?.adminUser ?? false },
    keycloak: {
      enabled: on(c.keycloak),
      replicas: c.keycloak?.replicas ?? 2,
      adminSecretName: c.keycloak?.adminSecretName ?? 'keycloak-admin',
      databaseStorageSize: c.keycloak?.databaseStorageSize ?? '10Gi',
    },
    logging: {
      enabled: on(c.logging),
      elasticsearchStorageSize: c.logging?.elasticsearchStorageSize ?? '100Gi',
      elasticsearchNodes: c.logging?.elasticsearchNodes ?? 1,
      apm: c.logging?.apm ?? true,
    },
    tracing: { enabled: on(c.tracing), retentionDays: c.tracing?.retentionDays ?? 7 },
    monitoring: {
      enabled: on(c.monitoring),
      retention: c.monitoring?.retention ?? '10d',
      retentionSize: c.monitoring?.retentionSize ?? '40GiB',
      prometheusStorageSize: c.monitoring?.prometheusStorageSize ?? '50Gi',
      alertmanagerStorageSize: c.monitoring?.alertmanagerStorageSize ?? '50Gi',
      grafanaStorageSize: c.monitoring?.grafanaStorageSize ?? '10Gi',
      grafanaAdminSecretName: c.monitoring?.grafanaAdminSecretName ?? 'grafana-admin',
    },
    graylog: {
      enabled: on(c.graylog),
      mongodbStorageSize: c.graylog?.mongodbStorageSize ?? '10Gi',
      elasticsearchStorageSize: c.graylog?.elasticsearchStorageSize ?? '50Gi',
      secretName: c.graylog?.secretName ?? `${spec.name}-graylog-secrets`,
    },
  };

  const hosts: HostsModel = {
    keycloak: `login.${appsDomain}`,
    dashboard: `dashboard.${appsDomain}`,
    cephDashboard: `cephdashboard.${appsDomain}`,
    nexus: `nexus.${spec.domain}`,
    docker: `docker.${spec.domain}`,
    registry: `registry.${appsDomain}`,
    kibana: `kibana.${appsDomain}`,
    jaeger: `jaeger.${appsDomain}`,
    grafana: `grafana.${appsDomain}`,
    prometheus: `prometheus.${appsDomain}`,
    alertmanager: `alertmanager.${appsDomain}`,
    graylog: `graylog.${appsDomain}`,
    apiServer: `apiserver.${appsDomain}`,
  };

  const pki = spec.pki && {
    rootCaCertificate: spec.pki.rootCaCertificate,
    rootCaFileName: spec.pki.rootCaFileName ?? `${spec.name}-root.pem`,
    caKeySecretName: spec.pki.caKeySecretName,
    provisioningPath: spec.pki.provisioningPath,
    keyPassword: spec.pki.keyPassword,
  };

  const oidc = spec.oidc && buildOidc(spec.oidc, hosts);

  const release = spec.kubespray?.release ?? versions.kubespray;
  const parsed = parseKubesprayRelease(release) ?? knownRelease(versions.kubespray);

  const keycloakDatabase = `login${spec.name}cluster`;
  const externalSecrets: S.KubernetesSecretRef[] = [];
  if (oidc) externalSecrets.push(oidc.clientSecret);
  if (components.graylog.enabled) externalSecrets.push({ secretName: components.graylog.secretName, key: 'graylog-password-secret' });
  if (components.nexus.adminPassword) externalSecrets.push(components.nexus.adminPassword);
  if (components.keycloak.enabled) externalSecrets.push({ secretName: components.keycloak.adminSecretName, key: 'password' });
  if (components.monitoring.enabled) externalSecrets.push({ secretName: components.monitoring.grafanaAdminSecretName, key: 'admin-password' });
  if (pki?.caKeySecretName) externalSecrets.push({ secretName: pki.caKeySecretName, key: 'tls.key' });

  return {
    name: spec.name,
    domain: spec.domain,
    appsDomain,
    clusterDomain: spec.clusterDomain ?? 'cluster.local',
    kubernetesVersion: spec.kubernetesVersion.replace(/^v/, ''),
    network: {
      gateway: spec.network.gateway,
      prefix: spec.network.prefix,
      dnsServers: spec.network.dnsServers,
      searchDomain: spec.network.searchDomain ?? spec.domain,
      upstreamDnsServers: spec.network.upstreamDnsServers ?? spec.network.dnsServers,
      cidr: `${spec.network.gateway}/${spec.network.prefix}`,
    },
    nodes,
    ssh: { user: spec.ssh.user ?? 'root', authorizedKeys: spec.ssh.authorizedKeys },
    pki,
    oidc,
    kubespray: {
      release,
      major: parsed.major,
      minor: parsed.minor,
      legacyNames: usesLegacyGroupNames(parsed),
      containerManager: spec.kubespray?.containerManager ?? (nodes.some((n) => n.os === 'fcos') ? 'crio' : 'containerd'),
      networkPlugin: spec.kubespray?.networkPlugin ?? 'calico',
      apiServerExtraNames: spec.kubespray?.apiServerExtraNames ?? [hosts.apiServer],
      extraVars: spec.kubespray?.extraVars ?? {},
    },
    install: { ignitionBaseUrl: spec.install.ignitionBaseUrl.replace(/\/+$/, ''), disk: spec.install.disk ?? '/dev/sda', flatcarLegacyIgnition: spec.install.flatcarLegacyIgnition ?? false },
    components,
    tenants: (spec.tenants ?? []).map((t) => ({
      name: t.name,
      groups: {
        admin: t.adminGroup ?? `${t.name}-namespace-admin`,
        edit: t.editGroup ?? `${t.name}-namespace-edit`,
        view: t.viewGroup ?? `${t.name}-namespace-view`,
      },
      quota: t.quota,
      limits: t.limits,
    })),
    storageClass: spec.storageClass ?? (rookEnabled ? ROOK_STORAGE_CLASS : localPath),
    hosts,
    publishedHosts: publishedHostsOf(components, hosts),
    names: {
      namespaces: platformNamespaces,
      caIssuer: components.certManager.existingClusterIssuer ?? `ca-${spec.name}-issuer`,
      caSecret: spec.pki?.caKeySecretName ?? `ca-${spec.name}-tls`,
      rootCaPathOnNodes: pki ? `/etc/kubernetes/ssl/${pki.rootCaFileName}` : undefined,
      logging: loggingNames(spec.name),
      tracing: tracingNames(spec.name),
      monitoring: monitoringNames(spec.name),
      graylog: graylogNames(spec.name),
      rookCeph: rookCephNames(spec.name),
      registryService: { namespace: platformNamespaces.kubeSystem, name: 'registry', port: 5000 },
      registryTlsSecret: `registry-${spec.name}-tls`,
      certManager: {
        selfSignedIssuer: `selfsigned-${spec.name}-issuer`,
        rootCaCertificate: `ca-${spec.name}`,
        rootCaCommonName: `${spec.name} root CA`,
        caOrganization: `${spec.name} CA`,
      },
      keycloak: {
        statefulSet: `login-${spec.name}`,
        service: `login-${spec.name}-service`,
        route: `login-${spec.name}`,
        tlsSecret: `login-kube-${spec.name}-tls`,
        realmConfigMap: `login-${spec.name}-realm`,
        realmSyncJobPrefix: `login-${spec.name}-realm-sync`,
        database: keycloakDatabase,
        databaseExporterService: `${keycloakDatabase}-exporter`,
        audienceScope: `kube-${spec.name}-audience`,
      },
      nexus: { uiTlsSecret: `nexus-${spec.name}-tls`, dockerTlsSecret: `docker-${spec.name}-tls` },
      dashboard: { tlsSecret: `dashboard-kube-${spec.name}-tls`, oidcCallbackUrl: `https://${hosts.dashboard}/oidc-callback` },
    },
    externalSecrets,
    externalStorageClasses: [...new Set([localPath, ...(spec.existingStorageClasses ?? [])])],
    externalClusterIssuers: components.certManager.existingClusterIssuer ? [components.certManager.existingClusterIssuer] : [],
    updates: buildUpdates(spec),
    gitops: spec.gitops && {
      repoUrl: spec.gitops.repoUrl,
      revision: spec.gitops.revision ?? 'main',
      path: spec.gitops.path ?? spec.name,
      secretStore: spec.gitops.secretStore ?? 'cluster-secrets',
    },
  };
}
