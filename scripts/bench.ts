/**
 * `npm run bench [-- --only scale|fresh|test]… [--test]`: speed and memory, measured (never
 * asserted by a test). Parts:
 * - `scale`: wall time (median of several runs) and peak memory of a full synth, as an admin runs
 *   it (`node scripts/synth.js`, sources unchanged since the last build), for lacave and generated
 *   clusters; beside it, cdk8s's default path (`cdk8s synth` with ts-node type-checking main.ts);
 * - `fresh`: a fresh clone of the committed HEAD → `npm ci` (reported apart) → first synth of lacave
 *   (the build of build/ included) → warm synths: the first/warm ratio and each one's peak RSS;
 * - `test` (only with `--test` or `--only test`: it takes minutes): `npm test` wall time, with the
 *   load average (the machine may be shared).
 * Default: scale and fresh. Prints tables and writes them to dist/bench/ (docs/speed.md says how to read them).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { choiceOf, readFlags } from '../synth/cli-flags';
import { generatedSpec } from './bench-specs';

const ROOT = path.resolve(__dirname, '..', '..');
const SYNTH = path.join(ROOT, 'scripts', 'synth.js');
const RSS_PROBE = path.join(ROOT, 'scripts', 'bench-rss.js');
const RESULTS_DIR = path.join(ROOT, 'dist', 'bench');

interface Case {
  readonly label: string;
  readonly nodes: number;
  readonly tenants: number;
  readonly runs: number;
}

interface Result extends Case {
  readonly medianSeconds: number;
  /** Median with the remembered verdict off: the output is validated again, as after a spec edit. */
  readonly editSeconds: number;
  /** One run with the memo of synth/cache.ts off: CRDs parsed, schemas compiled, output validated from scratch. */
  readonly coldSeconds: number;
  readonly coldPeakMiB: number;
  readonly peakMiB: number;
  readonly objects: number;
  readonly files: number;
  readonly bytes: number;
}

