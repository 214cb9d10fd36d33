/**
 * `npm run synth [-- --cluster NAME …] [--out DIR]`: validates every selected cluster, renders
 * all of them in memory, then writes `dist/<cluster>/` for each. Any problem before writing
 * means nothing is written.
 */
import * as path from 'path';
import { loadClusters } from './clusters';
import { renderCluster } from './render';
import { writeClusterOutput } from './write';

export interface SynthOptions {
  readonly clusters: string[];
  readonly outDir: string;
  /**
   * Folder of the cluster specs.
   * @default - the project's clusters/
   */
  readonly clustersDir?: string;
}

export function parseArgs(argv: readonly string[], defaultOut: string): SynthOptions {
  const clusters: string[] = [];
  let outDir = defaultOut;
  let clustersDir: string | undefined;
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
    else throw new Error(`unknown argument ${arg}; usage: synth [--cluster NAME]… [--out DIR] [--clusters-dir DIR]`);
  }
  return { clusters, outDir, clustersDir };
}

export function synth(options: SynthOptions): string[] {
  const started = process.hrtime.bigint();
  const loaded = loadClusters(options.clusters, options.clustersDir);
  const rendered = loaded.map((c) => {
    const t0 = process.hrtime.bigint();
    const output = renderCluster(c.model);
    return { c, output, renderNs: process.hrtime.bigint() - t0 };
  });
  const lines: string[] = [];
  for (const { c, output, renderNs } of rendered) {
    const t0 = process.hrtime.bigint();
    const result = writeClusterOutput(options.outDir, c.name, output.files);
    const seconds = Number(renderNs + process.hrtime.bigint() - t0) / 1e9;
    lines.push(
      `${c.name}: ${result.written} files, ${output.objects} objects` +
        `${result.preserved ? `, ${result.preserved} files kept that synth did not create` : ''}` +
        ` → ${path.join(options.outDir, c.name)}/ (${seconds.toFixed(2)} s)`,
    );
  }
  lines.push(`total ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s`);
  return lines;
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
