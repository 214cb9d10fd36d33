/**
 * Jaeger v2 (an OpenTelemetry Collector distribution) storing spans in the ECK Elasticsearch, run
 * by plain objects: its configuration built as an object and written to a ConfigMap, one
 * Deployment, the collector and query Services, the query UI published, a nightly index cleaner,
 * and the ServiceMonitor Prometheus scrapes. No operator: the jaeger-operator drove Jaeger v1 only
 * (end of life 2025-12-31), and the OpenTelemetry Operator would be one more operator to run for a
 * single Deployment.
 *
 * Why Jaeger lives in `elastic-system` (the reference: `observability`): seed 000 copies the
 * `elastic` password and the HTTP CA from elastic-system into observability by hand, copies that
 * go stale when ECK rotates them. In the ECK namespace, Jaeger mounts the Secrets ECK maintains:
 * nothing is copied, nothing is written in dist/.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, TracingNamesModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { images, versions } from '../clusters/model/versions';
import { ServiceMonitor } from '../imports/monitoring.coreos.com';
import { toYaml } from '../output/serialize';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import { PublishedService, RouteBackend } from './lib/published-service';
import { computeResources, envFromSecret, httpProbe, restrictedContainer, restrictedPod } from './lib/workload';
import type { LogsElasticsearch } from './logging';

const CONFIG_MOUNT = '/etc/jaeger';
const CONFIG_FILE = 'config.yaml';
const CERTS_MOUNT = '/es/certificates';
const CREDENTIALS_MOUNT = '/es/credentials';
/** Uid of the jaegertracing/jaeger image (cmd/jaeger/Dockerfile `USER_UID`). */
const JAEGER_UID = 10001;

/** The ports Jaeger v2 listens on, with the Service port names. */
export const JAEGER_PORTS = {
  /** OTLP over gRPC, for applications (OpenTelemetry SDKs' default exporter port). */
  otlpGrpc: 4317,
  /** OTLP over HTTP (`/v1/traces`), for applications. */
  otlpHttp: 4318,
  /** Query UI and HTTP API. */
  query: 16686,
  /** Query gRPC API (api_v2/api_v3), for tools such as Grafana's Jaeger data source. */
  queryGrpc: 16685,
  /** The collector's own metrics (Prometheus format). */
  metrics: 8888,
  /** healthcheckv2 extension: `/status`. */
  health: 13133,
} as const;

/** Labels of the collector Service, which the ServiceMonitor selects. */
const collectorLabels = (names: TracingNamesModel) => ({ 'app.kubernetes.io/instance': names.jaeger, 'app.kubernetes.io/component': 'collector' });

/** Options of the Elasticsearch storage that are not names. */
export interface JaegerStorageOptions {
  /** Prefix of the daily indices: `<prefix>-jaeger-span-YYYY-MM-DD` (Jaeger v1's layout, so its data stays readable). */
  readonly indexPrefix: string;
  /** Days of spans kept: the cleaner deletes older indices; the query looks back as far. */
  readonly retentionDays: number;
  /** Replicas of each index (0 on a one-node Elasticsearch, where a replica can never be assigned). */
  readonly replicas: number;
}

/**
 * The Jaeger v2 configuration (cmd/jaeger/config-elasticsearch.yaml of the release is its model):
 * OTLP receivers → batch → the Elasticsearch storage; the query extension reads the same storage.
 * Built as an object; the caller serializes it.
 */
