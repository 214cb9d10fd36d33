/** Finds the cluster specs in `clusters/` (one file per cluster) and validates them. */
import * as fs from 'fs';
import * as path from 'path';
import { ClusterModel, SpecError, SpecIssue, validateSpec } from '../clusters/model';

export const CLUSTERS_DIR = path.resolve(__dirname, '..', 'clusters');

/** Names of the clusters in `clusters/` (file names without extension, sorted). */
export function listClusters(dir = CLUSTERS_DIR): string[] {
  const ext = path.extname(__filename); // .ts under ts-node/jest, .js when precompiled
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.d${ext}`))
    .map((f) => f.slice(0, -ext.length))
    .sort();
}

export interface LoadedCluster {
  readonly name: string;
  readonly source: string;
  readonly model: ClusterModel;
}

/** Loads and validates the selected clusters; throws one SpecError per bad cluster, all at once. */
export function loadClusters(selected: readonly string[] = [], dir = CLUSTERS_DIR): LoadedCluster[] {
  const available = listClusters(dir);
  const unknown = selected.filter((s) => !available.includes(s));
  if (unknown.length > 0) throw new Error(`no cluster named ${unknown.join(', ')} in ${dir} (available: ${available.join(', ')})`);
  const names = selected.length > 0 ? [...selected] : available;
  const loaded: LoadedCluster[] = [];
  const errors: SpecError[] = [];
  for (const name of names) {
    const source = path.relative(process.cwd(), path.join(dir, name + path.extname(__filename)));
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(path.join(dir, name));
    const spec = mod.default ?? mod.spec;
    try {
      const model = validateSpec(spec, source);
      if (model.name !== name) {
        const issue: SpecIssue = { path: 'name', value: model.name, message: `must equal the file name "${name}" so that dist/${name}/ and the cluster agree` };
        throw new SpecError(source, [issue]);
      }
      loaded.push({ name, source, model });
    } catch (err) {
      if (err instanceof SpecError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length > 0) throw new AggregateSpecError(errors);
  return loaded;
}

export class AggregateSpecError extends Error {
  constructor(readonly errors: readonly SpecError[]) {
    super(errors.map((e) => e.message).join('\n\n'));
    this.name = 'AggregateSpecError';
  }
}
