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
import { clusterCaIssuer, HostCertificate } from './lib/certificate';
import { INGRESS_CLASS } from './lib/published-service';
import { ELASTIC_NAMESPACE, elasticNames } from './logging';

import { JAEGER_OPERATOR_NAMESPACE, MONITORING_NAMESPACE } from './lib/namespaces';
const CERTS_MOUNT = '/es/certificates';
const CREDENTIALS_MOUNT = '/es/credentials';

export const jaegerName = (model: ClusterModel) => `${model.name}-jaeger`;

/** The Jaeger instance. */
export class TracingJaeger extends Construct {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id);
    const es = elasticNames(model);
    const tlsSecret = `jaeger-${model.name}-tls`;
    new HostCertificate(this, 'certificate', { issuer: clusterCaIssuer(model), namespace: ELASTIC_NAMESPACE, host: model.hosts.jaeger, secretName: tlsSecret });
    new jaeger.Jaeger(this, 'jaeger', {
      metadata: { name: jaegerName(model), namespace: ELASTIC_NAMESPACE },
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
          hosts: [model.hosts.jaeger],
          tls: [{ hosts: [model.hosts.jaeger], secretName: tlsSecret }],
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
              'server-urls': `https://${es.httpService}.${ELASTIC_NAMESPACE}.svc:9200`,
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
    new TracingJaeger(this, 'jaeger', model);
  }
}

/** The reference's Jaeger ServiceMonitor (operator) and PodMonitor (collectors). */
export class JaegerMonitors extends Construct {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id);
    const release = { release: model.names.prometheusRelease };
    new ServiceMonitor(this, 'operator-metrics', {
      metadata: { name: 'jaeger-operator-metrics', namespace: MONITORING_NAMESPACE, labels: release },
      spec: {
        selector: { matchLabels: { name: 'jaeger-operator' } },
        namespaceSelector: { matchNames: [JAEGER_OPERATOR_NAMESPACE] },
        endpoints: [{ port: 'http-metrics', path: '/metrics', interval: '15s' }],
      },
    });
    // The reference's PodMonitor had no namespaceSelector, so it only looked in `monitoring`: fixed.
    new PodMonitor(this, 'collector', {
      metadata: { name: 'jaeger-collector', namespace: MONITORING_NAMESPACE, labels: release },
      spec: {
        namespaceSelector: { matchNames: [ELASTIC_NAMESPACE] },
        selector: { matchLabels: { app: 'jaeger', 'app.kubernetes.io/component': 'collector' } },
        podMetricsEndpoints: [{ port: 'admin-http', path: '/metrics', interval: '15s' }],
      },
    });
  }
}
