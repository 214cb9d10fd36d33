/**
 * Strict JSON Schemas of the built-in Kubernetes kinds, compiled once from the `kubernetes-models`
 * declarations (synth/validate/core-schemas.ts) and committed as `upstream/schemas/core.json`:
 * synth and validate load them instead of running TypeScript's checker on a first run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA_PACKAGE, compileCoreSchemas, coreSchemaSource, type JsonSchema } from '../../synth/validate/core-schemas';
import { sha256 } from './inputs';

/** What `upstream/schemas/core.json` holds. */
export interface CommittedCoreSchemas {
  readonly generatedBy: string;
  /** `kubernetes-models@5.1.0`. */
  readonly source: string;
  /** sha256 of the compiler (synth/validate/core-schemas.ts) that produced them. */
  readonly compiler: string;
  readonly roots: Record<string, string>;
  readonly definitions: Record<string, JsonSchema>;
}

export const CORE_COMPILER = path.join(__dirname, '..', '..', 'synth', 'validate', 'core-schemas.ts');

/** Every `apiVersion/kind` the package declares a file for (the compiler keeps the top-level kinds). */
export function coreKinds(): Array<{ apiVersion: string; kind: string }> {
  const root = path.dirname(require.resolve(`${CORE_SCHEMA_PACKAGE}/package.json`));
  const kinds: Array<{ apiVersion: string; kind: string }> = [];
  const walk = (dir: string, rel: string[]) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory() && !e.name.startsWith('_') && rel.length < 2) walk(path.join(dir, e.name), [...rel, e.name]);
      else if (e.isFile() && /^[A-Z]\w*\.d\.ts$/.test(e.name) && rel.length >= 1) kinds.push({ apiVersion: rel.join('/'), kind: e.name.slice(0, -'.d.ts'.length) });
    }
  };
  walk(root, []);
  return kinds;
}

export function deriveCoreSchemas(): CommittedCoreSchemas {
  const compiled = compileCoreSchemas(coreKinds());
  return {
    generatedBy: 'npm run derive-upstream (scripts/upstream/core-schemas.ts) from the kubernetes-models declarations; do not edit',
    source: coreSchemaSource(),
    compiler: sha256(fs.readFileSync(CORE_COMPILER, 'utf8')),
    roots: Object.fromEntries([...compiled.roots].sort(([a], [b]) => (a < b ? -1 : 1))),
    definitions: compiled.definitions,
  };
}

export const renderCoreSchemas = (c: CommittedCoreSchemas) => `${JSON.stringify(c)}\n`;
