/**
 * The one YAML writer of the project (the `yaml` package, which cdk8s itself uses): objects are
 * built, then serialized here with fixed options so that output is byte-identical run to run.
 */
import { Document, stringify } from 'yaml';

const OPTIONS = { lineWidth: 0, indent: 2, singleQuote: false, aliasDuplicateObjects: false } as const;

/** A YAML stream of Kubernetes objects (documents separated by `---`). */
export function toYamlStream(docs: readonly unknown[]): string {
  return docs.map((d) => stringify(d, OPTIONS)).join('---\n');
}

/** One YAML document. */
export function toYaml(value: unknown): string {
  return stringify(value, OPTIONS);
}

/** One YAML document from a prepared `yaml` Document (for custom tags such as `!vault`). */
export function documentToYaml(doc: Document): string {
  return doc.toString(OPTIONS);
}

/** Pretty JSON with a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
