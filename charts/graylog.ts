/**
 * Graylog in `graylog-system`, as typed objects: Graylog server (StatefulSet), Graylog Data Node
 * (StatefulSet; the search backend, an OpenSearch that Graylog itself provisions and secures),
 * MongoDB from the official `mongo` image (Deployment on the data volume of the former Bitnami
 * release), their Services, NetworkPolicies, the UI published as `graylog.<apps domain>`, and the
 * inputs as API bodies.
 *
 * Why not a chart: the KongZ chart and Bitnami's MongoDB images are unmaintained; Graylog's own
 * chart (Graylog2/graylog-helm 1.0.0) needs the MongoDB Controllers for Kubernetes operator for
 * one MongoDB, floats its images on `7.0`, and generates Secrets with random values at install
 * (not reproducible, and a secret the project would not own). Why Data Node and not a self-managed
 * OpenSearch: Graylog supports no self-managed OpenSearch from 2.16 on (its "Self-Managed
 * OpenSearch" page), and every maintained OpenSearch 2.x is newer; the Data Node ships the
 * OpenSearch its Graylog release supports, with TLS and authentication between them.
 *
 * Every credential is in one existing Secret (`components.graylog.secretName`), by reference.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, GraylogNamesModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { images, versions } from '../clusters/model/versions';
import type { OutputFile } from '../output/files';
import { toJson } from '../output/serialize';
import { clusterCaIssuer, type ClusterCaIssuer } from './lib/certificate';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { PublishedService, RouteBackend } from './lib/published-service';
import { computeResources, envFromSecret, httpProbe, restrictedContainer, restrictedPod } from './lib/workload';


/** A Graylog input: what the Service opens and what the API creates. */
export interface GraylogInput {
  /** Title in Graylog, also the container and Service port name. */
  readonly title: string;
  /** Graylog input class. */
  readonly type: string;
  /** Port the input listens on, in the pod and on the Service. */
  readonly port: number;
  /** Transport: the TCP inputs and the UDP ones each get a Service. */
  readonly protocol: 'tcp' | 'udp';
}

/** The seed's inputs (gelf-tcp 12222, gelf-udp 12231, beats 5061): one list for the Services and the API. */
export const GRAYLOG_INPUTS: readonly GraylogInput[] = [
  { title: 'gelf-tcp', type: 'org.graylog2.inputs.gelf.tcp.GELFTCPInput', port: 12222, protocol: 'tcp' },
  // Beats2Input is today's Beats input; the reference's BeatsInput was the deprecated one.
  { title: 'beats', type: 'org.graylog.plugins.beats.Beats2Input', port: 5061, protocol: 'tcp' },
  { title: 'gelf-udp', type: 'org.graylog2.inputs.gelf.udp.GELFUDPInput', port: 12231, protocol: 'udp' },
];

/**
 * The keys of the Graylog Secret (`components.graylog.secretName`) and what reads each one; the
 * spec's documentation of `GraylogSpec.secretName` lists the same keys.
 */
export const GRAYLOG_SECRET_KEYS = {
  /** Password of MongoDB's `root` user (created at the first start, on an empty volume). */
  mongodbRootPassword: 'mongodb-root-password',
  /** Password of MongoDB's `graylog` user (created at the first start, on an empty volume). */
  mongodbPassword: 'mongodb-passwords',
  /** `mongodb://graylog:<mongodb-passwords>@<name>-graylog-mongodb:27017/graylog`: what Graylog and the Data Node connect with. */
  mongodbUri: 'mongodb-uri',
  /** Graylog's `password_secret` (≥ 64 characters), shared by Graylog and the Data Node. */
  passwordSecret: 'graylog-password-secret',
  /** SHA-256 (hex) of the `admin` user's password. */
  rootPasswordSha2: 'graylog-password-sha2',
} as const;

/** MongoDB user and database Graylog uses (the user the `mongodb-uri` names). */
export const GRAYLOG_MONGODB = { user: 'graylog', database: 'graylog', port: 27017 } as const;

