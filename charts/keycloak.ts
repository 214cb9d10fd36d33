/**
 * Keycloak 26 (Quarkus) in `keycloak-system`, its database as a Crunchy PGO PostgresCluster,
 * and the realm of the spec kept in sync by a keycloak-config-cli Job (`keycloak-realm-sync.ts`).
 * Replaces the reference's Keycloak 11 (WildFly, custom image with JDBC_PING.cli) and its
 * `pgo create cluster`.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { KEYCLOAK_DATABASE_USER, type ClusterModel } from '../clusters/model/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { images, versions } from '../clusters/model/versions';
import * as pgo from '../imports/postgres-operator.crunchydata.com';
import { toJson } from '../output/serialize';
import { buildRealm, REALM_CLIENT_SECRET_ENV } from './keycloak-realm';
import { KeycloakRealmSync } from './keycloak-realm-sync';
import { clusterCaIssuer } from './lib/certificate';
import { ComponentChart } from './lib/component-chart';
import { PublishedService } from './lib/published-service';
import { computeResources, envFromSecret, httpProbe, restrictedContainer, restrictedPod } from './lib/workload';

/** Port of Keycloak's management interface: health and metrics. */
export const KEYCLOAK_MANAGEMENT_PORT = 9000;
const HTTP_PORT = 8080;

/** Labels of the exporter Service, what the database ServiceMonitor selects. */
export const keycloakDbExporterLabels = (model: ClusterModel) => ({
  'postgres-operator.crunchydata.com/cluster': model.names.keycloak.database,
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
  /** Labels of that Service, what the database ServiceMonitor selects (`keycloakDbExporterLabels(model)`). */
  readonly exporterServiceLabels: Record<string, string>;
}

/** The database: a PGO PostgresCluster (2 instances by default), backups to a pgBackRest volume, the exporter sidecar. */
export class KeycloakDatabase extends Construct {
  constructor(scope: Construct, id: string, props: KeycloakDatabaseProps) {
    super(scope, id);
    const { name, storageSize: storage } = props;
    const namespace = props.namespace ?? platformNamespaces.keycloak;
    const claim = (size: string) => ({ accessModes: ['ReadWriteOnce'], storageClassName: props.storageClass, size });
    const data = claim(storage);
    new pgo.PostgresClusterV1Beta1(this, 'cluster', {
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
    new k8s.KubeService(this, 'exporter', {
      metadata: { name: props.exporterServiceName, namespace, labels: props.exporterServiceLabels },
      spec: {
        clusterIp: 'None',
        selector: {
          'postgres-operator.crunchydata.com/cluster': name,
          'postgres-operator.crunchydata.com/crunchy-postgres-exporter': 'true',
        },
        ports: [{ name: 'postgres-exporter', port: 9187, targetPort: k8s.IntOrString.fromNumber(9187) }],
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
   * @default platformNamespaces.keycloak
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
  /** Secret PGO writes for Keycloak's database user (`model.names.keycloak.databaseUserSecret`). */
  readonly databaseUserSecret: string;
  /** Secret with the bootstrap admin's `username` and `password` (`components.keycloak.adminSecretName`). */
  readonly adminSecretName: string;
}

/**
 * Keycloak: StatefulSet (the reference's kind and name) and its Service, clustered through the
 * built-in `jdbc-ping` cache stack (members register in the database: no extra Service, no custom image).
 */
export class KeycloakServer extends Construct {
  constructor(scope: Construct, id: string, props: KeycloakServerProps) {
    super(scope, id);
    const namespace = props.namespace ?? platformNamespaces.keycloak;
    const db = props.databaseUserSecret;
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

    new k8s.KubeStatefulSet(this, 'keycloak', {
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

    new k8s.KubeService(this, 'service', {
      metadata: { name: props.serviceName, namespace },
      spec: {
        selector,
        ports: [
          { name: 'web', port: HTTP_PORT, targetPort: k8s.IntOrString.fromString('http') },
          { name: 'management', port: KEYCLOAK_MANAGEMENT_PORT, targetPort: k8s.IntOrString.fromString('management') },
        ],
      },
    });
  }
}

/** `40-keycloak`: namespace, database, realm, Keycloak `login-<name>` and its route. */
export class KeycloakChart extends ComponentChart {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id, { model, component: 'keycloak' });
    const oidc = model.oidc;
    if (!oidc) throw new Error(`cluster ${model.name}: Keycloak serves the OIDC realm; give 'oidc' in the spec or disable components.keycloak`);
    const names = model.names.keycloak;
    const namespace = model.names.namespaces.keycloak;

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: namespace } });
    new KeycloakDatabase(this, 'database', {
      name: names.database,
      storageClass: model.storageClass,
      storageSize: model.components.keycloak.databaseStorageSize,
      exporterServiceName: names.databaseExporterService,
      exporterServiceLabels: keycloakDbExporterLabels(model),
    });

    const realmData = { [`${oidc.realm}-realm.json`]: toJson(buildRealm(model)) };
    new k8s.KubeConfigMap(this, 'realm', {
      metadata: { name: names.realmConfigMap, namespace },
      data: realmData,
    });

    new KeycloakServer(this, 'server', {
      name: names.statefulSet,
      serviceName: names.service,
      replicas: model.components.keycloak.replicas,
      host: model.hosts.keycloak,
      databaseUserSecret: names.databaseUserSecret,
      adminSecretName: model.components.keycloak.adminSecretName,
    });

    // After Keycloak in the file: the deploy waits for the StatefulSet's pods through the Job's
    // availability check, then for the Job to complete.
    new KeycloakRealmSync(this, 'realm-sync', {
      namespace,
      namePrefix: names.realmSyncJobPrefix,
      keycloakUrl: `http://${names.service}.${namespace}.svc:${HTTP_PORT}`,
      realmConfigMap: { name: names.realmConfigMap, data: realmData },
      adminSecretName: model.components.keycloak.adminSecretName,
      secretEnv: { [REALM_CLIENT_SECRET_ENV]: oidc.clientSecret },
    });

    new PublishedService(this, 'published', {
      issuer: clusterCaIssuer(model),
      namespace,
      host: model.hosts.keycloak,
      serviceName: names.service,
      servicePort: HTTP_PORT,
      routeName: names.route,
      tlsSecretName: names.tlsSecret,
      // ingress-nginx needed proxy-buffer-size 16k for Keycloak's large response headers;
      // Envoy accepts headers up to 60 KiB by default (docs/gateway.md).
    });
  }
}
