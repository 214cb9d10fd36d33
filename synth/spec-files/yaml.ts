/**
 * The YAML spec format (`clusters/<name>.yaml` or `.yml`): the same ClusterSpec as a `.ts` spec,
 * read as YAML 1.2 with the project's rules for admins who also feed YAML to Ansible (YAML 1.1):
 * - a plain scalar a YAML 1.1 reader takes for a boolean, number, null or date (`yes`, `on`,
 *   `0b101`, `1_000`, `2026-01-01`) is refused with "quote it" (or "write true/false"): the spec
 *   must mean the same to every reader;
 * - ansible-vault ciphertext may be written as admins do in inventories (`key: !vault |` and the
 *   block), or as `{ vault: … }`; both give `{ vault: ciphertext }`;
 * - one document, no duplicate keys, no unknown tags; syntax problems come with line and column,
 *   and shape and rule problems point at the field's line.
 * Editors complete and check the file from `# yaml-language-server: $schema=./cluster.schema.json`.
 */
import * as fs from 'fs';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar, visit, type Node, type ScalarTag } from 'yaml';
import { isYaml11NonString } from '../../output/serialize';
import { pathSegments } from './locate';
import type { LoadedSpecFile, SpecFileProblem } from './types';

/** `!vault |` ciphertext → `{ vault: … }` (the block's final newline dropped, as in a `.ts` spec). */
export const VAULT_TAG: ScalarTag = {
  tag: '!vault',
  resolve: (text: string) => ({ vault: text.replace(/\n+$/, '') }),
  identify: () => false,
};

/** How YAML 1.1 reads a plain scalar that YAML 1.2 reads as a string. */
function yaml11Meaning(text: string): string {
  if (/^(?:y|n|yes|no|true|false|on|off)$/i.test(text)) return 'a boolean';
  if (/^(?:~|null)$/i.test(text)) return 'null';
  if (/^[0-9]{4}-/.test(text)) return 'a date';
  return 'a number';
}

export function loadYamlSpec(file: string, _source: string): LoadedSpecFile {
  const text = fs.readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.2', customTags: [VAULT_TAG], uniqueKeys: true, strict: true, prettyErrors: true, lineCounter });
  const problems: SpecFileProblem[] = [];
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) problems.push({ message: 'the file is empty or holds only comments' });
  if (list.length > 1) problems.push({ ...at(list[1].range[0]), message: 'a spec file holds one YAML document: remove the second `---` and what follows' });
  const doc = list[0];
  const locate = (path: string) => {
    if (!doc) return undefined;
    let node: unknown = doc.contents;
    let line: number | undefined = node && (node as Node).range ? at((node as Node).range![0]).line : undefined;
    // Problems about a field that is missing point at its parent.
    for (const seg of pathSegments(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
        if (!pair) break;
        node = pair.value ?? pair.key;
        const r = ((pair.value as Node | null)?.range ?? (pair.key as Node).range)!;
        line = at(r[0]).line;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        node = node.items[seg];
        line = at((node as Node).range![0]).line;
      } else break;
    }
    return line;
  };
  if (!doc) return { problems, locate };
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = e.linePos?.[0];
    problems.push({ line: pos?.line, column: pos?.col, message: e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '') });
  }
  visit(doc, {
    Scalar(_key, node) {
      const plain = node.type === Scalar.PLAIN && node.tag === undefined;
      if (plain && typeof node.value === 'string' && isYaml11NonString(node.value)) {
        const text = node.value;
        const meaning = yaml11Meaning(text);
        problems.push({
          ...at(node.range![0]),
          message:
            meaning === 'a boolean'
              ? `plain ${text} is a boolean to YAML 1.1 readers (Ansible) and a string to YAML 1.2: write true or false for a boolean, or quote it ("${text}") for a string`
              : `plain ${text} is ${meaning} to YAML 1.1 readers (Ansible) and a string to YAML 1.2: quote it ("${text}")`,
        });
      }
    },
    Alias(_key, node) {
      problems.push({ ...at(node.range![0]), message: 'aliases (*name) are not used in specs: write the value out' });
    },
  });
  if (problems.length > 0) return { problems, locate };
  return { spec: trimVaultBlocks(doc.toJS({ maxAliasCount: 0 })), problems: [], locate };
}

/** `vault: |` keeps the block's final newline: dropped, so that both forms give what `!vault |` gives. */
function trimVaultBlocks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(trimVaultBlocks);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === 'vault' && typeof entries[0][1] === 'string') return { vault: entries[0][1].replace(/\n+$/, '') };
  return Object.fromEntries(entries.map(([k, v]) => [k, trimVaultBlocks(v)]));
}
