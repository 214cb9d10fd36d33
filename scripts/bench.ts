/**
 * `npm run bench`: wall time (median of several runs) and peak memory of a full synth, as an
 * admin runs it (`node scripts/synth.js`, sources unchanged since the last build), for lacave
 * and generated clusters; beside it, cdk8s's default path (`cdk8s synth` with ts-node
 * type-checking main.ts) for lacave. Prints a table and writes it to dist/bench/.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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

/** One timed run of a command; peak RSS reported by the probe preloaded into node. */
function timed(args: string[], env: NodeJS.ProcessEnv = {}): { seconds: number; peakKiB: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', RSS_PROBE, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const m = /BENCH_MAXRSS_KIB=(\d+)/.exec(r.stderr);
  return { seconds, peakKiB: m ? Number(m[1]) : NaN, stdout: r.stdout };
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

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
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
    `# Synth benchmark`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    'Full synth (load, validate spec, render, validate output, write) as `npm run synth` runs it, sources unchanged since the last build:',
    'median of several runs after one warm-up. "after an edit": the output is validated again (the remembered verdict of synth/cache.ts is off; parsed CRDs and compiled schemas are reused), as after a spec edit. "cold": one run with all of synth/cache.ts off (CRDs parsed, schemas compiled, everything validated from scratch), as after an upgrade of the validator or of a CRD.',
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
  const text = lines.join('\n');
  console.log(text);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'results.md'), text);
  fs.writeFileSync(path.join(RESULTS_DIR, 'results.json'), `${JSON.stringify({ results, cdk8sDefaultPath: cdk8s }, null, 2)}\n`);
  fs.rmSync(work, { recursive: true, force: true });
}

main();
