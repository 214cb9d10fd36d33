/**
 * The platform charts of a cluster, in apply order. Each chart's id is its manifest file name
 * under `dist/<cluster>/manifests/`, so applying the folder in name order respects dependencies.
 * A chart for a switched-off component is not added.
 */
import { App, Chart } from 'cdk8s';
import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../synth/output';
import { DashboardChart } from './dashboard';
import { TenantsChart } from './tenants';

export function addPlatformCharts(app: App, model: ClusterModel): Chart[] {
  const charts: Chart[] = [];
  const c = model.components;
  if (c.dashboard.enabled) charts.push(new DashboardChart(app, '60-dashboard', model));
  charts.push(new TenantsChart(app, '70-tenants', model));
  return charts;
}

/**
 * Platform files that are not Kubernetes objects of `manifests/`: the operators kustomization,
 * Helm values, the OIDC kubeconfig… Paths are relative to `dist/<cluster>/`.
 */
export function renderPlatformFiles(_model: ClusterModel): OutputFile[] {
  return [];
}
