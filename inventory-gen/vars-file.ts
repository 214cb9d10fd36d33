/**
 * `group_vars/*.yml` and `host_vars/*.yml`: variables built as objects and serialized by the
 * project's YAML writer. A secret is ansible-vault ciphertext and comes out as a `!vault |`
 * literal block, line for line as `ansible-vault encrypt_string` printed it.
 */
import { Document, Scalar } from 'yaml';
import type { VaultSecret } from '../clusters/model';
import { documentToYaml } from '../synth/serialize';

/** Ciphertext to write as `!vault |` (never decrypted, never re-wrapped). */
export class VaultValue {
  constructor(readonly secret: VaultSecret) {}
}

/** A value an inventory variable can take here. */
export type InventoryValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>> | VaultValue;

/** Variables of one file, in the order they are written. */
export type InventoryVars = Readonly<Record<string, InventoryValue>>;

function vaultNode(secret: VaultSecret): Scalar {
  // A literal block keeps every line; the final newline makes it `|` (clip) as encrypt_string writes it.
  const text = secret.vault.replace(/\r\n/g, '\n');
  const node = new Scalar(text.endsWith('\n') ? text : `${text}\n`);
  node.tag = '!vault';
  node.type = Scalar.BLOCK_LITERAL;
  return node;
}

/** The YAML text of a vars file, with `header` as its leading comment. */
export function renderVarsFile(vars: InventoryVars, header: readonly string[]): string {
  const entries = Object.entries(vars).map(([k, v]) => [k, v instanceof VaultValue ? vaultNode(v.secret) : v] as const);
  const doc = new Document(Object.fromEntries(entries));
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  return documentToYaml(doc);
}
