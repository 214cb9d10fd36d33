/**
 * Jaeger (jaegertracing.io/v1, production strategy) storing spans in the ECK Elasticsearch, and
 * the reference's ServiceMonitor/PodMonitor.
 *
 * Why Jaeger lives in `elastic-system` (the reference: `observability`): seed 000 copies the
 * `elastic` password and the HTTP CA from elastic-system into observability by hand, copies that
 * go stale when ECK rotates them. In the ECK namespace, Jaeger mounts the Secrets ECK maintains
 * (`--es.password-file`, `--es.tls.ca`): nothing is copied, nothing is written in dist/.
 */
import { Construct } from 'constructs';
import type { ClusterModel } from '../clusters/model';
import * as jaeger from '../imports/jaegertracing.io';
import { PodMonitor, ServiceMonitor } from '../imports/monitoring.coreos.com';
import { ComponentChart } from './lib/component-chart';
import { type ClusterCaIssuer, clusterCaIssuer, HostCertificate } from './lib/certificate';
import { INGRESS_CLASS } from './lib/published-service';
import { ELASTIC_NAMESPACE, elasticNames, type ElasticNames } from './logging';

import { JAEGER_OPERATOR_NAMESPACE, MONITORING_NAMESPACE } from './lib/namespaces';
const CERTS_MOUNT = '/es/certificates';
const CREDENTIALS_MOUNT = '/es/credentials';

export const jaegerName = (model: ClusterModel) => `${model.name}-jaeger`;

/** What the Jaeger instance is called, where it is published and which ECK Elasticsearch it writes to. */
export interface TracingJaegerProps {
  /** Name of the Jaeger resource (`jaegerName(model)`). */
  readonly name: string;
  /**
   * Namespace of Jaeger: the ECK namespace, so that it mounts the Secrets ECK maintains.
   * @default ELASTIC_NAMESPACE
   */
  readonly namespace?: string;
  /** Host of the query UI (`model.hosts.jaeger`). */
  readonly host: string;
  /** Secret cert-manager writes the query UI's certificate to. */
  readonly tlsSecretName: string;
  /** Issuer of that certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /** The Elasticsearch storing spans, and the Secrets ECK writes for it (`elasticNames(model)`), in `namespace`. */
  readonly elasticsearch: Pick<ElasticNames, 'httpService' | 'elasticUserSecret' | 'httpCertsPublicSecret'>;
}

/** The Jaeger instance. */
export class TracingJaeger extends Construct {
  constructor(scope: Construct, id: string, props: TracingJaegerProps) {
    super(scope, id);
    const { host, elasticsearch: es, tlsSecretName: tlsSecret } = props;
    const namespace = props.namespace ?? ELASTIC_NAMESPACE;
    new HostCertificate(this, 'certificate', { issuer: props.issuer, namespace, host, secretName: tlsSecret });
    new jaeger.Jaeger(this, 'jaeger', {
      metadata: { name: props.name, namespace },
      spec: {
        strategy: 'production',
        collector: {
          maxReplicas: 2,
          resources: {
            requests: { cpu: jaeger.JaegerSpecCollectorResourcesRequests.fromString('50m'), memory: jaeger.JaegerSpecCollectorResourcesRequests.fromString('64Mi') },
            limits: { cpu: jaeger.JaegerSpecCollectorResourcesLimits.fromString('100m'), memory: jaeger.JaegerSpecCollectorResourcesLimits.fromString('128Mi') },
          },
        },
        query: {
          resources: {
            requests: { cpu: jaeger.JaegerSpecQueryResourcesRequests.fromString('50m'), memory: jaeger.JaegerSpecQueryResourcesRequests.fromString('64Mi') },
            limits: { cpu: jaeger.JaegerSpecQueryResourcesLimits.fromString('200m'), memory: jaeger.JaegerSpecQueryResourcesLimits.fromString('256Mi') },
          },
        },
        ingress: {
          enabled: true,
          ingressClassName: INGRESS_CLASS,
          hosts: [host],
          tls: [{ hosts: [host], secretName: tlsSecret }],
          // The reference's ssl-passthrough is dropped: TLS ends at the Ingress, the query service speaks HTTP.
        },
        storage: {
          type: 'elasticsearch',
          // Kept off: the index-cleaner and spark-dependencies CronJobs read credentials only from env
          // (ES_USERNAME/ES_PASSWORD), which would mean copying the elastic password; see README
          // (Charts II) for retention. The operator switches spark-dependencies on by default for an
          // Elasticsearch without TLS options: said explicitly so that it stays off.
          esIndexCleaner: { enabled: false },
          dependencies: { enabled: false },
          options: {
            es: {
              'server-urls': `https://${es.httpService}.${namespace}.svc:9200`,
              'index-prefix': 'jaeger',
              username: 'elastic',
              'password-file': `${CREDENTIALS_MOUNT}/elastic`,
              tls: { enabled: true, ca: `${CERTS_MOUNT}/ca.crt` },
            },
          },
        },
        volumeMounts: [
          { name: 'es-certificates', mountPath: CERTS_MOUNT, readOnly: true },
          { name: 'es-credentials', mountPath: CREDENTIALS_MOUNT, readOnly: true },
        ],
        volumes: [
          { name: 'es-certificates', secret: { secretName: es.httpCertsPublicSecret } },
          { name: 'es-credentials', secret: { secretName: es.elasticUserSecret } },
        ],
      },
    });
  }
}

