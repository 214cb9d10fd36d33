/**
 * The Helm values the platform generates, checked against the committed facts of each chart at
 * its pinned version (upstream/charts/, derived by `npm run derive-upstream`): every key path is
 * one the chart (or a sub-chart) declares or reads, values satisfy its values.schema.json, and no
 * chart default that contradicts what we set is left implicit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { platformHelmReleases } from '../../charts';
import { versions } from '../../clusters/model/versions';
import { chartFile, chartSources, deriveChartFile, renderChartFile } from '../../scripts/upstream/charts';
import { defaultLocations } from '../../scripts/upstream/inputs';
import { CHART_FACTS_DIR, contradictions, readChartFacts, schemaViolations, serviceUrlsWithoutDomain, unknownKeyPaths } from '../helpers/chart-facts';
import { render } from '../helpers/render';
import { lacaveWith } from '../helpers/specs';

const variants = {
  lacave: render(lacaveWith(() => undefined)),
  'lacave with another cluster domain': render(lacaveWith((s) => (s.clusterDomain = 'cluster.local'))),
};

describe('chart facts agree with the versions module', () => {
  test('every facts file belongs to a chart of chartSources() (npm run derive-upstream removes the others)', () => {
    expect(fs.readdirSync(CHART_FACTS_DIR).filter((f) => f.endsWith('.json')).sort()).toEqual(chartSources().map((s) => chartFile(s)).sort());
  });

  test.each(chartSources().map((s) => [`${s.repository}/${s.chart}`, s] as const))('%s', (_, s) => {
    const f = readChartFacts(s);
    expect(f).toBeDefined();
    expect(f!.release).toBe((versions as Record<string, unknown>)[s.versionKey]);
    if (f!.facts) expect(f!.facts.version).toBe(f!.release);
  });
});

describe('chart facts are not stale', () => {
  test.each(chartSources().map((s) => [`${s.repository}/${s.chart}`, s] as const))('%s', (_, s) => {
    const d = deriveChartFile(s, defaultLocations());
    if (!d) {
      console.warn(`SKIPPED staleness of upstream/charts/${chartFile(s)}: ${s.git?.repo}@${s.git?.tag} is not reachable here`);
      return;
    }
    if (renderChartFile(d) !== fs.readFileSync(path.join(CHART_FACTS_DIR, chartFile(s)), 'utf8')) throw new Error(`upstream/charts/${chartFile(s)} is stale: run npm run derive-upstream`);
  }, 120000);
});

describe.each(Object.keys(variants))('Helm values of %s', (variant) => {
  const { model, output } = variants[variant as keyof typeof variants];
  const releases = platformHelmReleases(model);

  test('every release has chart facts of its pinned version', () => {
    const missing = releases.filter((r) => readChartFacts(r)?.release !== r.version).map((r) => `${r.repository}/${r.chart} ${r.version}: no facts in upstream/charts/${chartFile(r)} (add it to chartSources() and run npm run derive-upstream)`);
    expect(missing).toEqual([]);
  });

  test.each(releases.map((r) => [r.name, r] as const))('%s: key paths, schema and defaults', (_, r) => {
    const f = readChartFacts(r);
    if (!f?.facts) {
      // Recorded as not derivable offline (the file says which upstream file is needed).
      console.warn(`UNCHECKED Helm values of ${r.name}: ${r.repository}/${r.chart} ${r.version}: ${f?.unavailable ?? 'no facts'}`);
      return;
    }
    // What is checked is the file synth writes, read back.
    const written = output.find((o) => o.path === `helm/${r.valuesFile}`);
    expect(written).toBeDefined();
    const values = r.values;
    expect({
      unknown: unknownKeyPaths(values, f.facts),
      schema: schemaViolations(values, f.facts),
      contradictions: contradictions(values, f.facts, { clusterDomain: model.clusterDomain }),
    }).toEqual({ unknown: [], schema: [], contradictions: [] });
  });

  test.each(releases.map((r) => [r.name, r] as const))('%s: service URLs carry the cluster DNS domain', (_, r) => {
    expect(serviceUrlsWithoutDomain(r.values, model.clusterDomain)).toEqual([]);
  });
});

describe('the checks can fail', () => {
  const f = readChartFacts({ repository: 'prometheus-community', chart: 'kube-prometheus-stack' })!.facts!;
  // Fixtures: facts derived (by npm run derive-upstream) from two charts the platform installed
  // before Graylog became typed objects (bitnami/mongodb 16.4.8, opensearch 2.35.1): a schema and
  // defaults to prove the checks fail.
  const fixture = (file: string) => (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'chart-facts', file), 'utf8')) as NonNullable<ReturnType<typeof readChartFacts>>).facts!;
  const mongo = fixture('bitnami+mongodb.json');
  const opensearch = fixture('opensearch+opensearch.json');
  test('unknown key paths, also in sub-charts; open maps, lists and template reads accepted', () => {
    expect(unknownKeyPaths({ prometheus: { prometheusSpec: { retention: '1d', retension: '1d', podMetadata: { labels: { a: 'b' } } } }, grafana: { persistence: { storageClassName: 'x', storageClas: 'y' } }, kubeStateMetric: { enabled: true } }, f)).toEqual([
      'prometheus.prometheusSpec.retension',
      'grafana.persistence.storageClas',
      'kubeStateMetric.enabled',
    ]);
  });
  test('values.schema.json', () => {
    expect(schemaViolations({ replicaCount: 'three', auth: { enabled: 'yes' } }, mongo)).toEqual(['/auth/enabled: must be boolean', '/replicaCount: must be integer']);
  });
  test('heap, storage class, cluster domain, service URLs', () => {
    expect(contradictions({ opensearchJavaOpts: '-Xmx2g', resources: { limits: { memory: '2Gi' } }, persistence: { size: '1Gi' } }, opensearch, { clusterDomain: 'cluster.lacave' })).toEqual([
      'opensearchJavaOpts: heap 2g is not at most 75% of the memory limit 2Gi',
      'persistence.storageClass: not set while we configure persistence: the chart\'s default (null) picks the cluster\'s default class',
    ]);
    expect(contradictions({}, mongo, { clusterDomain: 'cluster.lacave' })).toContain('clusterDomain: the chart\'s default "cluster.local" is not the cluster\'s DNS domain cluster.lacave');
    expect(serviceUrlsWithoutDomain({ hosts: 'http://os.graylog.svc:9200', ok: 'http://os.graylog.svc.cluster.lacave:9200' }, 'cluster.lacave')).toEqual(['hosts: "http://os.graylog.svc:9200" does not end the Service name with .svc.cluster.lacave']);
  });
});
