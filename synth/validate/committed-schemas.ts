/**
 * The custom kinds' strict schemas committed under `upstream/schemas/` (derived from the pinned
 * CRDs by `npm run derive-upstream`): what synth and validate check custom resources against,
 * with nothing outside the repository. A kind's file is read only when an object of that kind is
 * validated.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../../output/project-root';
import type { JsonSchema } from './core-schemas';
import { loadCrds, type CustomKind } from './schemas';

export const COMMITTED_SCHEMAS_DIR = path.join(PROJECT_ROOT, 'upstream', 'schemas');

interface IndexEntry {
  group: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  versions: string[];
  source: string;
  file: string;
}

/** The committed custom kinds, keyed by `group/kind`. Throws when the index is missing (a broken checkout). */
export function committedCustomKinds(dir = COMMITTED_SCHEMAS_DIR): Map<string, CustomKind> {
  const indexFile = path.join(dir, 'index.json');
  if (!fs.existsSync(indexFile)) throw new Error(`${indexFile} is missing: run npm run derive-upstream (docs/upstream-facts.md)`);
  const index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as { sources: Array<{ name: string; release: string }>; kinds: IndexEntry[] };
  const releases = new Map(index.sources.map((s) => [s.name, s.release]));
  const out = new Map<string, CustomKind>();
  for (const e of index.kinds) {
    const file = path.join(dir, e.file);
    let loaded: Map<string, JsonSchema | undefined> | undefined;
    out.set(`${e.group}/${e.kind}`, {
      group: e.group,
      kind: e.kind,
      plural: e.plural,
      namespaced: e.namespaced,
      // The file is the source: the verdict cache keys on its identity.
      source: file,
      release: `${e.source} ${releases.get(e.source) ?? '?'}`,
      get versions() {
        loaded ??= new Map(Object.entries((JSON.parse(fs.readFileSync(file, 'utf8')) as { versions: Record<string, JsonSchema | null> }).versions).map(([v, s]) => [v, s ?? undefined]));
        return loaded;
      },
    } as CustomKind);
  }
  return out;
}

/** The committed kinds, overridden by the CRDs of `--crds` files or folders (a cluster's own CRDs). */
export function customKindsFor(crdPaths: readonly string[]): Map<string, CustomKind> {
  return new Map([...committedCustomKinds(), ...loadCrds(crdPaths)]);
}
