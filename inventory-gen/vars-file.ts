/**
 * `group_vars/*.yml` and `host_vars/*.yml`: variables built as objects and serialized by the
 * project's YAML writer. A secret is ansible-vault ciphertext and comes out as a `!vault |`
 * literal block, line for line as `ansible-vault encrypt_string` printed it.
 *
 * Every string value (in lists and mappings too) is tagged `!unsafe`: Ansible then takes it as
 * data and never renders it as a Jinja template, so `{{ lookup('pipe', …) }}` in a spec field
 * stays text. Nothing the project writes to the inventory is meant as an expression
 * (docs/yaml-shell-ansible.md); mapping keys (node label keys) are refused by the spec rules
 * unless they are Kubernetes label keys, which hold no `{` or `%`.
 */
import { Document, Scalar } from 'yaml';
import type { VaultSecret } from '../clusters/model';
import { documentToYaml } from '../output/serialize';

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

/** A string Ansible must not template: `!unsafe` (ansible-core's tag for data). */
function unsafeNode(text: string): Scalar {
  const node = new Scalar(text);
  node.tag = '!unsafe';
  return node;
}

/** The YAML node of a value: strings (also inside lists and mappings) as `!unsafe`, ciphertext as `!vault`. */
function dataNode(v: InventoryValue): unknown {
  if (v instanceof VaultValue) return vaultNode(v.secret);
  if (typeof v === 'string') return unsafeNode(v);
  if (Array.isArray(v)) return v.map((item: string) => unsafeNode(item));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, unsafeNode(item as string)]));
  return v;
}

/** The YAML text of a vars file, with `header` as its leading comment. */
export function renderVarsFile(vars: InventoryVars, header: readonly string[]): string {
  const entries = Object.entries(vars).map(([k, v]) => [k, dataNode(v)] as const);
  const doc = new Document(Object.fromEntries(entries));
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  return documentToYaml(doc);
}
