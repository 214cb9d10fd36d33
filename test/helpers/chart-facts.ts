/**
 * Checks of generated Helm values against the committed chart facts (upstream/charts/): key paths
 * the chart declares or reads, its values.schema.json, and defaults that contradict what we set.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { chartFile, pointer, type ChartFacts, type ChartFactsFile, type DefaultValue } from '../../scripts/upstream/charts';
import { PROJECT_ROOT } from '../../output/project-root';

export const CHART_FACTS_DIR = path.join(PROJECT_ROOT, 'upstream', 'charts');

export function readChartFacts(r: { repository: string; chart: string }): ChartFactsFile | undefined {
  const file = path.join(CHART_FACTS_DIR, chartFile(r));
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ChartFactsFile) : undefined;
}

/** Leaf paths of our values (a list is a leaf: its items' shape is the chart's business). */
export function leafPaths(tree: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (tree && typeof tree === 'object' && !Array.isArray(tree) && Object.keys(tree).length > 0) {
    for (const [k, v] of Object.entries(tree)) leafPaths(v, [...prefix, k], out);
  } else out.push(prefix);
  return out;
}

/** A default that leaves its subtree open: an empty map, a list, null. */
const open = (d: DefaultValue | undefined) => d === null || (typeof d === 'object' && d !== null && (Object.keys(d).length === 0 || '$list' in d));

/** Declared children exist below this pointer (a non-empty map of the values.yaml). */
const hasChildren = (facts: ChartFacts, p: string) => Object.keys(facts.values).some((k) => k.startsWith(`${p}/`));

/** Whether the chart (or a sub-chart) declares or reads this path. */
export function knows(facts: ChartFacts, segs: readonly string[]): boolean {
  for (let n = segs.length; n >= 1; n--) {
    const p = pointer(segs.slice(0, n));
    const d = facts.values[p];
    if (d !== undefined && (n === segs.length || open(d))) return true;
    if (facts.reads.includes(p) && (n === segs.length || !hasChildren(facts, p))) return true;
    if (n < segs.length && facts.passThrough.includes(p)) return true;
  }
  for (const dep of facts.dependencies) {
    if (!dep.facts) continue;
    if (segs[0] === 'global' && knows(dep.facts, segs)) return true;
    if (segs[0] === (dep.alias ?? dep.name) && segs.length > 1 && knows(dep.facts, segs.slice(1))) return true;
  }
  return false;
}

/** Our value at a path. */
export const valueAt = (tree: unknown, segs: readonly string[]): unknown => segs.reduce<unknown>((t, s) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[s] : undefined), tree);

const segsOf = (p: string) => p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** Every key path of the values the chart neither declares nor reads. */
export function unknownKeyPaths(values: unknown, facts: ChartFacts): string[] {
  return leafPaths(values).filter((segs) => segs.length > 0 && !knows(facts, segs)).map((segs) => segs.join('.'));
}

