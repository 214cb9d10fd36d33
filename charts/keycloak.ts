/**
 * Keycloak 26 (Quarkus) in `keycloak-system`, its database as a Crunchy PGO PostgresCluster,
 * and the realm of the spec kept in sync by a keycloak-config-cli Job (`keycloak-realm-sync.ts`).
 * Replaces the reference's Keycloak 11 (WildFly, custom image with JDBC_PING.cli) and its
 * `pgo create cluster`.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, KeycloakNamesModel, KubernetesSecretRef } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { images, versions } from '../clusters/model/versions';
import * as pgo from '../imports/postgres-operator.crunchydata.com';
import { toJson } from '../output/serialize';
import { buildRealm, REALM_CLIENT_SECRET_ENV, type RealmRepresentation } from './keycloak-realm';
import { KeycloakRealmSync } from './keycloak-realm-sync';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { PublishedService, RouteBackend } from './lib/published-service';
import { computeResources, envFromSecret, httpProbe, restrictedContainer, restrictedPod } from './lib/workload';

/** PostgreSQL user and database of Keycloak in its PostgresCluster. */
export const KEYCLOAK_DATABASE_USER = 'keycloak';
/** Port of Keycloak's management interface: health and metrics. */
export const KEYCLOAK_MANAGEMENT_PORT = 9000;
const HTTP_PORT = 8080;

/** Labels of the exporter Service of the PostgresCluster `database` (`model.names.keycloak.database`), what the database ServiceMonitor selects. */
export const keycloakDbExporterLabels = (database: string) => ({
  'postgres-operator.crunchydata.com/cluster': database,
  'app.kubernetes.io/component': 'postgres-exporter',
});

/** Name, size and placement of Keycloak's database. */
export interface KeycloakDatabaseProps {
  /** Name of the PostgresCluster (`model.names.keycloak.database`). */
  readonly name: string;
  /**
   * Namespace of the database (Keycloak's).
   * @default platformNamespaces.keycloak
   */
  readonly namespace?: string;
  /**
   * PostgreSQL instances (one primary, the others streaming replicas).
   * @default 2
   */
  readonly replicas?: number;
  /** Storage class of the data and backup volumes (`model.storageClass`). */
  readonly storageClass: string;
  /** Size of each data volume and of the pgBackRest volume (`components.keycloak.databaseStorageSize`). */
  readonly storageSize: string;
  /** Name of the Service in front of the exporter sidecars (`model.names.keycloak.databaseExporterService`). */
  readonly exporterServiceName: string;
  /** Labels of that Service, what the database ServiceMonitor selects (`keycloakDbExporterLabels(name)`). */
  readonly exporterServiceLabels: Record<string, string>;
}

/** The database: a PGO PostgresCluster (2 instances by default), backups to a pgBackRest volume, the exporter sidecar. */
export class KeycloakDatabase extends Construct {
  /** The PostgresCluster. */
  readonly cluster: pgo.PostgresClusterV1Beta1;
  /** Our Service in front of the exporter sidecars. */
  readonly exporterService: k8s.KubeService;
  /** The labels that single out the exporter Service (what a ServiceMonitor selects). */
  readonly exporterLabels: Readonly<Record<string, string>>;
  /** Name of the exporter Service's metrics port. */
  readonly exporterPort = 'postgres-exporter';
  /** Namespace of the database. */
  readonly namespace: string;
  /**
   * Secret PGO writes for Keycloak's user, `<cluster>-pguser-<user>` (PGO's naming rule): keys
   * host, port, dbname, user, password, uri, jdbc-uri.
   */
  readonly userSecretName: string;

  constructor(scope: Construct, id: string, props: KeycloakDatabaseProps) {
    super(scope, id);
    const { name, storageSize: storage } = props;
    const namespace = (this.namespace = props.namespace ?? platformNamespaces.keycloak);
    const claim = (size: string) => ({ accessModes: ['ReadWriteOnce'], storageClassName: props.storageClass, size });
    const data = claim(storage);
    this.cluster = new pgo.PostgresClusterV1Beta1(this, 'cluster', {
      metadata: { name, namespace },
      spec: {
        postgresVersion: versions.keycloakPostgres,
        instances: [
          {
            name: 'instance1',
            replicas: props.replicas ?? 2,
            dataVolumeClaimSpec: {
              accessModes: data.accessModes,
              storageClassName: data.storageClassName,
              resources: { requests: { storage: storage } },
            },
            resources: {
              requests: { cpu: '100m', memory: '256Mi' },
              limits: { memory: '1Gi' },
            },
          },
        ],
        users: [{ name: KEYCLOAK_DATABASE_USER, databases: [KEYCLOAK_DATABASE_USER] }],
        backups: {
          pgbackrest: {
            repos: [
              {
                name: 'repo1',
                volume: {
                  volumeClaimSpec: {
                    accessModes: data.accessModes,
                    storageClassName: data.storageClassName,
                    resources: { requests: { storage: storage } },
                  },
                },
              },
            ],
          },
        },
        monitoring: { pgmonitor: { exporter: {} } },
      },
    });
    // PGO labels the exporter pods but makes no Service: the reference's ServiceMonitor needs one.
    this.userSecretName = `${this.cluster.name}-pguser-${KEYCLOAK_DATABASE_USER}`;
    this.exporterLabels = props.exporterServiceLabels;
    this.exporterService = new k8s.KubeService(this, 'exporter', {
      metadata: { name: props.exporterServiceName, namespace, labels: props.exporterServiceLabels },
      spec: {
        clusterIp: 'None',
        selector: {
          'postgres-operator.crunchydata.com/cluster': name,
          'postgres-operator.crunchydata.com/crunchy-postgres-exporter': 'true',
        },
        ports: [{ name: this.exporterPort, port: 9187, targetPort: k8s.IntOrString.fromNumber(9187) }],
      },
    });
  }
}

