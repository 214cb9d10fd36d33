/**
 * Writing `upstream/schemas/`: `index.json` (releases, kinds) and one compact JSON file per kind.
 * Rendering is a pure function of the derived kinds, so a test can re-derive and compare.
 */
import * as fs from 'fs';
import * as path from 'path';
import { deriveKinds, kindFile, type DerivedKind, type DerivedSourceRecord } from './crd-schemas';
import { platformCrdSources, type CrdSource } from './crd-sources';
import type { ReadInput, UpstreamInput } from './inputs';

export interface SchemaIndex {
  readonly generatedBy: string;
  readonly sources: DerivedSourceRecord[];
  readonly kinds: Array<{ group: string; kind: string; plural: string; namespaced: boolean; versions: string[]; source: string; file: string }>;
}

export interface DerivedSchemas {
  readonly kinds: DerivedKind[];
  readonly records: DerivedSourceRecord[];
  readonly unreachable: CrdSource[];
}

export async function deriveAllSchemas(read: (input: UpstreamInput) => Promise<ReadInput | undefined>, sources = platformCrdSources()): Promise<DerivedSchemas> {
  const kinds: DerivedKind[] = [];
  const records: DerivedSourceRecord[] = [];
  const unreachable: CrdSource[] = [];
  for (const source of sources) {
    const got = await read(source.input);
    if (!got) {
      unreachable.push(source);
      continue;
    }
    const d = deriveKinds(source, got);
    kinds.push(...d.kinds);
    records.push(d.record);
  }
  return { kinds, records, unreachable };
}

/** `index.json` and the kind files, as path (relative to upstream/schemas) → content. */
export function renderSchemaFiles(kinds: readonly DerivedKind[], records: readonly DerivedSourceRecord[]): Map<string, string> {
  const seen = new Map<string, string>();
  for (const k of kinds) {
    const key = `${k.group}/${k.kind}`;
    const other = seen.get(key);
    if (other) throw new Error(`${key} is defined by two releases: ${other} and ${k.source}`);
    seen.set(key, k.source);
  }
  const sorted = [...kinds].sort((a, b) => (kindFile(a) < kindFile(b) ? -1 : 1));
  const index: SchemaIndex = {
    generatedBy: 'npm run derive-upstream (scripts/derive-upstream.ts) from the CRDs of the releases below; do not edit',
    sources: [...records].sort((a, b) => (a.name < b.name ? -1 : 1)),
    kinds: sorted.map((k) => ({ group: k.group, kind: k.kind, plural: k.plural, namespaced: k.namespaced, versions: Object.keys(k.versions), source: k.source, file: kindFile(k) })),
  };
  const files = new Map<string, string>([['index.json', `${JSON.stringify(index, null, 2)}\n`]]);
  for (const k of sorted) files.set(kindFile(k), `${JSON.stringify({ group: k.group, kind: k.kind, source: k.source, versions: k.versions })}\n`);
  return files;
}

export function readSchemaIndex(dir: string): SchemaIndex | undefined {
  const file = path.join(dir, 'index.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaIndex) : undefined;
}

/**
 * Writes the derived schemas; the committed facts of an unreachable release are kept as they are.
 * Kind files no release defines any more are removed (the folder is this script's own).
 */
export function writeSchemas(dir: string, derived: DerivedSchemas): { kinds: number; sources: number } {
  const old = readSchemaIndex(dir);
  const keptSources = new Set(derived.unreachable.map((s) => s.name));
  const keptKinds: DerivedKind[] = (old?.kinds ?? [])
    .filter((k) => keptSources.has(k.source))
    .map((k) => {
      const body = JSON.parse(fs.readFileSync(path.join(dir, k.file), 'utf8')) as { versions: DerivedKind['versions'] };
      return { group: k.group, kind: k.kind, plural: k.plural, namespaced: k.namespaced, versions: body.versions, source: k.source };
    });
  const keptRecords = (old?.sources ?? []).filter((s) => keptSources.has(s.name));
  const kinds = [...derived.kinds, ...keptKinds];
  const files = renderSchemaFiles(kinds, [...derived.records, ...keptRecords]);
  if (old) for (const k of old.kinds) if (!files.has(k.file)) fs.rmSync(path.join(dir, k.file), { force: true });
  for (const [rel, content] of files) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) fs.writeFileSync(file, content);
  }
  for (const sub of fs.readdirSync(dir, { withFileTypes: true })) {
    if (sub.isDirectory() && fs.readdirSync(path.join(dir, sub.name)).length === 0) fs.rmdirSync(path.join(dir, sub.name));
  }
  return { kinds: kinds.length, sources: derived.records.length + keptRecords.length };
}
