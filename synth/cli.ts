/**
 * `npm run synth [-- --cluster NAME …] [--out DIR] [--crds DIR|FILE …] [--no-validate] [--diff]`:
 * validates every selected cluster spec, renders all of them in memory, validates the rendered
 * manifests (schemas, references, policy), then writes `dist/<cluster>/` for each — or, with
 * `--diff`, prints what would change and writes nothing. Any problem before writing means
 * nothing is written.
 */
import * as path from 'path';
import { loadClusters } from './clusters';
import { diffClusterOutput } from './diff';
import { renderCluster } from './render';
import { formatProblem, formatSummary, validateOutput } from './validate';
import { customKindsFor } from './validate/committed-schemas';
import { rollBackInterruptedSwaps, writeClusterOutput } from './write';
import { isoDay, kubernetesSupportLine, pastSupportLines } from '../clusters/model/support';

export interface SynthOptions {
  readonly clusters: string[];
  readonly outDir: string;
  /**
   * Folder of the cluster specs.
   * @default - the project's clusters/
   */
  readonly clustersDir?: string;
  /**
   * Validate the rendered manifests before writing.
   * @default true
   */
  readonly validate?: boolean;
  /**
   * CRD files or folders for the custom kinds (see `npm run validate`), e.g. `kubectl get crd -o yaml`
   * of the cluster: they take precedence over the committed schemas of the same kinds.
   * @default - only the committed schemas of `upstream/schemas/`
   */
  readonly crdPaths?: string[];
  /**
   * Print what would change in each `dist/<cluster>/` instead of writing.
   * @default false
   */
  readonly diff?: boolean;
  /**
   * Day (YYYY-MM-DD) on which pinned components are checked against their end of support
   * (one warning line per component past support; see `npm run versions`).
   * @default - today (UTC)
   */
  readonly supportDate?: string;
}

/** The rendered manifests have problems: nothing was written. */
export class OutputValidationError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'OutputValidationError';
  }
}

const USAGE = 'usage: synth [--cluster NAME]… [--out DIR] [--clusters-dir DIR] [--crds DIR|FILE]… [--no-validate] [--diff]';

export function parseArgs(argv: readonly string[], defaultOut: string): SynthOptions {
  const clusters: string[] = [];
  const crdPaths: string[] = [];
  let outDir = defaultOut;
  let clustersDir: string | undefined;
  let validate = true;
  let diff = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--cluster' || arg === '-c') clusters.push(value());
    else if (arg === '--out' || arg === '-o') outDir = value();
    else if (arg === '--clusters-dir') clustersDir = path.resolve(value());
    else if (arg.startsWith('--cluster=')) clusters.push(arg.slice('--cluster='.length));
    else if (arg.startsWith('--out=')) outDir = arg.slice('--out='.length);
    else if (arg === '--crds') crdPaths.push(value());
    else if (arg.startsWith('--crds=')) crdPaths.push(arg.slice('--crds='.length));
    else if (arg === '--no-validate') validate = false;
    else if (arg === '--diff') diff = true;
    else throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  return { clusters, outDir, clustersDir, validate, diff, ...(crdPaths.length ? { crdPaths } : {}) };
}

export function synth(options: SynthOptions): string[] {
  const started = process.hrtime.bigint();
  // A run killed between its two renames left dist/<cluster> missing: put it back before anything can fail.
  for (const notice of rollBackInterruptedSwaps(options.outDir)) console.error(`notice: ${notice}`);
  const loaded = loadClusters(options.clusters, options.clustersDir);
  const rendered = loaded.map((c) => {
    const t0 = process.hrtime.bigint();
    const output = renderCluster(c.model);
    return { c, output, renderNs: process.hrtime.bigint() - t0 };
  });
  const lines: string[] = [];
  const summaries: string[] = [];
  if (options.validate ?? true) {
    const crds = customKindsFor(options.crdPaths ?? []);
    const problems: string[] = [];
    for (const { c, output } of rendered) {
      const report = validateOutput(output.files, { model: c.model, crds });
      for (const p of report.problems) problems.push(formatProblem(p, `${c.name}: `));
      if (report.problems.length) problems.push(formatSummary(c.name, report));
      else summaries.push(formatSummary(c.name, report));
    }
    if (problems.length) throw new OutputValidationError([...problems, 'nothing was written (npm run synth -- --no-validate writes anyway)']);
  }
  if (options.diff) {
    for (const { c, output } of rendered) {
      const changes = diffClusterOutput(options.outDir, c.name, output.files);
      lines.push(`${c.name}: ${changes.length ? `${changes.length} change${changes.length > 1 ? 's' : ''}` : 'no change'} in ${path.join(options.outDir, c.name)}/ (nothing written)`);
      for (const ch of changes) lines.push(`  ${ch.change} ${ch.what}`);
    }
    return lines;
  }
  for (const { c, output, renderNs } of rendered) {
    const t0 = process.hrtime.bigint();
    const result = writeClusterOutput(options.outDir, c.name, output.files);
    const seconds = Number(renderNs + process.hrtime.bigint() - t0) / 1e9;
    lines.push(...result.notices.map((n) => `notice: ${n}`));
    lines.push(
      `${c.name}: ${result.written} files, ${output.objects} objects` +
        `${result.preserved ? `, ${result.preserved} files kept that synth did not create` : ''}` +
        ` → ${path.join(options.outDir, c.name)}/ (${seconds.toFixed(2)} s)`,
    );
  }
  lines.push(...summaries);
  const day = options.supportDate ?? isoDay(new Date());
  lines.push(...supportWarnings(day));
  for (const { c } of rendered) {
    const k8s = kubernetesSupportLine(c.name, c.model.kubernetesVersion, day);
    if (k8s) lines.push(`warning: ${k8s}`);
  }
  lines.push(`total ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s`);
  return lines;
}

/** One warning line per pinned component past its end of support on `day`. */
export function supportWarnings(day: string): string[] {
  return pastSupportLines(day).map((l) => `warning: ${l}`);
}

export function main(argv: readonly string[], defaultOut = 'dist'): number {
  try {
    const lines = synth(parseArgs(argv, defaultOut));
    for (const line of lines) console.log(line);
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
