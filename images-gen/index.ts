/**
 * `dist/<cluster>/images.txt`: every container image the platform will run, one per line,
 * sorted, for an admin who mirrors them (into Nexus) before installing:
 * - our objects: every `image` of the objects of `manifests/`, as the charts rendered them (pod
 *   templates, and custom resources that name one, such as the CephCluster), and the images ECK
 *   derives from a resource's `version`;
 * - the operator bundles of `operators/`: their containers, and the images an operator runs for
 *   its resources when its Deployment names them (`RELATED_IMAGE_…`), from `upstream/bundles/`;
 * - the Helm charts: their default images under every section the values leave switched on, with
 *   our overrides applied, from `upstream/charts/`.
 * A bundle or chart whose facts could not be derived offline is named in a comment line.
 */
import type { ClusterModel } from '../clusters/model';
import { versions } from '../clusters/model/versions';
import { platformHelmReleases } from '../charts';
import { operatorReleases } from '../charts/operators';
import type { HelmRelease } from '../charts/lib/helm-release';
import type { OutputFile } from '../output/files';
import { readBundleFacts, readChartFactsFile, type ChartFacts } from '../upstream/facts';
import type { ManifestFile } from '../output/manifest-objects';

/** Every string under a key `image` of an object (containers, CephCluster `cephVersion.image`…). */
function imagesIn(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) v.forEach((x) => imagesIn(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'image' && typeof x === 'string' && x) out.add(x);
      else imagesIn(x, out);
    }
  }
}

/** ECK runs `docker.elastic.co/<product>:<version>` for a resource without `spec.image`. */
const ECK_IMAGES: Record<string, (body: any) => string | undefined> = {
  Elasticsearch: () => 'elasticsearch/elasticsearch',
  Kibana: () => 'kibana/kibana',
  ApmServer: () => 'apm/apm-server',
  Beat: (b) => (typeof b.spec?.type === 'string' ? `beats/${b.spec.type}` : undefined),
  Agent: () => 'elastic-agent/elastic-agent',
  Logstash: () => 'logstash/logstash',
};

function ourImages(manifests: readonly ManifestFile[], out: Set<string>): void {
  for (const m of manifests) {
    for (const { body } of m.objects) {
      imagesIn(body, out);
      const eck = typeof body.apiVersion === 'string' && body.apiVersion.includes('.k8s.elastic.co/') ? ECK_IMAGES[body.kind]?.(body) : undefined;
      if (eck && !body.spec?.image && body.spec?.version) out.add(`docker.elastic.co/${eck}:${body.spec.version}`);
    }
  }
}

/** PGO names an image per PostgreSQL major and extension: only the cluster's major, no GIS/pgAdmin/upgrade. */
function wantedEnvImage(name: string): boolean {
  if (/GIS|PGADMIN|UPGRADE/.test(name)) return false;
  const major = /^RELATED_IMAGE_POSTGRES_(\d+)$/.exec(name)?.[1];
  return major === undefined || Number(major) === versions.keycloakPostgres;
}

function bundleImages(model: ClusterModel, out: Set<string>, gaps: string[]): void {
  for (const r of operatorReleases(model)) {
    const facts = readBundleFacts(r.name);
    if (!facts) {
      gaps.push(`${r.name} ${r.version}: no facts in upstream/bundles/`);
      continue;
    }
    for (const res of facts.resources) {
      if (!res.objects) gaps.push(`${res.url}: ${res.derivedFrom}`);
      for (const o of res.objects ?? []) {
        for (const c of o.containers ?? []) out.add(c.image);
        for (const e of o.envImages ?? []) if (wantedEnvImage(e.name)) out.add(e.image);
      }
    }
  }
}

const valueAt = (tree: unknown, segs: readonly string[]): unknown => segs.reduce<unknown>((t, s) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[s] : undefined), tree);
const segsOf = (p: string) => p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
const ptr = (segs: readonly string[]) => segs.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** A chart's images with our values applied, under the sections they leave switched on. */
function chartImages(facts: ChartFacts, values: unknown, out: Set<string>): void {
  const merged = (segs: readonly string[]) => {
    const ours = valueAt(values, segs);
    return ours !== undefined ? ours : facts.values[ptr(segs)];
  };
  for (const img of facts.images) {
    const segs = segsOf(img.path);
    if (segs.some((_, n) => merged([...segs.slice(0, n), 'enabled']) === false)) continue;
    const ours = valueAt(values, segs);
    if (ours && typeof ours === 'object') {
      const field = (k: string) => {
        const v = merged([...segs, k]);
        return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
      };
      const registry = (valueAt(values, ['global', 'imageRegistry']) as string | undefined) || field('registry');
      const tag = field('tag') || facts.appVersion || '';
      const digest = field('digest');
      out.add(`${registry ? `${registry}/` : ''}${field('repository')}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`);
    } else if (typeof ours === 'string') out.add(ours);
    else out.add(img.image);
  }
  for (const dep of facts.dependencies) {
    if (!dep.facts) continue;
    const key = dep.alias ?? dep.name;
    const condition = dep.condition?.split(',')[0];
    if (condition && merged(condition.split('.')) === false) continue;
    chartImages(dep.facts, valueAt(values, [key]) ?? {}, out);
  }
}

function helmImages(releases: readonly HelmRelease[], out: Set<string>, gaps: string[]): void {
  for (const r of releases) {
    const f = readChartFactsFile(r);
    if (!f?.facts) gaps.push(`${r.repository}/${r.chart} ${r.version}: ${f?.unavailable ?? 'no facts in upstream/charts/'}`);
    else chartImages(f.facts, r.values, out);
  }
}

/** The image list of a cluster, from the objects of its manifests and the upstream facts. */
export function imageList(model: ClusterModel, manifests: readonly ManifestFile[]): { images: string[]; gaps: string[] } {
  const out = new Set<string>();
  const gaps: string[] = [];
  ourImages(manifests, out);
  bundleImages(model, out, gaps);
  helmImages(platformHelmReleases(model), out, gaps);
  return { images: [...out].sort(), gaps: [...new Set(gaps)].sort() };
}

export function renderImageList(model: ClusterModel, manifests: readonly ManifestFile[]): OutputFile {
  const { images, gaps } = imageList(model, manifests);
  const header = [
    `# Images the platform of ${model.name} runs: manifests/, the operator bundles and the Helm charts' defaults`,
    '# (upstream/, see docs/upstream-facts.md). Generated by kube-cluster-as-code: edit the cluster spec, not this file.',
    ...gaps.map((g) => `# not listed (facts not derivable offline): ${g}`),
  ];
  return { path: 'images.txt', content: `${[...header, ...images].join('\n')}\n` };
}
