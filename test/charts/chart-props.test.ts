/**
 * Charts built from their props, without a cluster model: what one construct tells another
 * (a namespace, a Service, a pool) is read from the object it references, so a chart placed
 * elsewhere carries its dependants along instead of leaving them pointing at the old place.
 */
import { App, Chart } from 'cdk8s';
import { buildModel } from '../../clusters/model';
import { FleetLockChart } from '../../charts/fleetlock';
import { KeycloakChart, keycloakChartProps } from '../../charts/keycloak';
import { LoggingChart, loggingChartProps } from '../../charts/logging';
import { MonitoringChart, monitoringChartProps } from '../../charts/monitoring';
import { RookCephChart, rookCephChartProps } from '../../charts/rook-ceph';
import { TracingChart, tracingChartProps } from '../../charts/tracing';
import { lacaveSpec } from '../helpers/specs';

const model = buildModel(lacaveSpec());
type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: any };
const objects = (chart: Chart): Obj[] => chart.toJson() as Obj[];
const one = (objs: Obj[], kind: string, name?: string): Obj => {
  const found = objs.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('Jaeger follows the Elasticsearch it is given', () => {
  const app = new App();
  const logging = new LoggingChart(app, 'logging', { ...loggingChartProps(model), namespace: 'logs' });
  const tracing = new TracingChart(app, 'tracing', tracingChartProps(model, logging.elasticsearch));
  const monitoring = new MonitoringChart(app, 'monitoring', monitoringChartProps(model, { jaeger: tracing.jaeger }));
  const jaeger = objects(tracing);
  const es = one(objects(logging), 'Elasticsearch');

  test('every Jaeger object lives in the namespace of that Elasticsearch', () => {
    expect(es.metadata.namespace).toBe('logs');
    for (const o of jaeger) expect([o.kind, o.metadata.namespace]).toEqual([o.kind, 'logs']);
  });

  test('Jaeger writes to that Elasticsearch HTTP Service, in that namespace', () => {
    const config = one(jaeger, 'ConfigMap').data['config.yaml'];
    expect(config).toContain(`https://${es.metadata.name}-es-http.logs.svc:9200`);
  });

  test('the ServiceMonitor selects the collector Service where it is, by its labels and port name', () => {
    const monitor = one(objects(monitoring), 'ServiceMonitor', 'jaeger');
    const collector = one(jaeger, 'Service', model.names.tracing.collectorService);
    expect(monitor.spec.namespaceSelector.matchNames).toEqual(['logs']);
    expect(Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => collector.metadata.labels?.[k] === v)).toBe(true);
    // The selector singles out the collector: the query Service does not match.
    const query = one(jaeger, 'Service', model.names.tracing.queryService);
    expect(Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => query.metadata.labels?.[k] === v)).toBe(false);
    expect(collector.spec.ports.map((p: { name: string }) => p.name)).toContain(monitor.spec.endpoints[0].port);
  });
});

test('Rook: the StorageClass names the pool and the cluster namespace it is given', () => {
  const objs = objects(new RookCephChart(new App(), 'rook', { ...rookCephChartProps(model), namespace: 'storage' }));
  const pool = one(objs, 'CephBlockPool');
  const sc = one(objs, 'StorageClass');
  expect(pool.metadata.namespace).toBe('storage');
  expect(sc.provisioner).toBe('storage.rbd.csi.ceph.com');
  expect(sc.parameters).toMatchObject({ clusterID: 'storage', pool: pool.metadata.name, 'csi.storage.k8s.io/provisioner-secret-namespace': 'storage' });
  expect(one(objs, 'Deployment', 'rook-ceph-tools').metadata.namespace).toBe('storage');
});

test('fleetlock: the window scales the server it is given, in its namespace', () => {
  const objs = objects(new FleetLockChart(new App(), 'fleetlock', { clusterName: 'c', namespace: 'locks', lockServiceIp: '10.0.0.15', window: model.updates.window }));
  const server = one(objs, 'Deployment');
  for (const job of objs.filter((o) => o.kind === 'CronJob')) {
    const command: string[] = job.spec.jobTemplate.spec.template.spec.containers[0].command;
    expect(command).toEqual(expect.arrayContaining([`deployment/${server.metadata.name}`, '--namespace=locks']));
  }
  for (const binding of objs.filter((o) => o.kind.endsWith('RoleBinding'))) {
    const account = one(objs, 'ServiceAccount', binding.subjects[0].name);
    expect(binding.subjects[0].namespace).toBe(account.metadata.namespace);
    expect(objs.some((o) => o.kind === binding.roleRef.kind && o.metadata.name === binding.roleRef.name)).toBe(true);
  }
  expect(one(objs, 'Service').spec.clusterIP).toBe('10.0.0.15');
});

test("the Keycloak database's ServiceMonitor selects the exporter Service where it is, by its labels and port name", () => {
  const app = new App();
  const keycloak = new KeycloakChart(app, 'keycloak', { ...keycloakChartProps(model), namespace: 'identity' });
  const monitoring = new MonitoringChart(app, 'monitoring', monitoringChartProps(model, { keycloakDatabase: keycloak.database }));
  const monitor = one(objects(monitoring), 'ServiceMonitor', model.names.monitoring.keycloakDatabaseMonitor);
  const exporter = one(objects(keycloak), 'Service', model.names.keycloak.databaseExporterService);
  expect(exporter.metadata.namespace).toBe('identity');
  expect(monitor.spec.namespaceSelector.matchNames).toEqual(['identity']);
  expect(Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => exporter.metadata.labels?.[k] === v)).toBe(true);
  expect(exporter.spec.ports.map((p: { name: string }) => p.name)).toContain(monitor.spec.endpoints[0].port);
  // Without the database, no monitor of it.
  expect(objects(new MonitoringChart(new App(), 'm', monitoringChartProps(model))).some((o) => o.metadata.name === model.names.monitoring.keycloakDatabaseMonitor)).toBe(false);
});