/** The `mongodb-uri` value the Secret must hold for a cluster (the password left as a placeholder). */
export function graylogMongodbUri(model: ClusterModel, password = '<mongodb-passwords>'): string {
  const { user, database, port } = GRAYLOG_MONGODB;
  return `mongodb://${user}:${password}@${model.names.graylog.mongodb}:${port}/${database}`;
}

const GRAYLOG_UID = 1100; // graylog/graylog image (docker/oss/Dockerfile GRAYLOG_UID)
/** Uid of the former Bitnami MongoDB: its data files keep their owner. */
const MONGODB_UID = 1001;
const WEB_PORT = 9000;
const METRICS_PORT = 9833;
const selector = (name: string) => ({ 'app.kubernetes.io/instance': name });
const tcp = (name: string, port: number): k8s.ServicePort => ({ name, protocol: 'TCP', port, targetPort: k8s.IntOrString.fromNumber(port) });

/** The mongosh script of the image's first start: the `graylog` user, its password from the environment. */
function createUserScript(): string {
  const { user, database } = GRAYLOG_MONGODB;
  const spec = { user, pwd: '__PASSWORD__', roles: [{ role: 'dbOwner', db: database }] };
  // The password is read at run time from the environment, never written here.
  const call = `db.getSiblingDB(${JSON.stringify(database)}).createUser(${JSON.stringify(spec)})`.replace('"__PASSWORD__"', 'process.env.GRAYLOG_MONGODB_PASSWORD');
  return `// Runs once, on an empty data volume (docker-entrypoint-initdb.d of the mongo image).\n${call};\n`;
}

/** Placement and sizes of Graylog, its Data Node and its MongoDB. */
export interface GraylogStackProps {
  /** Names of the objects (`model.names.graylog`). */
  readonly names: GraylogNamesModel;
  /**
   * Namespace of every object.
   * @default platformNamespaces.graylog
   */
  readonly namespace?: string;
  /** The existing Secret holding the keys of `GRAYLOG_SECRET_KEYS`. */
  readonly secretName: string;
  /** Storage class of the volumes. */
  readonly storageClass: string;
  /** Size of MongoDB's volume. */
  readonly mongodbStorageSize: string;
  /** Size of the Data Node's volume (the messages). */
  readonly searchStorageSize: string;
  /** Host of the web interface (`model.hosts.graylog`). */
  readonly host: string;
  /** Issuer of the web interface's certificate. */
  readonly issuer: ClusterCaIssuer;
  /** Kubernetes cluster DNS domain (`model.clusterDomain`): the Data Node's name in its certificate. */
  readonly clusterDomain: string;
  /**
   * Time zone of the `admin` user.
   * @default 'America/Toronto'
   */
  readonly rootTimezone?: string;
  /**
   * Graylog image.
   * @default images.graylog
   */
  readonly image?: string;
  /**
   * Graylog Data Node image: must be the same release as Graylog.
   * @default - graylog/graylog-datanode of the pinned Graylog release
   */
  readonly datanodeImage?: string;
  /**
   * MongoDB image.
   * @default images.mongodb
   */
  readonly mongodbImage?: string;
}

