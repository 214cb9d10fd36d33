/**
 * Finds the cluster specs in `clusters/` (one file per cluster, in any format of `spec-files/`),
 * loads and validates them. Every spec's problems are collected — syntax errors, a spec that throws
 * while loading, shape and rule problems, each with `clusters/<file>:<line>` — and reported together.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ClusterModel, SpecError, SpecIssue, validateSpec } from '../clusters/model';
import { GENERATOR_SPEC_RULES } from './spec-rules';
import { PROJECT_ROOT } from '../output/project-root';
import { specFormatOf, type SpecFileProblem } from './spec-files';

/** The spec sources (never their build/ copies: messages name the file the admin edits). */
export const CLUSTERS_DIR = path.join(PROJECT_ROOT, 'clusters');

interface SpecFileEntry {
  readonly name: string;
  readonly file: string;
}

function specFiles(dir: string): SpecFileEntry[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && specFormatOf(e.name))
    .map((e) => ({ name: e.name.slice(0, -specFormatOf(e.name)!.extension.length), file: path.join(dir, e.name) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Names of the clusters in `clusters/` (file names without extension, sorted). */
export function listClusters(dir = CLUSTERS_DIR): string[] {
  return [...new Set(specFiles(dir).map((f) => f.name))];
}

export interface LoadedCluster {
  readonly name: string;
  readonly source: string;
  readonly model: ClusterModel;
}

/** A spec file that could not be loaded (syntax error, threw while loading). */
export class SpecFileError extends Error {
  constructor(readonly source: string, readonly problems: readonly SpecFileProblem[]) {
    super(
      `${source}: the spec file could not be loaded; nothing was written:\n` +
        problems.map((p) => `  - ${source}${p.line !== undefined ? `:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'SpecFileError';
  }
}

/** Loads and validates the selected clusters; throws one AggregateSpecError listing every bad spec. */
export function loadClusters(selected: readonly string[] = [], dir = CLUSTERS_DIR): LoadedCluster[] {
  const files = specFiles(dir);
  const available = listClusters(dir);
  const unknown = selected.filter((s) => !available.includes(s));
  if (unknown.length > 0) throw new Error(`no cluster named ${unknown.join(', ')} in ${dir} (available: ${available.join(', ')})`);
  const names = selected.length > 0 ? [...selected] : available;
  const loaded: LoadedCluster[] = [];
  const errors: Error[] = [];
  for (const name of names) {
    const candidates = files.filter((f) => f.name === name);
    if (candidates.length > 1) {
      errors.push(new Error(`${candidates.map((c) => path.relative(process.cwd(), c.file)).join(' and ')}: two specs for cluster ${name}; keep one`));
      continue;
    }
    const { file } = candidates[0];
    const source = path.relative(process.cwd(), file) || file;
    const format = specFormatOf(file)!;
    const result = format.load(file, source);
    if (result.problems.length > 0 || result.spec === undefined) {
      errors.push(new SpecFileError(source, result.problems));
      continue;
    }
    try {
      const model = validateSpec(result.spec, source, GENERATOR_SPEC_RULES);
      if (model.name !== name) {
        const issue: SpecIssue = { path: 'name', value: model.name, message: `must equal the file name "${name}" so that dist/${name}/ and the cluster agree` };
        throw new SpecError(source, [issue]);
      }
      loaded.push({ name, source, model });
    } catch (err) {
      if (err instanceof SpecError) errors.push(new SpecError(err.source, err.issues, result.locate));
      else throw err;
    }
  }
  if (errors.length > 0) throw new AggregateSpecError(errors);
  return loaded;
}

/** Every bad spec of a run, each with its own file's problems. */
export class AggregateSpecError extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(errors.map((e) => e.message).join('\n\n'));
    this.name = 'AggregateSpecError';
  }
}
