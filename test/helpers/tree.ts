import { readClusterDir } from '../../synth/validate/cli';

/** Every file below `dir` with its text, keyed by relative path (what `npm run validate` reads). */
export function readTree(dir: string): Record<string, string> {
  return Object.fromEntries(readClusterDir(dir).map((f) => [f.path, f.content]));
}