/** `51-tracing`. Its ServiceMonitor/PodMonitor live in `52-monitoring`, which owns the `monitoring` namespace. */
export class TracingChart extends ComponentChart {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id, { model, component: 'jaeger' });
    new TracingJaeger(this, 'jaeger', {
      name: jaegerName(model),
      host: model.hosts.jaeger,
      tlsSecretName: `jaeger-${model.name}-tls`,
      issuer: clusterCaIssuer(model),
      elasticsearch: elasticNames(model),
    });
  }
}

/** Where the Jaeger monitors live and what they watch. */
export interface JaegerMonitorsProps {
  /** Release label kube-prometheus-stack's Prometheus selects (`model.names.prometheusRelease`). */
  readonly prometheusRelease: string;
  /**
   * Namespace of the monitors.
   * @default MONITORING_NAMESPACE
   */
  readonly namespace?: string;
  /**
   * Namespace of the jaeger-operator.
   * @default JAEGER_OPERATOR_NAMESPACE
   */
  readonly operatorNamespace?: string;
  /**
   * Namespace of the Jaeger instance (its collectors).
   * @default ELASTIC_NAMESPACE
   */
  readonly jaegerNamespace?: string;
}

/** The reference's Jaeger ServiceMonitor (operator) and PodMonitor (collectors). */
export class JaegerMonitors extends Construct {
  constructor(scope: Construct, id: string, props: JaegerMonitorsProps) {
    super(scope, id);
    const namespace = props.namespace ?? MONITORING_NAMESPACE;
    const release = { release: props.prometheusRelease };
    new ServiceMonitor(this, 'operator-metrics', {
      metadata: { name: 'jaeger-operator-metrics', namespace, labels: release },
      spec: {
        selector: { matchLabels: { name: 'jaeger-operator' } },
        namespaceSelector: { matchNames: [props.operatorNamespace ?? JAEGER_OPERATOR_NAMESPACE] },
        endpoints: [{ port: 'http-metrics', path: '/metrics', interval: '15s' }],
      },
    });
    // The reference's PodMonitor had no namespaceSelector, so it only looked in `monitoring`: fixed.
    new PodMonitor(this, 'collector', {
      metadata: { name: 'jaeger-collector', namespace, labels: release },
      spec: {
        namespaceSelector: { matchNames: [props.jaegerNamespace ?? ELASTIC_NAMESPACE] },
        selector: { matchLabels: { app: 'jaeger', 'app.kubernetes.io/component': 'collector' } },
        podMetricsEndpoints: [{ port: 'admin-http', path: '/metrics', interval: '15s' }],
      },
    });
  }
}
