/**
 * `npm run derive-upstream [-- --from DIR]… [--mirror DIR]… [--network] [--only schemas|core|bundles|charts]…`
 *
 * Derives the upstream facts the project checks its output against, from the releases pinned in
 * clusters/model/versions.ts, and writes them under `upstream/` (see docs/upstream-facts.md):
 * - `upstream/schemas/`: strict JSON Schemas of the custom kinds (from the pinned CRDs), and of
 *   the built-in kinds (`core.json`, from the kubernetes-models declarations);
 * - `upstream/bundles/`: the objects each operator bundle of `operators/` creates;
 * - `upstream/charts/`: the value key paths, schema and defaults of each Helm chart.
 * Only what the script derives is written, never an upstream file. A source none of the locations
 * reaches keeps its committed facts and is listed at the end (exit status 1).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readFlags } from '../synth/cli-flags';
import { PROJECT_ROOT } from '../synth/project-root';
import { defaultLocations, describeInput, readInput, type InputLocations } from './upstream/inputs';
import { chartFile, chartSources, deriveChartFile, renderChartFile } from './upstream/charts';
import { bundleFile, bundleSources, deriveBundle, renderBundleFacts } from './upstream/bundles';
import { deriveCoreSchemas, renderCoreSchemas } from './upstream/core-schemas';
import { deriveAllSchemas, writeSchemas } from './upstream/write-schemas';

const USAGE = 'usage: derive-upstream [--from DIR]… [--mirror DIR]… [--network] [--only schemas|core|bundles|charts]… [--out DIR]';
const PARTS = ['schemas', 'core', 'bundles', 'charts'] as const;
type Part = (typeof PARTS)[number];

interface Options {
  readonly locations: InputLocations;
  readonly only: readonly Part[];
  readonly outDir: string;
}

function parse(argv: readonly string[]): Options {
  const from: string[] = [];
  const mirrors: string[] = [];
  const only: Part[] = [];
  let network = false;
  let outDir = path.join(PROJECT_ROOT, 'upstream');
  readFlags(argv, USAGE, (flag, value) => {
    if (flag === '--from') from.push(path.resolve(value()));
    else if (flag === '--mirror') mirrors.push(path.resolve(value()));
    else if (flag === '--network') network = true;
    else if (flag === '--out') outDir = path.resolve(value());
    else if (flag === '--only') {
      const p = value();
      if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only ${p}: one of ${PARTS.join(', ')}`);
      only.push(p as Part);
    } else return false;
    return true;
  });
  for (const d of [...from, ...mirrors]) if (!fs.existsSync(d)) throw new Error(`${d}: no such folder`);
  const defaults = defaultLocations();
  return {
    locations: { from: from.length ? from : defaults.from, mirrors: mirrors.length ? mirrors : defaults.mirrors, network },
    only: only.length ? only : [...PARTS],
    outDir,
  };
}

function writeIfChanged(file: string, content: string): void {
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) fs.writeFileSync(file, content);
}

/** Facts of a release no source names any more (a component replaced): the folder is this script's own. */
function removeOrphans(dir: string, keep: ReadonlySet<string>): void {
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.json') && !keep.has(f)) {
      fs.rmSync(path.join(dir, f));
      console.log(`removed ${path.join(dir, f)}: no source names it any more`);
    }
  }
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  const unreachable: string[] = [];
  if (options.only.includes('schemas')) {
    const derived = await deriveAllSchemas((input) => readInput(input, options.locations));
    const written = writeSchemas(path.join(options.outDir, 'schemas'), derived);
    console.log(`upstream/schemas: ${written.kinds} kinds from ${written.sources} releases`);
    unreachable.push(...derived.unreachable.map((s) => `schemas of ${s.name} ${describeInput(s.input)}`));
  }
  if (options.only.includes('core')) {
    // From the installed kubernetes-models package: always reachable.
    const core = deriveCoreSchemas();
    writeIfChanged(path.join(options.outDir, 'schemas', 'core.json'), renderCoreSchemas(core));
    console.log(`upstream/schemas/core.json: ${Object.keys(core.roots).length} built-in kinds of ${core.source}`);
  }
  if (options.only.includes('bundles')) {
    const dir = path.join(options.outDir, 'bundles');
    fs.mkdirSync(dir, { recursive: true });
    for (const source of bundleSources()) {
      const d = deriveBundle(source, options.locations);
      // A release with a resource not reachable here keeps its committed facts.
      if (d.unreachable.length) unreachable.push(...d.unreachable.map((u) => `bundle ${u}`));
      else writeIfChanged(path.join(dir, bundleFile(source.name)), renderBundleFacts(d.facts));
      for (const r of d.facts.resources) if (r.derivedFrom.startsWith('unavailable')) console.log(`upstream/bundles/${source.name}: ${r.url}: ${r.derivedFrom}`);
    }
    removeOrphans(dir, new Set(bundleSources().map((s) => bundleFile(s.name))));
    console.log(`upstream/bundles: ${bundleSources().length} releases`);
  }
  if (options.only.includes('charts')) {
    const dir = path.join(options.outDir, 'charts');
    fs.mkdirSync(dir, { recursive: true });
    for (const source of chartSources()) {
      const f = deriveChartFile(source, options.locations);
      if (!f) unreachable.push(`chart ${source.repository}/${source.chart}: ${source.git?.repo}@${source.git?.tag}:${source.git?.dir}`);
      else {
        writeIfChanged(path.join(dir, chartFile(source)), renderChartFile(f));
        if (f.unavailable) console.log(`upstream/charts/${chartFile(source)}: unavailable: ${f.unavailable}`);
      }
    }
    removeOrphans(dir, new Set(chartSources().map((s) => chartFile(s))));
    console.log(`upstream/charts: ${chartSources().length} charts`);
  }
  if (unreachable.length) {
    console.error(`not reachable (their committed facts are kept; pass --from, --mirror or --network):\n  ${unreachable.join('\n  ')}`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 2;
    },
  );
}