/** What Keycloak serves, where its state lives and the Secrets it reads. */
export interface KeycloakServerProps {
  /** Name of the StatefulSet (`model.names.keycloak.statefulSet`), also the pods' instance label. */
  readonly name: string;
  /** Name of the Service in front of the pods (`model.names.keycloak.service`). */
  readonly serviceName: string;
  /**
   * Namespace of Keycloak.
   * @default - the database's
   */
  readonly namespace?: string;
  /** Keycloak pods, clustered over jdbc-ping (`components.keycloak.replicas`). */
  readonly replicas: number;
  /**
   * Keycloak image.
   * @default images.keycloak
   */
  readonly image?: string;
  /** Public host name (`model.hosts.keycloak`): the issuer and redirect URLs are built on it. */
  readonly host: string;
  /** Keycloak's database: it reads the Secret PGO writes for its user. */
  readonly database: KeycloakDatabase;
  /** Secret with the bootstrap admin's `username` and `password` (`components.keycloak.adminSecretName`). */
  readonly adminSecretName: string;
}

/**
 * Keycloak: StatefulSet (the reference's kind and name) and its Service, clustered through the
 * built-in `jdbc-ping` cache stack (members register in the database: no extra Service, no custom image).
 */
export class KeycloakServer extends Construct {
  /** The StatefulSet. */
  readonly statefulSet: k8s.KubeStatefulSet;
  /** The Service in front of the pods: port `web` (HTTP) and `management` (health, metrics). */
  readonly service: k8s.KubeService;
  /** In-cluster URL of Keycloak's HTTP port, through the Service. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: KeycloakServerProps) {
    super(scope, id);
    const namespace = props.namespace ?? props.database.namespace;
    const db = props.database.userSecretName;
    const selector = { 'app.kubernetes.io/name': 'keycloak', 'app.kubernetes.io/instance': props.name };
    const env: k8s.EnvVar[] = [
      { name: 'KC_DB', value: 'postgres' },
      envFromSecret('KC_DB_URL_HOST', db, 'host'),
      envFromSecret('KC_DB_URL_PORT', db, 'port'),
      envFromSecret('KC_DB_URL_DATABASE', db, 'dbname'),
      envFromSecret('KC_DB_USERNAME', db, 'user'),
      envFromSecret('KC_DB_PASSWORD', db, 'password'),
      { name: 'KC_HOSTNAME', value: `https://${props.host}` },
      { name: 'KC_PROXY_HEADERS', value: 'xforwarded' },
      { name: 'KC_HTTP_ENABLED', value: 'true' },
      { name: 'KC_HTTP_PORT', value: String(HTTP_PORT) },
      { name: 'KC_HEALTH_ENABLED', value: 'true' },
      { name: 'KC_METRICS_ENABLED', value: 'true' },
      { name: 'KC_CACHE', value: 'ispn' },
      { name: 'KC_CACHE_STACK', value: 'jdbc-ping' },
      envFromSecret('KC_BOOTSTRAP_ADMIN_USERNAME', props.adminSecretName, 'username'),
      envFromSecret('KC_BOOTSTRAP_ADMIN_PASSWORD', props.adminSecretName, 'password'),
    ];

    this.statefulSet = new k8s.KubeStatefulSet(this, 'keycloak', {
      metadata: { name: props.name, namespace },
      spec: {
        serviceName: props.serviceName,
        replicas: props.replicas,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: selector },
          spec: {
            securityContext: restrictedPod(),
            containers: [
              {
                name: 'keycloak',
                image: props.image ?? images.keycloak,
                // No --import-realm: it skips an existing realm; the realm sync Job updates it.
                args: ['start'],
                env,
                ports: [
                  { name: 'http', containerPort: HTTP_PORT },
                  { name: 'management', containerPort: KEYCLOAK_MANAGEMENT_PORT },
                ],
                startupProbe: httpProbe('/health/started', KEYCLOAK_MANAGEMENT_PORT, { period: 10, failures: 60 }),
                livenessProbe: httpProbe('/health/live', KEYCLOAK_MANAGEMENT_PORT),
                readinessProbe: httpProbe('/health/ready', KEYCLOAK_MANAGEMENT_PORT),
                resources: computeResources({ cpu: '500m', memory: '1Gi' }, { cpu: '2', memory: '2Gi' }),
                // The image's user is keycloak (uid 1000); Quarkus writes its build under /opt/keycloak.
                securityContext: restrictedContainer(1000),
              },
            ],
          },
        },
      },
    });

    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name: props.serviceName, namespace },
      spec: {
        selector,
        ports: [
          { name: 'web', port: HTTP_PORT, targetPort: k8s.IntOrString.fromString('http') },
          { name: 'management', port: KEYCLOAK_MANAGEMENT_PORT, targetPort: k8s.IntOrString.fromString('management') },
        ],
      },
    });
    this.url = `http://${this.service.name}.${namespace}.svc:${HTTP_PORT}`;
  }
}

/** Keycloak, its database and its realm. */
export interface KeycloakChartProps extends PlatformChartProps {
  /** Namespace of Keycloak and its database, created here (`model.names.namespaces.keycloak`). */
  readonly namespace: string;
  /** Names of the objects (`model.names.keycloak`). */
  readonly names: KeycloakNamesModel;
  /** Public host name (`model.hosts.keycloak`). */
  readonly host: string;
  /** Issuer of the host's certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /** Keycloak pods (`components.keycloak.replicas`). */
  readonly replicas: number;
  /** Storage class of the database volumes (`model.storageClass`). */
  readonly storageClass: string;
  /** Size of each database volume (`components.keycloak.databaseStorageSize`). */
  readonly databaseStorageSize: string;
  /** Secret the admin creates with the bootstrap admin's `username` and `password` (`components.keycloak.adminSecretName`). */
  readonly adminSecretName: string;
  /** The realm kept in sync (`buildRealm(model)`), written as `<realm>-realm.json`. */
  readonly realm: RealmRepresentation;
  /** Secrets the admin creates, as env vars of the realm sync for the realm file's `$(env:NAME)` placeholders. */
  readonly realmSecretEnv: Readonly<Record<string, KubernetesSecretRef>>;
}

/** `40-keycloak`: namespace, database, realm, Keycloak `login-<name>` and its route. */
export class KeycloakChart extends ComponentChart {
  /** Keycloak's database, whose exporter the monitoring chart scrapes. */
  readonly database: KeycloakDatabase;