export function jaegerConfig(es: { url: string; username: string; passwordFile: string; caFile: string }, storage: JaegerStorageOptions): Record<string, unknown> {
  const store = 'elasticsearch';
  // Rotation left to Jaeger's default: periodic daily indices (`…-YYYY-MM-DD`), as Jaeger v1 wrote them.
  const index = { shards: 1, replicas: storage.replicas };
  return {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
      telemetry: {
        resource: { 'service.name': 'jaeger' },
        metrics: { level: 'detailed', readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: JAEGER_PORTS.metrics } } } }] },
        logs: { level: 'info' },
      },
    },
    extensions: {
      healthcheckv2: { use_v2: true, http: { endpoint: `0.0.0.0:${JAEGER_PORTS.health}` } },
      jaeger_query: {
        storage: { traces: store },
        http: { endpoint: `0.0.0.0:${JAEGER_PORTS.query}` },
        grpc: { endpoint: `0.0.0.0:${JAEGER_PORTS.queryGrpc}` },
      },
      jaeger_storage: {
        backends: {
          [store]: {
            elasticsearch: {
              server_urls: [es.url],
              auth: { basic: { username: es.username, password_file: es.passwordFile, reload_interval: '1m' } },
              tls: { ca_file: es.caFile },
              max_span_age: `${storage.retentionDays * 24}h`,
              indices: { index_prefix: storage.indexPrefix, spans: index, services: index, dependencies: index, sampling: index },
            },
          },
        },
      },
    },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `0.0.0.0:${JAEGER_PORTS.otlpGrpc}` },
          http: { endpoint: `0.0.0.0:${JAEGER_PORTS.otlpHttp}` },
        },
      },
    },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: store } },
  };
}

/** What Jaeger is called, where it is published and which ECK Elasticsearch it writes to. */
export interface TracingJaegerProps {
  /** Names of the objects (`model.names.tracing`). */
  readonly names: TracingNamesModel;
  /**
   * Image of Jaeger v2.
   * @default images.jaeger
   */
  readonly image?: string;
  /**
   * Image of Jaeger's es-index-cleaner, of the same release.
   * @default - jaegertracing/jaeger-es-index-cleaner of the pinned Jaeger release
   */
  readonly indexCleanerImage?: string;
  /** Host of the query UI (`model.hosts.jaeger`). */
  readonly host: string;
  /** Issuer of the UI's certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /**
   * The Elasticsearch storing spans. Jaeger runs in its namespace, so that it mounts the Secrets
   * ECK maintains there.
   */
  readonly elasticsearch: LogsElasticsearch;
  /** Index layout and retention. */
  readonly storage: JaegerStorageOptions;
}

