/**
 * Monitoring: kube-prometheus-stack installed with Helm (values generated from the spec), plus what
 * we add to it as manifests: the `monitoring` namespace, Grafana's certificate, and the
 * ServiceMonitors/PodMonitors of Ceph, the Keycloak database, the Gateway's Envoy proxies and Jaeger.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, MonitoringNamesModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { helmRepositories, versions } from '../clusters/model/versions';
import { PodMonitor, ServiceMonitor } from '../imports/monitoring.coreos.com';
import type { KeycloakDatabase } from './keycloak';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import type { HelmRelease } from './lib/helm-release';
import { PublishedService, RouteBackend } from './lib/published-service';
import { JaegerMonitors, type TracingJaeger } from './tracing';

/** Reference names of Grafana's Certificate and TLS Secret. */
const GRAFANA_TLS_SECRET = 'grafana-tls';
/** Port of Grafana's Service (the grafana chart's default, set explicitly in the values). */
export const GRAFANA_SERVICE_PORT = 80;

const volumeClaim = (model: ClusterModel, size: string) => ({
  volumeClaimTemplate: { spec: { storageClassName: model.storageClass, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } },
});

/** Values of kube-prometheus-stack: retention, volumes on the cluster's class, Grafana behind TLS, admin from a Secret. */
export function kubePrometheusStackValues(model: ClusterModel): Record<string, unknown> {
  const m = model.components.monitoring;
  return {
    namespaceOverride: model.names.namespaces.monitoring,
    // The CRDs come from the operators kustomization, at the same prometheus-operator version.
    crds: { enabled: false },
    alertmanager: { alertmanagerSpec: { storage: volumeClaim(model, m.alertmanagerStorageSize) } },
    grafana: {
      enabled: true,
      namespaceOverride: model.names.namespaces.monitoring,
      defaultDashboardsEnabled: true,
      admin: { existingSecret: m.grafanaAdminSecretName, userKey: 'admin-user', passwordKey: 'admin-password' },
      persistence: { type: 'pvc', enabled: true, storageClassName: model.storageClass, accessModes: ['ReadWriteOnce'], size: m.grafanaStorageSize },
      // Published by the platform Gateway (an HTTPRoute in MonitoringChart), not by an Ingress of the chart.
      ingress: { enabled: false },
      // The sub-chart's Service (`<release>-grafana`), kept at the port the route names.
      service: { port: GRAFANA_SERVICE_PORT },
    },
    kubeApiServer: { enabled: true },
    kubelet: { enabled: true, namespace: model.names.namespaces.kubeSystem },
    kubeControllerManager: { enabled: true },
    coreDns: { enabled: true },
    kubeEtcd: { enabled: true },
    kubeScheduler: { enabled: true },
    // As in the reference: kube-proxy serves its metrics on localhost only.
    kubeProxy: { enabled: false },
    kubeStateMetrics: { enabled: true },
    'kube-state-metrics': { namespaceOverride: model.names.namespaces.monitoring },
    nodeExporter: { enabled: true },
    'prometheus-node-exporter': { namespaceOverride: model.names.namespaces.monitoring },
    // The chart passes no --cluster-domain by default: Alertmanager peers and the operator's
    // Service URLs then rely on the resolver's search path; the cluster's own domain, explicitly.
    prometheusOperator: { enabled: true, clusterDomain: model.clusterDomain },
    prometheus: {
      enabled: true,
      prometheusSpec: {
        retention: m.retention,
        retentionSize: m.retentionSize,
        // Select the ServiceMonitors/PodMonitors/rules of every namespace, not only this release's.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        storageSpec: volumeClaim(model, m.prometheusStorageSize),
      },
    },
  };
}

/** The Helm release of kube-prometheus-stack (reference release name `<name>-prom`). */
export function kubePrometheusStackRelease(model: ClusterModel): HelmRelease {
  return {
    name: model.names.monitoring.prometheusRelease,
    namespace: model.names.namespaces.monitoring,
    repository: 'prometheus-community',
    repositoryUrl: helmRepositories['prometheus-community'],
    chart: 'kube-prometheus-stack',
    version: versions.kubePrometheusStackChart,
    values: kubePrometheusStackValues(model),
    valuesFile: 'kube-prometheus-stack.values.yaml',
  };
}

/** Which platform components are monitored, and how the monitors are found by Prometheus. */
export interface PlatformServiceMonitorsProps {
  /** Release label kube-prometheus-stack's Prometheus selects (`model.names.monitoring.prometheusRelease`). */
  readonly prometheusRelease: string;
  /**
   * Namespace of the monitors.
   * @default platformNamespaces.monitoring
   */
  readonly namespace?: string;
  /**
   * Monitor the Rook-Ceph mgr (Rook-Ceph is on).
   * @default false
   */
  readonly ceph?: boolean;
  /**
   * Monitor Keycloak's database through its exporter Service (Keycloak is on).
   * @default - not monitored
   */
  readonly keycloakDatabase?: {
    /** Name of the ServiceMonitor (the reference's). */
    readonly monitorName: string;
    /** The database, whose exporter Service is scraped. */
    readonly database: KeycloakDatabase;
  };
  /**
   * Monitor this Jaeger through its collector Service (tracing is on).
   * @default - not monitored
   */
  readonly jaeger?: TracingJaeger;
}