/** `values.schema.json` violations (Helm validates the merged values: `required` is left to the defaults). */
export function schemaViolations(values: unknown, facts: ChartFacts): string[] {
  if (!facts.schema) return [];
  const withoutRequired = (s: unknown): unknown =>
    Array.isArray(s) ? s.map(withoutRequired) : s && typeof s === 'object' ? Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'required').map(([k, v]) => [k, withoutRequired(v)])) : s;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
  const validate = ajv.compile(withoutRequired(facts.schema) as object);
  return validate(values) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message}`);
}

const MEBI: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, K: 1000 / 1024 / 1024, M: 1000 * 1000 / 1024 / 1024, G: 1e9 / 1024 / 1024 };
/** `2Gi` → 2048 (MiB); Java's `-Xmx1g` → 1024. */
export function mebibytes(q: string): number | undefined {
  const k8s = /^(\d+(?:\.\d+)?)([KMGT]i?)?$/.exec(q);
  if (k8s) return Number(k8s[1]) * (k8s[2] ? MEBI[k8s[2]] : 1 / 1024 / 1024);
  const java = /^(\d+)([kKmMgG])?$/.exec(q);
  if (java) return Number(java[1]) * ({ k: 1 / 1024, m: 1, g: 1024 }[(java[2] ?? '').toLowerCase()] ?? 1 / 1024 / 1024);
  return undefined;
}

export interface ContradictionContext {
  /** The cluster's DNS domain (`cluster.local` unless the spec says otherwise). */
  readonly clusterDomain: string;
}

/** Whether a path is switched on: no ancestor has `enabled: false` in the merged values. */
function switchedOn(values: unknown, facts: ChartFacts, segs: readonly string[]): boolean {
  for (let n = 0; n < segs.length; n++) {
    const p = [...segs.slice(0, n), 'enabled'];
    const ours = valueAt(values, p);
    const enabled = ours !== undefined ? ours : facts.values[pointer(p)];
    if (enabled === false) return false;
  }
  return true;
}

/**
 * Defaults of the chart that contradict what we set, unless we set them explicitly: the JVM heap
 * against the memory limit, the storage class of every enabled persistent volume, the cluster
 * DNS domain in service URLs, external URIs without the scheme the chart expects.
 */
export function contradictions(values: unknown, facts: ChartFacts, ctx: ContradictionContext, prefix: string[] = []): string[] {
  const out: string[] = [];
  const declaredOrRead = [...new Set([...Object.keys(facts.values), ...facts.reads])];
  const name = (segs: readonly string[]) => [...prefix, ...segs].join('.');
  for (const p of declaredOrRead) {
    const segs = segsOf(p);
    if (segs[0] === 'global' || !switchedOn(values, facts, segs)) continue;
    const last = segs[segs.length - 1];
    const ours = valueAt(values, segs);
    if (/JavaOpts$/i.test(last)) {
      const limit = valueAt(values, [...segs.slice(0, -1), 'resources', 'limits', 'memory']);
      if (typeof limit === 'string') {
        const opts = typeof ours === 'string' ? ours : undefined;
        const xmx = opts && /-Xmx(\S+)/.exec(opts)?.[1];
        const heap = xmx ? mebibytes(xmx) : undefined;
        const max = mebibytes(limit);
        if (!opts) out.push(`${name(segs)}: not set, the chart's default heap (${JSON.stringify(facts.values[p] ?? null)}) ignores the memory limit ${limit}`);
        else if (heap === undefined || max === undefined || heap > 0.75 * max) out.push(`${name(segs)}: heap ${xmx ?? '(no -Xmx)'} is not at most 75% of the memory limit ${limit}`);
      }
    }
    if (/^storageClass(Name)?$/.test(last) && ours === undefined) {
      // Only where the volume is ours to size: a persistence section we configure.
      if (valueAt(values, segs.slice(0, -1)) !== undefined) out.push(`${name(segs)}: not set while we configure ${name(segs.slice(0, -1))}: the chart's default (${JSON.stringify(facts.values[p] ?? null)}) picks the cluster's default class`);
    }
    if (last === 'clusterDomain' && ours === undefined && facts.values[p] !== ctx.clusterDomain) out.push(`${name(segs)}: the chart's default ${JSON.stringify(facts.values[p] ?? null)} is not the cluster's DNS domain ${ctx.clusterDomain}`);
    const d = facts.values[p];
    if (/ur[il]$/i.test(last) && typeof ours === 'string' && typeof d === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(d) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(ours)) out.push(`${name(segs)}: ${JSON.stringify(ours)} has no scheme (the chart's default ${JSON.stringify(d)} has one)`);
  }
  for (const dep of facts.dependencies) {
    if (!dep.facts) continue;
    const key = dep.alias ?? dep.name;
    const cond = dep.condition?.split(',')[0];
    const on = cond ? (valueAt(values, cond.split('.')) ?? facts.values[pointer(cond.split('.'))]) : true;
    if (on === false) continue;
    const sub = valueAt(values, [key]) ?? {};
    out.push(...contradictions(sub, dep.facts, ctx, [...prefix, key]));
  }
  return out;
}

/** Service URLs in our values that leave out the cluster's DNS domain (or name another). */
export function serviceUrlsWithoutDomain(values: unknown, clusterDomain: string): string[] {
  const out: string[] = [];
  for (const segs of leafPaths(values)) {
    const v = valueAt(values, segs);
    const strings = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
    for (const s of strings) {
      for (const m of s.matchAll(/\.svc(\.[a-z0-9.-]+)?(?=[:/\s,]|$)/g)) {
        if (m[1] !== `.${clusterDomain}`) out.push(`${segs.join('.')}: ${JSON.stringify(s)} does not end the Service name with .svc.${clusterDomain}`);
      }
    }
  }
  return out;
}