  constructor(scope: Construct, id: string, props: KeycloakChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'keycloak' });
    const { names, namespace } = props;

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: namespace } });
    const database = (this.database = new KeycloakDatabase(this, 'database', {
      name: names.database,
      namespace,
      storageClass: props.storageClass,
      storageSize: props.databaseStorageSize,
      exporterServiceName: names.databaseExporterService,
      exporterServiceLabels: keycloakDbExporterLabels(names.database),
    }));

    const realm = new k8s.KubeConfigMap(this, 'realm', {
      metadata: { name: names.realmConfigMap, namespace },
      data: { [`${props.realm.realm}-realm.json`]: toJson(props.realm) },
    });

    const keycloak = new KeycloakServer(this, 'server', {
      name: names.statefulSet,
      serviceName: names.service,
      replicas: props.replicas,
      host: props.host,
      database,
      adminSecretName: props.adminSecretName,
    });

    // After Keycloak in the file: the deploy waits for the StatefulSet's pods through the Job's
    // availability check, then for the Job to complete.
    new KeycloakRealmSync(this, 'realm-sync', {
      keycloak,
      realm,
      namePrefix: names.realmSyncJobPrefix,
      adminSecretName: props.adminSecretName,
      secretEnv: props.realmSecretEnv,
    });

    new PublishedService(this, 'published', {
      issuer: props.issuer,
      backend: RouteBackend.fromService(keycloak.service, { port: 'web' }),
      host: props.host,
      routeName: names.route,
      tlsSecretName: names.tlsSecret,
      // ingress-nginx needed proxy-buffer-size 16k for Keycloak's large response headers;
      // Envoy accepts headers up to 60 KiB by default (docs/gateway.md).
    });
  }
}

/** The chart's props from the model: Keycloak serves the OIDC realm, so the model must have `oidc`. */
export function keycloakChartProps(model: ClusterModel): KeycloakChartProps {
  const oidc = model.oidc;
  if (!oidc) throw new Error(`cluster ${model.name}: Keycloak serves the OIDC realm; give 'oidc' in the spec or disable components.keycloak`);
  const keycloak = model.components.keycloak;
  return {
    clusterName: model.name,
    namespace: model.names.namespaces.keycloak,
    names: model.names.keycloak,
    host: model.hosts.keycloak,
    issuer: clusterCaIssuer(model),
    replicas: keycloak.replicas,
    storageClass: model.storageClass,
    databaseStorageSize: keycloak.databaseStorageSize,
    adminSecretName: keycloak.adminSecretName,
    realm: buildRealm(model),
    realmSecretEnv: { [REALM_CLIENT_SECRET_ENV]: oidc.clientSecret },
  };
}