/** The reference's ServiceMonitors of the platform components that export metrics. */
export class PlatformServiceMonitors extends Construct {
  constructor(scope: Construct, id: string, props: PlatformServiceMonitorsProps) {
    super(scope, id);
    const { prometheusRelease, keycloakDatabase } = props;
    const namespace = props.namespace ?? platformNamespaces.monitoring;
    const labels = { release: prometheusRelease };
    if (props.ceph) {
      new ServiceMonitor(this, 'ceph', {
        metadata: { name: 'ceph-rook-svc-monitor', namespace, labels },
        spec: {
          selector: { matchLabels: { app: 'rook-ceph-mgr' } },
          namespaceSelector: { matchNames: [platformNamespaces.rookCeph] },
          endpoints: [{ port: 'http-metrics', path: '/metrics', interval: '15s' }],
        },
      });
    }
    if (keycloakDatabase) {
      const { database } = keycloakDatabase;
      new ServiceMonitor(this, 'keycloak-db', {
        metadata: { name: keycloakDatabase.monitorName, namespace, labels },
        spec: {
          // Selects the exporter Service the Keycloak chart adds (PGO makes none).
          selector: { matchLabels: { ...database.exporterLabels } },
          namespaceSelector: { matchNames: [database.exporterService.metadata.namespace!] },
          endpoints: [{ port: database.exporterPort }],
        },
      });
    }
    // The Gateway's Envoy proxies (they replace ingress-nginx and its ServiceMonitor): Envoy
    // Gateway runs them in its own namespace with these labels and serves their statistics on
    // the container port `metrics` (19001, /stats/prometheus).
    new PodMonitor(this, 'gateway', {
      metadata: { name: 'envoy-gateway-proxies', namespace, labels },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway' } },
        namespaceSelector: { matchNames: [platformNamespaces.envoyGateway] },
        podMetricsEndpoints: [{ port: 'metrics', path: '/stats/prometheus', interval: '15s' }],
      },
    });
    if (props.jaeger) new JaegerMonitors(this, 'jaeger', { prometheusRelease, namespace, jaeger: props.jaeger });
  }
}

/** What the monitoring chart needs. */
export interface MonitoringChartProps extends PlatformChartProps {
  /** Names of the Helm release, Grafana's Service and the monitors (`model.names.monitoring`). */
  readonly names: MonitoringNamesModel;
  /**
   * Namespace of the release, of Grafana's route and of the monitors.
   * @default platformNamespaces.monitoring
   */
  readonly namespace?: string;
  /** Host Grafana is published at (`model.hosts.grafana`). */
  readonly grafanaHost: string;
  /** Issuer of Grafana's certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /**
   * Monitor the Rook-Ceph mgr (Rook-Ceph is on).
   * @default false
   */
  readonly ceph?: boolean;
  /**
   * Keycloak's database of the Keycloak chart, whose exporter is monitored when given.
   * @default - not monitored
   */
  readonly keycloakDatabase?: KeycloakDatabase;
  /**
   * The Jaeger of the tracing chart, monitored when given.
   * @default - not monitored
   */
  readonly jaeger?: TracingJaeger;
}

/** What the monitoring chart scrapes in other charts (each absent when its component is off). */
export interface MonitoredComponents {
  /** The Jaeger of the tracing chart. */
  readonly jaeger?: TracingJaeger;
  /** Keycloak's database of the Keycloak chart. */
  readonly keycloakDatabase?: KeycloakDatabase;
}

/** The chart's props from the cluster model and the objects of the other charts it monitors. */
export function monitoringChartProps(model: ClusterModel, monitored: MonitoredComponents = {}): MonitoringChartProps {
  const c = model.components;
  return {
    clusterName: model.name,
    names: model.names.monitoring,
    namespace: model.names.namespaces.monitoring,
    grafanaHost: model.hosts.grafana,
    issuer: clusterCaIssuer(model),
    ceph: c.rookCeph.enabled,
    ...monitored,
  };
}

/** `52-monitoring`. */
export class MonitoringChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'monitoring' });
    const { names } = props;
    const namespace = new k8s.KubeNamespace(this, 'namespace', { metadata: { name: props.namespace ?? platformNamespaces.monitoring } }).name;
    new PublishedService(this, 'grafana', {
      issuer: props.issuer,
      // The Service of the Helm release's grafana sub-chart (Helm makes it, not these manifests).
      backend: RouteBackend.fromServiceName(namespace, names.grafanaService, GRAFANA_SERVICE_PORT),
      host: props.grafanaHost,
      routeName: 'grafana',
      tlsSecretName: GRAFANA_TLS_SECRET,
    });
    new PlatformServiceMonitors(this, 'service-monitors', {
      prometheusRelease: names.prometheusRelease,
      namespace,
      ceph: props.ceph,
      keycloakDatabase: props.keycloakDatabase && { monitorName: names.keycloakDatabaseMonitor, database: props.keycloakDatabase },
      jaeger: props.jaeger,
    });
  }
}
