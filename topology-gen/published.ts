/**
 * What the cluster publishes, read from the model: the host names of the enabled components
 * and the component behind each (not from the rendered routes: the picture shows the intent
 * of the spec, and a test checks it against the rendered objects).
 */
import type { ClusterModel, HostsModel } from '../clusters/model';

export interface PublishedHost {
  readonly host: string;
  /** What answers there, e.g. `Keycloak (realm kubernetes)`. */
  readonly component: string;
}

/** Every HTTPS host an enabled component publishes through the Gateway on the ingress nodes, sorted by host. */
export function publishedHosts(model: ClusterModel): PublishedHost[] {
  const c = model.components;
  const entries: Array<[keyof HostsModel, boolean, string]> = [
    ['keycloak', c.keycloak.enabled, `Keycloak${model.oidc ? ` (realm ${model.oidc.realm})` : ''}`],
    ['dashboard', c.dashboard.enabled, model.oidc ? 'Headlamp cluster UI (OIDC login)' : 'Headlamp cluster UI'],
    ['cephDashboard', c.rookCeph.enabled, 'Ceph dashboard (Rook-Ceph)'],
    ['nexus', c.nexus.enabled, 'Nexus repository manager'],
    ['docker', c.nexus.enabled, 'Nexus Docker registry'],
    ['registry', c.registry.enabled, 'registry (Kubespray addon)'],
    ['kibana', c.logging.enabled, 'Kibana (ECK)'],
    ['jaeger', c.tracing.enabled && c.logging.enabled, 'Jaeger UI'],
    ['grafana', c.monitoring.enabled, 'Grafana (kube-prometheus-stack)'],
    ['graylog', c.graylog.enabled, 'Graylog'],
  ];
  return entries
    .filter(([, enabled]) => enabled)
    .map(([key, , component]) => ({ host: model.hosts[key], component }))
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}
