/**
 * CRD `pattern`s are Go RE2 regular expressions: what ajv tests them with (`code.regExp`).
 * A leaf module: the committed validators (committed-validators.ts) and the schema compiler use it.
 */
/** POSIX classes of Go's RE2 (CRD `pattern`s use them) in JavaScript syntax. */
const POSIX_CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: ' \\t', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9', graph: '\\x21-\\x7E',
  lower: 'a-z', print: '\\x20-\\x7E', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: 'A-Za-z0-9_', xdigit: '0-9A-Fa-f',
};

/**
 * Compiles a CRD `pattern` (RE2 syntax) for ajv: POSIX classes are translated; a pattern
 * JavaScript still cannot compile (RE2-only syntax) is not checked rather than rejected.
 */
export function re2Pattern(source: string, flags: string): { test: (s: string) => boolean } {
  return compiledRe2(source, flags);
}
// How the standalone code of a validator remembered in build/.cache (see `cachedCompile` in schemas.ts)
// reaches this function; the committed validators receive it as an argument (committed-validators.ts).
(re2Pattern as unknown as { code: string }).code = `require(${JSON.stringify(__filename.replace(/\.[jt]s$/, ''))}).re2Pattern`;

/** This module's file: the standalone code of a validator remembered in build/.cache requires it. */
export const RE2_MODULE = __filename;

function compiledRe2(source: string, flags: string): { test: (s: string) => boolean } {
  const translated = source.replace(/\[:(\w+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
  for (const f of [flags, flags.replace('u', '')]) {
    try {
      return new RegExp(translated, f);
    } catch {
      // try the next flags
    }
  }
  return { test: () => true };
}