const CASES: Case[] = [
  { label: 'lacave', nodes: 4, tenants: 1, runs: 7 },
  { label: 'gen 50 / 10', nodes: 50, tenants: 10, runs: 5 },
  { label: 'gen 500 / 200', nodes: 500, tenants: 200, runs: 5 },
  { label: 'gen 2000 / 200', nodes: 2000, tenants: 200, runs: 3 },
  { label: 'gen 500 / 1000', nodes: 500, tenants: 1000, runs: 3 },
  { label: 'gen 2000 / 1000', nodes: 2000, tenants: 1000, runs: 3 },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function dirStats(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

/** GNU time, when installed: its peak RSS covers the child processes waited for (esbuild during a build). */
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * One timed run of node with `args`; peak RSS: the larger of what the probe preloaded into node
 * reports and what GNU time reports for the process and its children.
 */
function timed(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): { seconds: number; cpuSeconds: number; peakKiB: number; stdout: string } {
  const command = [process.execPath, '--require', RSS_PROBE, ...args];
  const [file, ...rest] = GNU_TIME ? [GNU_TIME, '-f', 'BENCH_TIME_MAXRSS_KIB=%M BENCH_TIME_CPU=%U %S', ...command] : command;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, rest, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const probe = Number(/BENCH_MAXRSS_KIB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const time = Number(/BENCH_TIME_MAXRSS_KIB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const cpu = /BENCH_TIME_CPU=([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { seconds, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, peakKiB: Number.isNaN(time) ? probe : Math.max(probe, time), stdout: r.stdout };
}

/** Wall time of a command that is not node (npm ci, git); its output is kept for an error. */
function timedCommand(command: string, args: string[], cwd: string): { seconds: number; output: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${output.slice(-4000)}`);
  return { seconds, output };
}

interface FreshResult {
  readonly commit: string;
  readonly npmCiSeconds: number;
  readonly firstSeconds: number;
  readonly firstPeakMiB: number;
  /** User + system time of the process and its children (GNU time): steadier than wall time on a shared machine. */
  readonly firstCpuSeconds: number;
  readonly warmCpuSeconds: number;
  readonly warmSeconds: number;
  readonly warmPeakMiB: number;
  readonly warmRuns: number;
  readonly ratio: number;
}

/**
 * What a new user meets: a clone of the committed HEAD (uncommitted changes are not in it), `npm ci`,
 * then `node scripts/synth.js` as `npm run synth` runs it (build/ and build/.cache empty: the
 * first one transpiles the sources), then the same again, warm.
 */
function freshClone(work: string, warmRuns = 5): FreshResult {
  const clone = path.join(work, 'fresh-clone');
  timedCommand('git', ['clone', '--quiet', ROOT, clone], work);
  const commit = timedCommand('git', ['rev-parse', '--short', 'HEAD'], clone).output.trim();
  const npmCi = timedCommand('npm', ['ci', '--no-audit', '--no-fund'], clone);
  const args = [path.join(clone, 'scripts', 'synth.js'), '--cluster', 'lacave', '--out', path.join(work, 'fresh-out')];
  const first = timed(args, {}, clone);
  const warm = Array.from({ length: warmRuns }, () => timed(args, {}, clone));
  const warmSeconds = median(warm.map((r) => r.seconds));
  return {
    commit,
    npmCiSeconds: npmCi.seconds,
    firstSeconds: first.seconds,
    firstPeakMiB: first.peakKiB / 1024,
    firstCpuSeconds: first.cpuSeconds,
    warmCpuSeconds: median(warm.map((r) => r.cpuSeconds)),
    warmSeconds,
    warmPeakMiB: Math.max(...warm.map((r) => r.peakKiB)) / 1024,
    warmRuns,
    ratio: first.seconds / warmSeconds,
  };
}

interface TestResult {
  readonly seconds: number;
  readonly summary: string;
  readonly loadBefore: string;
  readonly loadAfter: string;
}

/** `npm test` (jest, all files) in this checkout. */
function npmTest(): TestResult {
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const loadBefore = load();
  const t0 = process.hrtime.bigint();
  const r = spawnSync('npm', ['test', '--', '--silent'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const out = `${r.stdout}${r.stderr}`;
  const summary = ['Test Suites:', 'Tests:'].map((h) => out.split('\n').find((l) => l.startsWith(h)) ?? `${h} ?`).join('; ');
  if (r.status !== 0) process.stderr.write(`npm test failed (the time is still reported):\n${out.slice(-4000)}\n`);
  return { seconds, summary: r.status === 0 ? summary : `FAILED — ${summary}`, loadBefore, loadAfter: load() };
}

function runCase(c: Case, work: string): Result {
  let clustersArgs: string[] = [];
  let name = 'lacave';
  if (c.label !== 'lacave') {
    name = `gen${c.nodes}x${c.tenants}`;
    const dir = path.join(work, `clusters-${name}`);
    fs.mkdirSync(dir, { recursive: true });
    // A .ts spec, as admins write them (the loader transpiles it; the result is remembered by source hash).
    fs.writeFileSync(path.join(dir, `${name}.ts`), `module.exports = { default: ${JSON.stringify(generatedSpec(c.nodes, c.tenants, name))} };\n`);
    clustersArgs = ['--clusters-dir', dir];
  }
  const out = path.join(work, `out-${name}`);
  const args = [SYNTH, '--cluster', name, '--out', out, ...clustersArgs];
  timed(args); // warm-up: page cache, first write of the tree
  const runs = Array.from({ length: c.runs }, () => timed(args));
  const edits = Array.from({ length: c.runs }, () => timed(args, { SYNTH_NO_CACHE: 'verdict' }));
  const cold = timed(args, { SYNTH_NO_CACHE: '1' });
  const objects = Number(/(\d+) objects/.exec(runs[0].stdout)?.[1] ?? NaN);
  const { files, bytes } = dirStats(path.join(out, name));
  return {
    ...c,
    medianSeconds: median(runs.map((r) => r.seconds)),
    peakMiB: Math.max(...runs.map((r) => r.peakKiB)) / 1024,
    editSeconds: median(edits.map((r) => r.seconds)),
    coldSeconds: cold.seconds,
    coldPeakMiB: cold.peakKiB / 1024,
    objects,
    files,
    bytes,
  };
}

function cdk8sDefaultPath(work: string): { seconds: number; peakMiB: number } {
  const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  const tsNode = path.join(ROOT, 'node_modules', '.bin', 'ts-node');
  const out = path.join(work, 'cdk8s-default');
  const runs = Array.from({ length: 3 }, () =>
    timed([cli, 'synth', '--app', `${tsNode} main.ts`, '--output', out], { CDK8S_CHECK_UPGRADE: 'false' }),
  );
  return { seconds: median(runs.map((r) => r.seconds)), peakMiB: Math.max(...runs.map((r) => r.peakKiB)) / 1024 };
}

const USAGE = 'usage: bench [--only scale|fresh|test]… [--test]';
const PARTS = ['scale', 'fresh', 'test'] as const;
type Part = (typeof PARTS)[number];

function parts(argv: readonly string[]): Set<Part> {
  const only: Part[] = [];
  let test = false;
  readFlags(argv, USAGE, (flag, value) => {
    if (flag === '--test') test = true;
    else if (flag === '--only') only.push(choiceOf(flag, value(), PARTS));
    else return false;
    return true;
  });
  return new Set<Part>(only.length ? only : test ? ['scale', 'fresh', 'test'] : ['scale', 'fresh']);
}

function scaleSection(work: string): { lines: string[]; json: unknown } {
  const results: Result[] = [];
  for (const c of CASES) {
    process.stderr.write(`${c.label}… `);
    results.push(runCase(c, work));
    process.stderr.write('done\n');
  }
  process.stderr.write('cdk8s synth (default path: ts-node with type checking)… ');
  const cdk8s = cdk8sDefaultPath(work);
  process.stderr.write('done\n');

  const rows = results.map((r) =>
    [r.label, r.nodes, r.tenants, r.objects, r.files, (r.bytes / 1024).toFixed(0), r.medianSeconds.toFixed(3), r.peakMiB.toFixed(0), r.editSeconds.toFixed(3), r.coldSeconds.toFixed(2), r.coldPeakMiB.toFixed(0)].join(' | '),
  );
  const by = (n: number, t: number) => results.find((r) => r.nodes === n && r.tenants === t)!;
  const step = (a: Result, b: Result) => `${b.label} / ${a.label}: ×${(b.medianSeconds / a.medianSeconds).toFixed(2)} time, ×${(b.objects / a.objects).toFixed(2)} objects, ×${(b.files / a.files).toFixed(2)} files`;
  const lines = [
    '## Synth by cluster size',
    '',
    'Full synth (load, validate spec, render, validate output, write) as `npm run synth` runs it, sources unchanged since the last build:',
    'median of several runs after one warm-up. "after an edit": the output is validated again (the remembered verdict of synth/cache.ts is off), as after a spec edit. "cold": one run with all of build/.cache off (the spec transpiled, everything validated from scratch; the validators are committed, see docs/speed.md).',
    '',
    '| cluster | nodes | tenants | objects | files | KiB written | median wall (s) | peak RSS (MiB) | after an edit (s) | cold wall (s) | cold peak RSS (MiB) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    `| lacave, \`cdk8s synth\` default path (ts-node, type-checked) | 4 | 1 | | | | ${cdk8s.seconds.toFixed(3)} | ${cdk8s.peakMiB.toFixed(0)} | | | |`,
    '',
    'Steps:',
    `- nodes ×4: ${step(by(500, 200), by(2000, 200))}`,
    `- tenants ×5: ${step(by(500, 200), by(500, 1000))}`,
    `- nodes ×4 at 1000 tenants: ${step(by(500, 1000), by(2000, 1000))}`,
    '',
  ];
  return { lines, json: { results, cdk8sDefaultPath: cdk8s } };
}

function freshSection(work: string): { lines: string[]; json: FreshResult } {
  process.stderr.write('fresh clone → npm ci → first synth → warm synths… ');
  const f = freshClone(work);
  process.stderr.write('done\n');
  const lines = [
    '## First synth in a fresh clone',
    '',
    `A clone of the committed HEAD (${f.commit}), \`npm ci\`, then \`node scripts/synth.js --cluster lacave\` as \`npm run synth\` runs it: the first run builds build/ (esbuild) and fills build/.cache; warm: median of ${f.warmRuns} later runs. Peak RSS: the largest process (node, or esbuild during the build).`,
    '',
    '| step | wall (s) | CPU, user + system (s) | peak RSS (MiB) |',
    '| --- | --- | --- | --- |',
    `| \`npm ci\` (apart) | ${f.npmCiSeconds.toFixed(1)} | | |`,
    `| first synth, build included | ${f.firstSeconds.toFixed(2)} | ${f.firstCpuSeconds.toFixed(2)} | ${f.firstPeakMiB.toFixed(0)} |`,
    `| warm synth | ${f.warmSeconds.toFixed(2)} | ${f.warmCpuSeconds.toFixed(2)} | ${f.warmPeakMiB.toFixed(0)} |`,
    '',
    `First / warm: ×${f.ratio.toFixed(2)} wall (target ≤ 3), ×${(f.firstCpuSeconds / f.warmCpuSeconds).toFixed(2)} CPU; peak RSS ${Math.max(f.firstPeakMiB, f.warmPeakMiB).toFixed(0)} MiB (target ≤ 400).`,
    '',
  ];
  return { lines, json: f };
}

function testSection(): { lines: string[]; json: TestResult } {
  process.stderr.write('npm test… ');
  const t = npmTest();
  process.stderr.write('done\n');
  const lines = [
    '## npm test',
    '',
    `\`npm test\` (jest, every test file, ${os.cpus().length} workers at most): ${t.seconds.toFixed(0)} s wall. ${t.summary}. Load average (1, 5, 15 min) before: ${t.loadBefore}; after: ${t.loadAfter}.`,
    '',
  ];
  return { lines, json: t };
}

function main(): void {
  const which = parts(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const lines = [
    '# Benchmark',
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
    '',
  ];
  const json: Record<string, unknown> = {};
  try {
    if (which.has('fresh')) {
      const f = freshSection(work);
      lines.push(...f.lines);
      json.fresh = f.json;
    }
    if (which.has('scale')) {
      const s = scaleSection(work);
      lines.push(...s.lines);
      Object.assign(json, s.json);
    }
    if (which.has('test')) {
      const t = testSection();
      lines.push(...t.lines);
      json.test = t.json;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const text = lines.join('\n');
  console.log(text);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'results.md'), text);
  fs.writeFileSync(path.join(RESULTS_DIR, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
}

main();
