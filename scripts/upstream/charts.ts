/**
 * Facts of the Helm charts the platform installs, derived from each chart's sources at its
 * release tag (sub-charts included, at the version its Chart.lock or Chart.yaml names) and
 * committed as `upstream/charts/<repository>+<chart>.json`:
 * - `values`: every key path `values.yaml` declares (JSON pointers), with its default (scalars;
 *   `{}` for an empty map, `{"$list": n}` for a list);
 * - `reads`: every `.Values…` path the templates read (`.Values.a.b`, `index .Values "a" "b"`);
 * - `schema`: the constraints of `values.schema.json` (descriptions dropped), when it has one;
 * - `images`: the default images the values declare (registry/repository/tag, the tag defaulting
 *   to the chart's appVersion);
 * - `dependencies`: the sub-charts with their condition, alias and facts.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { versions } from '../../clusters/model/versions';
import { pinned, sha256, tagCommit, type InputLocations } from './inputs';
import { pointer, type ChartFacts, type ChartFactsFile, type DefaultValue } from '../../upstream/facts';

/** One chart the platform installs, and where its sources are. */
export interface ChartSource {
  /** `helm repo add` name, as in HelmRelease.repository. */
  readonly repository: string;
  /** Chart name, as in HelmRelease.chart. */
  readonly chart: string;
  /** Key of the release in the versions module (a source whose key the module no longer has is left out). */
  readonly versionKey: string;
  /**
   * Where the chart's sources are at the release tag.
   * @default - not available offline: `unavailable` says why
   */
  readonly git?: { readonly repo: string; readonly tag: string; readonly dir: string };
  readonly unavailable?: string;
}

/** Loosely typed: a pin a component's replacement removed leaves its source out (see `pinned`). */
const v = versions as unknown as Record<string, string>;

export function chartSources(): ChartSource[] {
  const all: ChartSource[] = [
    {
      repository: 'prometheus-community',
      chart: 'kube-prometheus-stack',
      versionKey: 'kubePrometheusStackChart',
      git: { repo: 'prometheus-community/helm-charts', tag: `kube-prometheus-stack-${v.kubePrometheusStackChart}`, dir: 'charts/kube-prometheus-stack' },
    },
    // Graylog, its MongoDB and OpenSearch are typed objects since the move off the KongZ/Bitnami charts (charts/graylog.ts).
  ];
  return all.filter((source) => pinned(source.versionKey) !== undefined);
}

/** Helm repositories of sub-charts → the git repository and tag/dir naming of their sources. */
const SUBCHART_SOURCES: Record<string, (name: string, version: string) => { repo: string; tag: string; dir: string }> = {
  'https://prometheus-community.github.io/helm-charts': (n, ver) => ({ repo: 'prometheus-community/helm-charts', tag: `${n}-${ver}`, dir: `charts/${n}` }),
  'https://grafana-community.github.io/helm-charts': (n, ver) => ({ repo: 'grafana-community/helm-charts', tag: `${n}-${ver}`, dir: `charts/${n}` }),
  'https://grafana.github.io/helm-charts': (n, ver) => ({ repo: 'grafana/helm-charts', tag: `${n}-${ver}`, dir: `charts/${n}` }),
  'oci://registry-1.docker.io/bitnamicharts': (n, ver) => ({ repo: 'bitnami/charts', tag: `${n}/${ver}`, dir: `bitnami/${n}` }),
  'https://charts.bitnami.com/bitnami': (n, ver) => ({ repo: 'bitnami/charts', tag: `${n}/${ver}`, dir: `bitnami/${n}` }),
};

// The shape of the committed facts is read at run time too (images-gen): it lives in the leaf upstream/facts.ts.
export type { ChartFacts, ChartFactsFile, DefaultValue } from '../../upstream/facts';
export { chartFile, pointer } from '../../upstream/facts';

/** Every declared path of a values tree with its default (non-empty maps only through their children). */
export function flattenValues(tree: unknown, prefix: string[] = [], out: Record<string, DefaultValue> = {}): Record<string, DefaultValue> {
  if (Array.isArray(tree)) out[pointer(prefix)] = { $list: tree.length };
  else if (tree && typeof tree === 'object') {
    const entries = Object.entries(tree);
    if (entries.length === 0 && prefix.length) out[pointer(prefix)] = {};
    for (const [k, val] of entries) flattenValues(val, [...prefix, k], out);
  } else if (prefix.length) out[pointer(prefix)] = (tree ?? null) as DefaultValue;
  return out;
}

