/**
 * `npm run validate [-- --crds DIR|FILE]… [--cluster NAME]… [--dist DIR]`: validates every
 * manifest of `dist/<cluster>/` (every cluster folder by default). Exit status 1 on any problem.
 */
import * as fs from 'fs';
import * as path from 'path';
import { listClusters, loadClusters } from '../clusters';
import { readFlags } from '../cli-flags';
import type { OutputFile } from '../../output/files';
import { formatProblem, formatSummary, validateOutput } from '.';
import { customKindsFor } from './committed-schemas';

export interface ValidateCliOptions {
  readonly clusters: string[];
  readonly distDir: string;
  readonly crdPaths: string[];
}

const USAGE = 'usage: validate [--crds DIR|FILE]… [--cluster NAME]… [--dist DIR]';

export function parseValidateArgs(argv: readonly string[]): ValidateCliOptions {
  const clusters: string[] = [];
  const crdPaths: string[] = [];
  let distDir = 'dist';
  readFlags(argv, USAGE, (flag, value) => {
    if (flag === '--cluster' || flag === '-c') clusters.push(value());
    else if (flag === '--crds') crdPaths.push(value());
    else if (flag === '--dist' || flag === '--out' || flag === '-o') distDir = value();
    else return false;
    return true;
  });
  return { clusters, distDir, crdPaths };
}

/** Every file below `dir` as an OutputFile (paths relative, `/`-separated). */
export function readClusterDir(dir: string): OutputFile[] {
  const files: OutputFile[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(path.join(d, e.name), `${prefix}${e.name}/`);
      else if (e.isFile()) files.push({ path: `${prefix}${e.name}`, content: fs.readFileSync(path.join(d, e.name), 'utf8') });
    }
  };
  walk(dir, '');
  return files;
}

/** Runs the validation; returns the lines to print and whether everything is valid. */
export function runValidate(options: ValidateCliOptions): { lines: string[]; ok: boolean } {
  const crds = customKindsFor(options.crdPaths);
  const clusters = options.clusters.length
    ? options.clusters
    : fs.existsSync(options.distDir)
      ? fs.readdirSync(options.distDir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort()
      : [];
  if (clusters.length === 0) throw new Error(`nothing to validate in ${options.distDir}/: run npm run synth first`);
  const known = new Set(listClusters());
  const lines: string[] = [];
  let ok = true;
  for (const cluster of clusters) {
    const dir = path.join(options.distDir, cluster);
    if (!fs.existsSync(dir)) throw new Error(`no ${dir}/: run npm run synth -- --cluster ${cluster} first`);
    const model = known.has(cluster) ? loadClusters([cluster])[0].model : undefined;
    if (!model) lines.push(`${cluster}: no clusters/${cluster}.ts: nothing is declared external`);
    const report = validateOutput(readClusterDir(dir), { model, crds });
    for (const p of report.problems) lines.push(formatProblem(p, `${dir}/`));
    lines.push(formatSummary(cluster, report));
    if (report.problems.length > 0) ok = false;
  }
  return { lines, ok };
}

if (require.main === module) {
  try {
    const { lines, ok } = runValidate(parseValidateArgs(process.argv.slice(2)));
    for (const l of lines) console.log(l);
    process.exitCode = ok ? 0 : 1;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  }
}
