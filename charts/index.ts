/**
 * The platform charts of a cluster, in apply order. Each chart's id is its manifest file name
 * under `dist/<cluster>/manifests/`, so applying the folder in name order respects dependencies.
 * A chart for a switched-off component is not added.
 */
import { App, Chart } from 'cdk8s';
import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../output/files';
import { CertManagerChart, certManagerChartProps } from './cert-manager';
import { DashboardChart, dashboardChartProps } from './dashboard';
import { GatewayChart, gatewayChartProps } from './gateway';
import { NexusChart, nexusChartProps } from './nexus';
import { renderOperatorFiles } from './operators';
import { RegistryChart, registryChartProps } from './registry';
import { RookCephChart, rookCephChartProps } from './rook-ceph';
import { GraylogChart, graylogChartProps, renderGraylogInputs } from './graylog';
import { KeycloakChart, keycloakChartProps } from './keycloak';
import { HelmRelease, renderHelmFiles } from './lib/helm-release';
import { LoggingChart, loggingChartProps } from './logging';
import { kubePrometheusStackRelease, MonitoringChart, monitoringChartProps } from './monitoring';
import { OidcChart, oidcChartProps, renderKubeconfigOidc } from './oidc';
import { TracingChart, tracingChartProps } from './tracing';
import { TenantsChart, tenantsChartProps } from './tenants';
import { FleetLockChart, fleetLockChartProps } from './fleetlock';
import { FlatcarUpdateOperatorChart, flatcarUpdateOperatorChartProps } from './flatcar-update-operator';

export function addPlatformCharts(app: App, model: ClusterModel): Chart[] {
  const charts: Chart[] = [];
  const c = model.components;
  if (c.certManager.enabled) charts.push(new CertManagerChart(app, '10-cert-manager', certManagerChartProps(model)));
  // The edge: on the ingress nodes (a spec that publishes hosts has at least one, see cluster-rules).
  if (model.nodes.some((n) => n.ingress)) charts.push(new GatewayChart(app, '11-gateway', gatewayChartProps(model)));
  // Coordinated node OS updates (docs/node-updates.md): a reboot lock per OS family.
  const coordinated = model.updates.strategy === 'coordinated';
  if (coordinated && model.nodes.some((n) => n.os === 'fcos')) charts.push(new FleetLockChart(app, '12-fleetlock', fleetLockChartProps(model)));
  if (coordinated && model.nodes.some((n) => n.os === 'flatcar')) charts.push(new FlatcarUpdateOperatorChart(app, '13-flatcar-update-operator', flatcarUpdateOperatorChartProps(model)));
  if (c.rookCeph.enabled) charts.push(new RookCephChart(app, '20-rook-ceph', rookCephChartProps(model)));
  if (c.nexus.enabled) charts.push(new NexusChart(app, '30-nexus', nexusChartProps(model)));
  if (c.registry.enabled) charts.push(new RegistryChart(app, '31-registry', registryChartProps(model)));
  const keycloak = c.keycloak.enabled ? new KeycloakChart(app, '40-keycloak', keycloakChartProps(model)) : undefined;
  if (keycloak) charts.push(keycloak);
  if (model.oidc) charts.push(new OidcChart(app, '41-oidc', oidcChartProps(model)));
  const logging = c.logging.enabled ? new LoggingChart(app, '50-logging', loggingChartProps(model)) : undefined;
  if (logging) charts.push(logging);
  // Jaeger stores its spans in the logging chart's Elasticsearch; monitoring scrapes it.
  const tracing = c.tracing.enabled && logging ? new TracingChart(app, '51-tracing', tracingChartProps(model, logging.elasticsearch)) : undefined;
  if (tracing) charts.push(tracing);
  if (c.monitoring.enabled) charts.push(new MonitoringChart(app, '52-monitoring', monitoringChartProps(model, { jaeger: tracing?.jaeger, keycloakDatabase: keycloak?.database })));
  if (c.graylog.enabled) charts.push(new GraylogChart(app, '53-graylog', graylogChartProps(model)));
  if (c.dashboard.enabled) charts.push(new DashboardChart(app, '60-dashboard', dashboardChartProps(model)));
  charts.push(new TenantsChart(app, '70-tenants', tenantsChartProps(model)));
  return charts;
}

/**
 * Platform files that are not Kubernetes objects of `manifests/`: the operators kustomization,
 * Helm values, the OIDC kubeconfig… Paths are relative to `dist/<cluster>/`.
 */
export function renderPlatformFiles(model: ClusterModel): OutputFile[] {
  const files: OutputFile[] = [];
  files.push(...renderOperatorFiles(model));
  if (model.oidc) files.push(renderKubeconfigOidc(model));
  files.push(...renderHelmFiles(platformHelmReleases(model)));
  if (model.components.graylog.enabled) files.push(...renderGraylogInputs());
  return files;
}

/** The Helm releases of the platform, in install order (values under `helm/`, see deploy.yml). */
export function platformHelmReleases(model: ClusterModel): HelmRelease[] {
  const c = model.components;
  return c.monitoring.enabled ? [kubePrometheusStackRelease(model)] : [];
}
