/**
 * What the cluster publishes, from the model (`model.publishedHosts`), with the component behind
 * each host as the picture names it.
 */
import type { ClusterModel, HostsModel } from '../clusters/model';

export interface PublishedHost {
  readonly host: string;
  /** What answers there, e.g. `Keycloak (realm kubernetes)`. */
  readonly component: string;
}

/** What the picture says answers on each host of `model.hosts`. */
function componentOf(model: ClusterModel, id: keyof HostsModel): string {
  const labels: Partial<Record<keyof HostsModel, string>> = {
    keycloak: `Keycloak${model.oidc ? ` (realm ${model.oidc.realm})` : ''}`,
    dashboard: model.oidc ? 'Headlamp cluster UI (OIDC login)' : 'Headlamp cluster UI',
    cephDashboard: 'Ceph dashboard (Rook-Ceph)',
    nexus: 'Nexus repository manager',
    docker: 'Nexus Docker registry',
    registry: 'registry (Kubespray addon)',
    kibana: 'Kibana (ECK)',
    jaeger: 'Jaeger UI',
    grafana: 'Grafana (kube-prometheus-stack)',
    graylog: 'Graylog',
  };
  return labels[id] ?? id;
}

/** Every HTTPS host an enabled component publishes through the Gateway on the ingress nodes, sorted by host. */
export function publishedHosts(model: ClusterModel): PublishedHost[] {
  return model.publishedHosts.map(({ id, host }) => ({ host, component: componentOf(model, id) }));
}
