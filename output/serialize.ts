/**
 * The one YAML writer of the project (the `yaml` package, which cdk8s itself uses): objects are
 * built, then serialized here with fixed options so that output is byte-identical run to run.
 *
 * Every YAML file synth writes goes through `serializeDocument`, which applies the project's one
 * rule for YAML 1.1 readers (docs/yaml-shell-ansible.md): the `yaml` package writes YAML 1.2 and
 * leaves `no`, `on`, `y`, `0b101`, `1_000`, `1:20`, `2001-12-14` unquoted, which Ansible's PyYAML
 * and the Go YAML 1.1 decoders read as booleans, numbers, timestamps. Such strings are quoted.
 */
import { Document, visit } from 'yaml';

const OPTIONS = { lineWidth: 0, indent: 2, singleQuote: false, aliasDuplicateObjects: false } as const;

/**
 * The plain scalars a YAML 1.1 reader resolves to something other than a string: the implicit
 * types of the YAML 1.1 type repository (bool, int, float, null, timestamp, merge, value), as
 * PyYAML and go-yaml v2 resolve them. Case-insensitive and a little wider than the spec (`yEs`,
 * `NaN`-like spellings): quoting a string that did not need it changes nothing for any reader.
 */
const YAML11_NON_STRING: readonly RegExp[] = [
  // bool (PyYAML: yes/no/true/false/on/off; go-yaml v2 and the 1.1 spec add y/n)
  /^(?:y|n|yes|no|true|false|on|off)$/i,
  // null
  /^(?:~|null|)$/i,
  // int: binary, octal with a leading 0, decimal and hex with `_`, sexagesimal
  /^[-+]?0b[01_]+$/i,
  /^[-+]?0[0-7_]+$/,
  // (any run of digits: go-yaml v2 reads `08` as the float 8)
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-f_]+$/i,
  /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/,
  // float: with `_`, exponent, sexagesimal, .inf, .nan (and 1.2's `0o17` octal, read as a number by 1.2 readers)
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:e[-+]?[0-9]+)?$/i,
  /^[-+]?[0-9][0-9_]*(?:e[-+]?[0-9]+)$/i,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^[-+]?\.(?:inf|nan)$/i,
  /^0o[0-7]+$/i,
  // timestamp
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/,
  // merge key and value key
  /^(?:<<|=)$/,
];

/** Whether a YAML 1.1 reader would take the plain scalar `text` for something other than a string. */
export function isYaml11NonString(text: string): boolean {
  return YAML11_NON_STRING.some((re) => re.test(text));
}

/** The text of `doc` with the YAML 1.1 rule applied: every string such a reader would retype is double-quoted. */
function serializeDocument(doc: Document): string {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && isYaml11NonString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString(OPTIONS);
}

/** A YAML stream of Kubernetes objects (documents separated by `---`). */
export function toYamlStream(docs: readonly unknown[]): string {
  return docs.map((d) => toYaml(d)).join('---\n');
}

/** One YAML document. */
export function toYaml(value: unknown): string {
  return serializeDocument(new Document(value, OPTIONS));
}

/** One YAML document from a prepared `yaml` Document (for custom tags such as `!vault`, comments). */
export function documentToYaml(doc: Document): string {
  return serializeDocument(doc);
}

/** Pretty JSON with a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