/** `.Values` paths read by template text. */
export function templateReads(text: string): string[] {
  const reads = new Set<string>();
  for (const m of text.matchAll(/\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) reads.add(pointer(m[1].slice(1).split('.')));
  for (const m of text.matchAll(/index\s+\(?\s*\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\)?((?:\s+"[^"]+")+)/g)) {
    const head = m[1] ? m[1].slice(1).split('.') : [];
    const tail = [...m[2].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
    reads.add(pointer([...head, ...tail]));
  }
  return [...reads].sort();
}

/**
 * `.Values` paths a template hands over whole (`toYaml .Values.x`, or `with .Values.x` around a
 * `toYaml .`): anything below them reaches the rendered objects.
 */
export function passThroughReads(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/toYaml\s+\(?\s*\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) out.add(pointer(m[1].slice(1).split('.')));
  for (const m of text.matchAll(/\{\{-?\s*with\s+\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*-?\}\}/g)) {
    const rest = text.slice((m.index ?? 0) + m[0].length);
    const end = rest.search(/\{\{-?\s*(end|with|range|if)\b/);
    const block = end >= 0 ? rest.slice(0, end) : rest;
    if (/toYaml\s+\.(\s|\||\))/.test(block)) out.add(pointer(m[1].slice(1).split('.')));
  }
  return [...out].sort();
}

/** Constraints of a values.schema.json: documentation and form keywords dropped. */
function schemaConstraints(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(schemaConstraints);
  if (!s || typeof s !== 'object') return s;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(s)) {
    if (['description', 'title', 'examples', '$comment', 'markdownDescription', '$schema', 'form', 'hidden', 'render'].includes(k)) continue;
    out[k] = k === 'properties' || k === 'patternProperties' || k === 'definitions' || k === '$defs' ? Object.fromEntries(Object.entries(val as object).map(([pk, pv]) => [pk, schemaConstraints(pv)])) : schemaConstraints(val);
  }
  return out;
}

/** Default images of a values tree: maps with `repository` and (`tag` or `registry`). */
export function defaultImages(tree: unknown, appVersion: string | undefined, prefix: string[] = [], out: Array<{ path: string; image: string }> = []): Array<{ path: string; image: string }> {
  if (!tree || typeof tree !== 'object' || Array.isArray(tree)) return out;
  const t = tree as Record<string, unknown>;
  if (typeof t.repository === 'string' && t.repository && ('tag' in t || 'registry' in t)) {
    const tag = t.tag === undefined || t.tag === null || t.tag === '' ? appVersion : String(t.tag);
    const digest = typeof t.digest === 'string' && t.digest ? t.digest : typeof t.sha === 'string' && t.sha ? `sha256:${t.sha.replace(/^sha256:/, '')}` : undefined;
    const name = `${typeof t.registry === 'string' && t.registry ? `${t.registry}/` : ''}${t.repository}`;
    out.push({ path: pointer(prefix), image: `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}` });
    return out;
  }
  for (const [k, val] of Object.entries(t)) defaultImages(val, appVersion, [...prefix, k], out);
  return out;
}

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });

function mirrorOf(at: InputLocations, repo: string): string | undefined {
  return at.mirrors.map((m) => path.join(m, repo.replace('/', '+'), 'repo')).find((d) => fs.existsSync(d));
}

/** Compares dotted versions numerically. */
const cmpVersion = (a: string, b: string) => {
  const pa = a.split(/[.-]/).map((x) => Number(x));
  const pb = b.split(/[.-]/).map((x) => Number(x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

/** A range such as `0.12.*` or `2.x.x`: the newest tag matching it no later than the parent's tag. */
function resolveRange(dir: string, tagOf: (ver: string) => string, range: string, notAfter: number): string | undefined {
  if (/^\d+\.\d+\.\d+$/.test(range)) return range;
  const prefix = tagOf('');
  const re = new RegExp(`^${range.replace(/\./g, '\\.').replace(/[*x]/g, '\\d+')}$`);
  const candidates = git(dir, 'tag', '--list', `${prefix}*`, '--format=%(refname:short) %(creatordate:unix)')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' '))
    .map(([tag, date]) => ({ ver: tag.slice(prefix.length), date: Number(date) }))
    .filter((c) => re.test(c.ver) && c.date <= notAfter)
    .sort((a, b) => cmpVersion(b.ver, a.ver));
  return candidates[0]?.ver;
}

/** Derives the facts of a chart at `tag:dir`; undefined when its repository is not reachable. */
export function deriveChart(src: { repo: string; tag: string; dir: string }, at: InputLocations): ChartFacts | undefined {
  const dir = mirrorOf(at, src.repo);
  const commit = dir && tagCommit(dir, src.tag);
  if (!dir || !commit) return undefined;
  const show = (p: string) => git(dir, 'show', `${commit}:${p}`);
  const files = git(dir, 'ls-tree', '-r', '--name-only', commit, `${src.dir}/`).split('\n').filter(Boolean);
  const has = (p: string) => files.includes(p);
  const chart = parse(show(`${src.dir}/Chart.yaml`)) as { name: string; version: string; appVersion?: string; dependencies?: Array<{ name: string; version: string; repository?: string; condition?: string; alias?: string }> };
  const valuesText = has(`${src.dir}/values.yaml`) ? show(`${src.dir}/values.yaml`) : '';
  const values = (parse(valuesText) ?? {}) as Record<string, unknown>;
  const templates = files.filter((f) => f.startsWith(`${src.dir}/templates/`) && /\.(ya?ml|tpl|txt|json)$/.test(f));
  const reads = new Set<string>();
  const passThrough = new Set<string>();
  for (const t of templates) {
    const text = show(t);
    for (const r of templateReads(text)) reads.add(r);
    for (const r of passThroughReads(text)) passThrough.add(r);
  }
  const lock = has(`${src.dir}/Chart.lock`) ? (parse(show(`${src.dir}/Chart.lock`)) as { dependencies?: Array<{ name: string; version: string }> }) : undefined;
  const notAfter = Number(git(dir, 'log', '-1', '--format=%ct', commit).trim());
  const dependencies: ChartFacts['dependencies'][number][] = [];
  for (const d of chart.dependencies ?? []) {
    const base = { name: d.name, ...(d.alias ? { alias: d.alias } : {}), ...(d.condition ? { condition: d.condition } : {}) };
    const local = `${src.dir}/charts/${d.name}`;
    if (!d.repository || d.repository.startsWith('file://') || files.some((f) => f.startsWith(`${local}/`))) {
      const facts = deriveChart({ repo: src.repo, tag: src.tag, dir: d.repository?.startsWith('file://') ? path.posix.normalize(`${src.dir}/${d.repository.slice(7)}`) : local }, at);
      dependencies.push({ ...base, version: d.version, ...(facts ? { facts } : { unavailable: `${src.repo}@${src.tag}:${local}` }) });
      continue;
    }
    const where = SUBCHART_SOURCES[d.repository];
    if (!where) {
      dependencies.push({ ...base, version: d.version, unavailable: `no known sources for the repository ${d.repository}` });
      continue;
    }
    const sub = mirrorOf(at, where(d.name, d.version).repo);
    const locked = lock?.dependencies?.find((x) => x.name === d.name)?.version;
    const version = locked ?? (sub ? resolveRange(sub, (ver) => where(d.name, ver).tag, d.version, notAfter) : undefined);
    const facts = version ? deriveChart(where(d.name, version), at) : undefined;
    dependencies.push({ ...base, version: version ?? d.version, ...(facts ? { facts } : { unavailable: `${where(d.name, version ?? d.version).repo}@${where(d.name, version ?? d.version).tag} not reachable` }) });
  }
  const schema = has(`${src.dir}/values.schema.json`) ? schemaConstraints(JSON.parse(show(`${src.dir}/values.schema.json`))) : undefined;
  return {
    name: chart.name,
    version: chart.version,
    ...(chart.appVersion ? { appVersion: String(chart.appVersion) } : {}),
    from: `${src.repo}@${src.tag}:${src.dir}`,
    commit,
    valuesSha256: sha256(valuesText),
    values: flattenValues(values),
    reads: [...reads].sort(),
    passThrough: [...passThrough].sort(),
    ...(schema ? { schema } : {}),
    images: defaultImages(values, chart.appVersion ? String(chart.appVersion) : undefined),
    dependencies,
  };
}

export function deriveChartFile(source: ChartSource, at: InputLocations): ChartFactsFile | undefined {
  const head = {
    generatedBy: 'npm run derive-upstream (scripts/upstream/charts.ts); do not edit',
    repository: source.repository,
    chart: source.chart,
    release: pinned(source.versionKey)!,
    versionKey: source.versionKey,
  };
  if (!source.git) return { ...head, unavailable: source.unavailable ?? 'no sources' };
  const facts = deriveChart(source.git, at);
  return facts && { ...head, facts };
}

export const renderChartFile = (f: ChartFactsFile) => `${JSON.stringify(f, null, 1)}\n`;
