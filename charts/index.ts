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
import { RookCephChart } from './rook-ceph';
import { GraylogChart, renderGraylogInputs } from './graylog';
import { KeycloakChart, keycloakChartProps } from './keycloak';
import { HelmRelease, renderHelmFiles } from './lib/helm-release';
import { LoggingChart } from './logging';
import { kubePrometheusStackRelease, MonitoringChart } from './monitoring';
import { OidcChart, oidcChartProps, renderKubeconfigOidc } from './oidc';
import { TracingChart } from './tracing';
import { TenantsChart, tenantsChartProps } from './tenants';
import { FleetLockChart } from './fleetlock';
import { FlatcarUpdateOperatorChart } from './flatcar-update-operator';

export function addPlatformCharts(app: App, model: ClusterModel): Chart[] {
  const charts: Chart[] = [];
  const c = model.components;
  if (c.certManager.enabled) charts.push(new CertManagerChart(app, '10-cert-manager', certManagerChartProps(model)));
  // The edge: on the ingress nodes (a spec that publishes hosts has at least one, see cluster-rules).
  if (model.nodes.some((n) => n.ingress)) charts.push(new GatewayChart(app, '11-gateway', gatewayChartProps(model)));
  // Coordinated node OS updates (docs/node-updates.md): a reboot lock per OS family.
  const coordinated = model.updates.strategy === 'coordinated';
  if (coordinated && model.nodes.some((n) => n.os === 'fcos')) charts.push(new FleetLockChart(app, '12-fleetlock', model));
  if (coordinated && model.nodes.some((n) => n.os === 'flatcar')) charts.push(new FlatcarUpdateOperatorChart(app, '13-flatcar-update-operator', model));
  if (c.rookCeph.enabled) charts.push(new RookCephChart(app, '20-rook-ceph', model));
  if (c.nexus.enabled) charts.push(new NexusChart(app, '30-nexus', nexusChartProps(model)));
  if (c.registry.enabled) charts.push(new RegistryChart(app, '31-registry', registryChartProps(model)));
  if (c.keycloak.enabled) charts.push(new KeycloakChart(app, '40-keycloak', keycloakChartProps(model)));
  if (model.oidc) charts.push(new OidcChart(app, '41-oidc', oidcChartProps(model)));
  if (c.logging.enabled) charts.push(new LoggingChart(app, '50-logging', model));
  if (c.tracing.enabled && c.logging.enabled) charts.push(new TracingChart(app, '51-tracing', model));
  if (c.monitoring.enabled) charts.push(new MonitoringChart(app, '52-monitoring', model));
  if (c.graylog.enabled) charts.push(new GraylogChart(app, '53-graylog', model));
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