/** MongoDB, Graylog Data Node and Graylog, wired together through the Secret. */
export class GraylogStack extends Construct {
  constructor(scope: Construct, id: string, props: GraylogStackProps) {
    super(scope, id);
    const { names, secretName } = props;
    const namespace = props.namespace ?? platformNamespaces.graylog;
    const key = GRAYLOG_SECRET_KEYS;

    // MongoDB: one member, on the Bitnami release's volume (its files under data/db).
    const mongoLabels = selector(names.mongodb);
    const mongodbInit = new k8s.KubeConfigMap(this, 'mongodb-init', {
      metadata: { name: `${names.mongodb}-init`, namespace },
      data: { 'create-graylog-user.js': createUserScript() },
    });
    const mongodbData = new k8s.KubePersistentVolumeClaim(this, 'mongodb-data', {
      metadata: { name: names.mongodbData, namespace, labels: mongoLabels },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: props.storageClass, resources: { requests: { storage: k8s.Quantity.fromString(props.mongodbStorageSize) } } },
    });
    const ping: k8s.Probe = { exec: { command: ['mongosh', '--quiet', '--eval', "db.adminCommand('ping').ok"] }, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 6 };
    new k8s.KubeDeployment(this, 'mongodb', {
      metadata: { name: names.mongodb, namespace, labels: mongoLabels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: mongoLabels },
        template: {
          metadata: { labels: mongoLabels },
          spec: {
            securityContext: { ...restrictedPod(), fsGroup: MONGODB_UID, fsGroupChangePolicy: 'OnRootMismatch' },
            containers: [
              {
                name: 'mongodb',
                image: props.mongodbImage ?? images.mongodb,
                ports: [{ name: 'mongodb', containerPort: GRAYLOG_MONGODB.port }],
                env: [
                  { name: 'MONGO_INITDB_ROOT_USERNAME', value: 'root' },
                  envFromSecret('MONGO_INITDB_ROOT_PASSWORD', secretName, key.mongodbRootPassword),
                  envFromSecret('GRAYLOG_MONGODB_PASSWORD', secretName, key.mongodbPassword),
                ],
                securityContext: { ...restrictedContainer(MONGODB_UID), runAsGroup: MONGODB_UID },
                resources: computeResources({ cpu: '100m', memory: '512Mi' }, { cpu: '1', memory: '1Gi' }),
                startupProbe: { ...ping, failureThreshold: 30 },
                readinessProbe: ping,
                livenessProbe: { ...ping, periodSeconds: 30 },
                volumeMounts: [
                  { name: 'data', mountPath: '/data/db', subPath: 'data/db' },
                  { name: 'init', mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'data', persistentVolumeClaim: { claimName: mongodbData.name } },
              { name: 'init', configMap: { name: mongodbInit.name } },
            ],
          },
        },
      },
    });
    new k8s.KubeService(this, 'mongodb-service', {
      metadata: { name: names.mongodb, namespace, labels: mongoLabels },
      spec: { selector: mongoLabels, ports: [tcp('mongodb', GRAYLOG_MONGODB.port)] },
    });

    // Graylog Data Node: runs OpenSearch; Graylog provisions its certificates (self-signed CA at start).
    const datanodeLabels = selector(names.datanode);
    const datanodeService = new k8s.KubeService(this, 'datanode-service', {
      metadata: { name: names.datanode, namespace, labels: datanodeLabels },
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector: datanodeLabels, ports: [tcp('api', 8999), tcp('opensearch', 9200), tcp('transport', 9300)] },
    });
    const datanodeImage = props.datanodeImage ?? `graylog/graylog-datanode:${versions.graylog}`;
    new k8s.KubeStatefulSet(this, 'datanode', {
      metadata: { name: names.datanode, namespace, labels: datanodeLabels },
      spec: {
        replicas: 1,
        serviceName: datanodeService.name,
        selector: { matchLabels: datanodeLabels },
        template: {
          metadata: { labels: datanodeLabels },
          spec: {
            initContainers: [
              {
                // OpenSearch needs vm.max_map_count ≥ 262144 on the node (a kernel setting, hence
                // privileged); raised only when lower, never lowered.
                name: 'max-map-count',
                image: datanodeImage,
                command: ['/bin/sh', '-c', 'test "$(cat /proc/sys/vm/max_map_count)" -ge 262144 || echo 262144 > /proc/sys/vm/max_map_count'],
                securityContext: { privileged: true, runAsUser: 0 },
                resources: computeResources({ cpu: '10m', memory: '16Mi' }, { cpu: '100m', memory: '32Mi' }),
              },
            ],
            containers: [
              {
                name: 'datanode',
                image: datanodeImage,
                env: [
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'GRAYLOG_DATANODE_NODE_NAME', value: `$(POD_NAME).${datanodeService.name}.${namespace}.svc.${props.clusterDomain}` },
                  { name: 'GRAYLOG_DATANODE_NODE_ID_FILE', value: '/var/lib/graylog-datanode/node-id' },
                  { name: 'GRAYLOG_DATANODE_OPENSEARCH_HEAP', value: '1g' },
                  { name: 'JAVA_OPTS', value: '-Xms512m -Xmx512m' },
                  envFromSecret('GRAYLOG_DATANODE_PASSWORD_SECRET', secretName, key.passwordSecret),
                  envFromSecret('GRAYLOG_DATANODE_MONGODB_URI', secretName, key.mongodbUri),
                ],
                ports: [
                  { name: 'api', containerPort: 8999 },
                  { name: 'opensearch', containerPort: 9200 },
                  { name: 'transport', containerPort: 9300 },
                ],
                // The image's entrypoint prepares the data folder as root, then drops to its user.
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID'] }, seccompProfile: { type: 'RuntimeDefault' } },
                resources: computeResources({ cpu: '500m', memory: '2Gi' }, { cpu: '2', memory: '2560Mi' }),
                readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(8999) }, periodSeconds: 10, failureThreshold: 3 },
                livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(8999) }, initialDelaySeconds: 120, periodSeconds: 30, failureThreshold: 5 },
                volumeMounts: [
                  { name: 'data', mountPath: '/var/lib/graylog-datanode' },
                  { name: 'native-libs', mountPath: '/native_libs' },
                ],
              },
            ],
            volumes: [{ name: 'native-libs', emptyDir: {} }],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], storageClassName: props.storageClass, resources: { requests: { storage: k8s.Quantity.fromString(props.searchStorageSize) } } },
          },
        ],
      },
    });

    // Graylog server.
    const graylogLabels = selector(names.graylog);
    const status = '/api/system/lbstatus';
    new k8s.KubeStatefulSet(this, 'graylog', {
      metadata: { name: names.graylog, namespace, labels: graylogLabels },
      spec: {
        replicas: 1,
        serviceName: names.graylog,
        selector: { matchLabels: graylogLabels },
        template: {
          metadata: { labels: graylogLabels },
          spec: {
            securityContext: { ...restrictedPod(), fsGroup: GRAYLOG_UID, fsGroupChangePolicy: 'OnRootMismatch' },
            containers: [
              {
                name: 'graylog',
                image: props.image ?? images.graylog,
                env: [
                  { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
                  { name: 'GRAYLOG_HTTP_BIND_ADDRESS', value: `0.0.0.0:${WEB_PORT}` },
                  { name: 'GRAYLOG_HTTP_PUBLISH_URI', value: `http://$(POD_IP):${WEB_PORT}/` },
                  // https from the start: the seed edited the configuration by hand after each install.
                  { name: 'GRAYLOG_HTTP_EXTERNAL_URI', value: `https://${props.host}/` },
                  { name: 'GRAYLOG_ROOT_USERNAME', value: 'admin' },
                  { name: 'GRAYLOG_ROOT_TIMEZONE', value: props.rootTimezone ?? 'America/Toronto' },
                  // The Data Node's certificates come from a CA Graylog creates at its first start,
                  // instead of the interactive preflight of the web interface.
                  { name: 'GRAYLOG_SELFSIGNED_STARTUP', value: 'true' },
                  { name: 'GRAYLOG_PROMETHEUS_EXPORTER_ENABLED', value: 'true' },
                  { name: 'GRAYLOG_PROMETHEUS_EXPORTER_BIND_ADDRESS', value: `0.0.0.0:${METRICS_PORT}` },
                  { name: 'GRAYLOG_SERVER_JAVA_OPTS', value: '-Xms1g -Xmx1g' },
                  envFromSecret('GRAYLOG_PASSWORD_SECRET', secretName, key.passwordSecret),
                  envFromSecret('GRAYLOG_ROOT_PASSWORD_SHA2', secretName, key.rootPasswordSha2),
                  envFromSecret('GRAYLOG_MONGODB_URI', secretName, key.mongodbUri),
                ],
                ports: [
                  { name: 'web', containerPort: WEB_PORT },
                  { name: 'metrics', containerPort: METRICS_PORT },
                  ...GRAYLOG_INPUTS.map((i) => ({ name: i.title, containerPort: i.port, protocol: i.protocol.toUpperCase() })),
                ],
                securityContext: { ...restrictedContainer(GRAYLOG_UID), runAsGroup: GRAYLOG_UID },
                resources: computeResources({ cpu: '500m', memory: '1536Mi' }, { cpu: '2', memory: '2Gi' }),
                startupProbe: httpProbe(status, WEB_PORT, { failures: 60 }),
                readinessProbe: httpProbe(status, WEB_PORT),
                livenessProbe: httpProbe(status, WEB_PORT, { period: 30, failures: 5 }),
                volumeMounts: [{ name: 'journal', mountPath: '/usr/share/graylog/data' }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'journal' },
            spec: { accessModes: ['ReadWriteOnce'], storageClassName: props.storageClass, resources: { requests: { storage: k8s.Quantity.fromString('10Gi') } } },
          },
        ],
      },
    });
    const graylogService = new k8s.KubeService(this, 'graylog-service', {
      metadata: { name: names.graylog, namespace, labels: graylogLabels },
      spec: { selector: graylogLabels, ports: [tcp('web', WEB_PORT), tcp('metrics', METRICS_PORT)] },
    });
    // The inputs, for senders in the cluster (Filebeat, applications): ClusterIP as before.
    for (const protocol of ['tcp', 'udp'] as const) {
      new k8s.KubeService(this, `inputs-${protocol}`, {
        metadata: { name: `${names.graylog}-${protocol}`, namespace, labels: graylogLabels },
        spec: {
          selector: graylogLabels,
          ports: GRAYLOG_INPUTS.filter((i) => i.protocol === protocol).map((i) => ({ name: i.title, protocol: protocol.toUpperCase(), port: i.port, targetPort: k8s.IntOrString.fromNumber(i.port) })),
        },
      });
    }
    new PublishedService(this, 'web', {
      issuer: props.issuer,
      backend: RouteBackend.fromService(graylogService, { port: 'web' }),
      host: props.host,
      routeName: names.graylog,
      tlsSecretName: names.tlsSecret,
    });

    // MongoDB and the Data Node (OpenSearch) answer Graylog and the Data Node only.
    const from = [{ podSelector: { matchLabels: graylogLabels } }, { podSelector: { matchLabels: datanodeLabels } }];
    new k8s.KubeNetworkPolicy(this, 'mongodb-access', {
      metadata: { name: `${names.mongodb}-access`, namespace },
      spec: { podSelector: { matchLabels: mongoLabels }, policyTypes: ['Ingress'], ingress: [{ from, ports: [{ port: k8s.IntOrString.fromNumber(GRAYLOG_MONGODB.port) }] }] },
    });
    new k8s.KubeNetworkPolicy(this, 'datanode-access', {
      metadata: { name: `${names.datanode}-access`, namespace },
      spec: { podSelector: { matchLabels: datanodeLabels }, policyTypes: ['Ingress'], ingress: [{ from }] },
    });
  }
}

/** `graylog/inputs/<title>.json`: request bodies of `POST /api/system/inputs` (see README). */
export function renderGraylogInputs(): OutputFile[] {
  return GRAYLOG_INPUTS.map((i) => ({
    path: `graylog/inputs/${i.title}.json`,
    content: toJson({ title: i.title, type: i.type, global: true, configuration: { bind_address: '0.0.0.0', port: i.port } }),
  }));
}

/** What the Graylog chart needs: the stack's props and the cluster's name. */
export interface GraylogChartProps extends GraylogStackProps, PlatformChartProps {}

/** The chart's props from the cluster model. */
export function graylogChartProps(model: ClusterModel): GraylogChartProps {
  const g = model.components.graylog;
  return {
    clusterName: model.name,
    names: model.names.graylog,
    namespace: model.names.namespaces.graylog,
    secretName: g.secretName,
    storageClass: model.storageClass,
    mongodbStorageSize: g.mongodbStorageSize,
    searchStorageSize: g.elasticsearchStorageSize,
    host: model.hosts.graylog,
    issuer: clusterCaIssuer(model),
    clusterDomain: model.clusterDomain,
  };
}

/** `53-graylog`. */
export class GraylogChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: GraylogChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'graylog' });
    const namespace = new k8s.KubeNamespace(this, 'namespace', { metadata: { name: props.namespace ?? platformNamespaces.graylog } });
    new GraylogStack(this, 'graylog', { ...props, namespace: namespace.name });
  }
}