/** Jaeger v2: ConfigMap, Deployment, Services, published UI, index cleaner. */
export class TracingJaeger extends Construct {
  /** The Service applications send OTLP to; it also serves Jaeger's metrics. */
  readonly collectorService: k8s.KubeService;
  /** The labels that single out the collector Service (what a ServiceMonitor selects). */
  readonly collectorLabels: Readonly<Record<string, string>>;
  /** Name of the collector Service's port serving Prometheus metrics at `/metrics`. */
  readonly metricsPort = 'metrics';
  readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: TracingJaegerProps) {
    super(scope, id);
    const { names, elasticsearch: es, storage } = props;
    const namespace = es.namespace;
    const labels = { 'app.kubernetes.io/instance': names.jaeger, 'app.kubernetes.io/component': 'jaeger' };
    const esUrl = `https://${es.httpService}.${namespace}.svc:9200`;

    const config = jaegerConfig({ url: esUrl, username: 'elastic', passwordFile: `${CREDENTIALS_MOUNT}/elastic`, caFile: `${CERTS_MOUNT}/ca.crt` }, storage);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: names.configMap, namespace },
      data: { [CONFIG_FILE]: toYaml(config) },
    });

    const esVolumes: k8s.Volume[] = [
      { name: 'es-certificates', secret: { secretName: es.httpCertsPublicSecret } },
      { name: 'es-credentials', secret: { secretName: es.elasticUserSecret } },
    ];
    const port = (name: string, containerPort: number): k8s.ContainerPort => ({ name, containerPort, protocol: 'TCP' });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: names.jaeger, namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          // A new configuration restarts the pod (the collector reads its file at start).
          metadata: { labels, annotations: { 'kube-cluster-as-code/config-hash': hash(toYaml(config)) } },
          spec: {
            securityContext: restrictedPod(),
            containers: [
              {
                name: 'jaeger',
                image: props.image ?? images.jaeger,
                args: ['--config', `${CONFIG_MOUNT}/${CONFIG_FILE}`],
                ports: [
                  port('otlp-grpc', JAEGER_PORTS.otlpGrpc),
                  port('otlp-http', JAEGER_PORTS.otlpHttp),
                  port('http-query', JAEGER_PORTS.query),
                  port('grpc-query', JAEGER_PORTS.queryGrpc),
                  port('metrics', JAEGER_PORTS.metrics),
                  port('health', JAEGER_PORTS.health),
                ],
                securityContext: { ...restrictedContainer(JAEGER_UID), readOnlyRootFilesystem: true },
                resources: computeResources({ cpu: '100m', memory: '256Mi' }, { cpu: '1', memory: '512Mi' }),
                readinessProbe: httpProbe('/status', 'health'),
                livenessProbe: httpProbe('/status', 'health', { period: 30, failures: 5, initialDelay: 30 }),
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_MOUNT, readOnly: true },
                  { name: 'es-certificates', mountPath: CERTS_MOUNT, readOnly: true },
                  { name: 'es-credentials', mountPath: CREDENTIALS_MOUNT, readOnly: true },
                ],
              },
            ],
            volumes: [{ name: 'config', configMap: { name: this.configMap.name } }, ...esVolumes],
          },
        },
      },
    });

    const servicePort = (name: string, p: number): k8s.ServicePort => ({ name, protocol: 'TCP', port: p, targetPort: k8s.IntOrString.fromString(name) });
    this.collectorLabels = collectorLabels(names);
    this.collectorService = new k8s.KubeService(this, 'collector', {
      metadata: { name: names.collectorService, namespace, labels: { ...this.collectorLabels } },
      spec: {
        selector: labels,
        ports: [
          // appProtocol: gRPC needs HTTP/2 end to end through meshes and gateways.
          { ...servicePort('otlp-grpc', JAEGER_PORTS.otlpGrpc), appProtocol: 'grpc' },
          servicePort('otlp-http', JAEGER_PORTS.otlpHttp),
          servicePort(this.metricsPort, JAEGER_PORTS.metrics),
        ],
      },
    });
    const query = new k8s.KubeService(this, 'query', {
      metadata: { name: names.queryService, namespace, labels: { ...labels, 'app.kubernetes.io/component': 'query' } },
      spec: {
        selector: labels,
        ports: [servicePort('http-query', JAEGER_PORTS.query), { ...servicePort('grpc-query', JAEGER_PORTS.queryGrpc), appProtocol: 'grpc' }],
      },
    });

    new PublishedService(this, 'ui', {
      issuer: props.issuer,
      backend: RouteBackend.fromService(query, { port: 'http-query' }),
      host: props.host,
      routeName: query.name,
      tlsSecretName: names.tlsSecret,
    });

    // Retention: Jaeger's own cleaner, not ILM. Periodic daily indices carry no lifecycle policy,
    // and ECK declares ILM policies only through StackConfigPolicy (Enterprise license). The
    // cleaner reads the password from ECK's Secret by reference (env), never a copy.
    new k8s.KubeCronJob(this, 'index-cleaner', {
      metadata: { name: names.indexCleaner, namespace, labels },
      spec: {
        schedule: '55 23 * * *',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            template: {
              metadata: { labels: { 'app.kubernetes.io/instance': names.jaeger, 'app.kubernetes.io/component': 'es-index-cleaner' } },
              spec: {
                restartPolicy: 'OnFailure',
                securityContext: restrictedPod(),
                containers: [
                  {
                    name: 'es-index-cleaner',
                    image: props.indexCleanerImage ?? `jaegertracing/jaeger-es-index-cleaner:${versions.jaeger}`,
                    // NUM_OF_DAYS URL; flags come from the environment (es.password → ES_PASSWORD).
                    args: [String(storage.retentionDays), esUrl],
                    env: [
                      { name: 'INDEX_PREFIX', value: storage.indexPrefix },
                      { name: 'ES_USERNAME', value: 'elastic' },
                      envFromSecret('ES_PASSWORD', es.elasticUserSecret, 'elastic'),
                      { name: 'ES_TLS_ENABLED', value: 'true' },
                      { name: 'ES_TLS_CA', value: `${CERTS_MOUNT}/ca.crt` },
                    ],
                    securityContext: { ...restrictedContainer(JAEGER_UID), readOnlyRootFilesystem: true },
                    resources: computeResources({ cpu: '10m', memory: '32Mi' }, { cpu: '200m', memory: '128Mi' }),
                    volumeMounts: [{ name: 'es-certificates', mountPath: CERTS_MOUNT, readOnly: true }],
                  },
                ],
                volumes: [esVolumes[0]],
              },
            },
          },
        },
      },
    });
  }
}

