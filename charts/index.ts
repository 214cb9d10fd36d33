/**
 * The platform charts of a cluster, in apply order. Each chart's id is its manifest file name
 * under `dist/<cluster>/manifests/`, so applying the folder in name order respects dependencies.
 * A chart for a switched-off component is not added.
 */
import { App, Chart } from 'cdk8s';
import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../synth/output';
import { CertManagerChart } from './cert-manager';
import { DashboardChart } from './dashboard';
import { NexusChart } from './nexus';
import { renderOperatorFiles } from './operators';
import { RegistryChart } from './registry';
import { RookCephChart, RookCephMonitoringChart } from './rook-ceph';
import { TenantsChart } from './tenants';

export function addPlatformCharts(app: App, model: ClusterModel): Chart[] {
  const charts: Chart[] = [];
  const c = model.components;
  if (c.certManager.enabled) charts.push(new CertManagerChart(app, '10-cert-manager', model));
  if (c.rookCeph.enabled) charts.push(new RookCephChart(app, '20-rook-ceph', model));
  if (c.nexus.enabled) charts.push(new NexusChart(app, '30-nexus', model));
  if (c.registry.enabled) charts.push(new RegistryChart(app, '31-registry', model));
  // After the monitoring stack (40–53), which creates the `monitoring` namespace.
  if (c.rookCeph.enabled && c.monitoring.enabled) charts.push(new RookCephMonitoringChart(app, '55-rook-ceph-monitoring', model));
  if (c.dashboard.enabled) charts.push(new DashboardChart(app, '60-dashboard', model));
  charts.push(new TenantsChart(app, '70-tenants', model));
  return charts;
}

/**
 * Platform files that are not Kubernetes objects of `manifests/`: the operators kustomization,
 * Helm values, the OIDC kubeconfig… Paths are relative to `dist/<cluster>/`.
 */
export function renderPlatformFiles(model: ClusterModel): OutputFile[] {
  const files: OutputFile[] = [];
  files.push(...renderOperatorFiles(model));
  return files;
}
