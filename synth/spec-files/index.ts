/**
 * Spec file formats, by extension. A format turns a file into a spec value plus a locator that
 * maps a field path to its line; problems of the file itself (syntax, a throw at load) come back
 * as data, so that every spec's problems can be listed together. A new format (e.g. YAML) is one
 * more entry here.
 */
import { loadTypescriptSpec } from './typescript';
import { loadYamlSpec } from './yaml';
import type { SpecFormat } from './types';

export type { LoadedSpecFile, SpecFileProblem, SpecFormat } from './types';

export const SPEC_FORMATS: readonly SpecFormat[] = [
  { extension: '.ts', load: loadTypescriptSpec },
  { extension: '.yaml', load: loadYamlSpec },
  { extension: '.yml', load: loadYamlSpec },
];

/** The format of a spec file name, or undefined (`.d.ts` is not a spec). */
export function specFormatOf(fileName: string): SpecFormat | undefined {
  if (fileName.endsWith('.d.ts')) return undefined;
  return SPEC_FORMATS.find((f) => fileName.endsWith(f.extension));
}