/** A short, stable digest of a string (FNV-1a, 32 bits, hex): changes when the configuration does. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** What the tracing chart needs. */
export interface TracingChartProps extends PlatformChartProps {
  /** Names of Jaeger's objects (`model.names.tracing`). */
  readonly names: TracingNamesModel;
  /** The Elasticsearch of the logging chart, which stores the spans. */
  readonly elasticsearch: LogsElasticsearch;
  /** Host of the query UI (`model.hosts.jaeger`). */
  readonly host: string;
  /** Issuer of the UI's certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /** Days of spans kept (`components.tracing.retentionDays`). */
  readonly retentionDays: number;
}

/** The chart's props from the cluster model and the logging chart's Elasticsearch. */
export function tracingChartProps(model: ClusterModel, elasticsearch: LogsElasticsearch): TracingChartProps {
  return { clusterName: model.name, names: model.names.tracing, elasticsearch, host: model.hosts.jaeger, issuer: clusterCaIssuer(model), retentionDays: model.components.tracing.retentionDays };
}

/** `51-tracing`. Its ServiceMonitor lives in `52-monitoring`, which owns the `monitoring` namespace. */
export class TracingChart extends ComponentChart {
  readonly jaeger: TracingJaeger;

  constructor(scope: Construct, id: string, props: TracingChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'jaeger' });
    this.jaeger = new TracingJaeger(this, 'jaeger', {
      names: props.names,
      host: props.host,
      issuer: props.issuer,
      elasticsearch: props.elasticsearch,
      storage: {
        indexPrefix: 'jaeger',
        retentionDays: props.retentionDays,
        // A replica can never be assigned on a one-node Elasticsearch.
        replicas: props.elasticsearch.nodes > 1 ? 1 : 0,
      },
    });
  }
}

/** Where the Jaeger monitor lives and what it watches. */
export interface JaegerMonitorsProps {
  /** Release label kube-prometheus-stack's Prometheus selects (`model.names.monitoring.prometheusRelease`). */
  readonly prometheusRelease: string;
  /** The Jaeger whose collector Service is scraped. */
  readonly jaeger: TracingJaeger;
  /**
   * Namespace of the monitor.
   * @default platformNamespaces.monitoring
   */
  readonly namespace?: string;
}

/** The ServiceMonitor of Jaeger's own metrics (spans received, exported, dropped; storage latency). */
export class JaegerMonitors extends Construct {
  constructor(scope: Construct, id: string, props: JaegerMonitorsProps) {
    super(scope, id);
    const { jaeger } = props;
    new ServiceMonitor(this, 'jaeger', {
      metadata: { name: 'jaeger', namespace: props.namespace ?? platformNamespaces.monitoring, labels: { release: props.prometheusRelease } },
      spec: {
        selector: { matchLabels: { ...jaeger.collectorLabels } },
        namespaceSelector: { matchNames: [jaeger.collectorService.metadata.namespace!] },
        endpoints: [{ port: jaeger.metricsPort, path: '/metrics', interval: '15s' }],
      },
    });
  }
}
