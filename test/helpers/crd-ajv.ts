import Ajv from 'ajv';

/**
 * CRD patterns are RE2 (Go): translate what JavaScript lacks (POSIX classes, `\pL` without
 * braces; an inline `(?i:…)` makes the whole pattern case-insensitive).
 */
function re2(pattern: string, flags: string): RegExp {
  const insensitive = pattern.includes('(?i:');
  const js = pattern.replace(/\[:print:\]/g, '\\x20-\\x7E').replace(/\[:alnum:\]/g, 'A-Za-z0-9').replace(/\(\?i:/g, '(?:').replace(/\\([pP])([A-Z])/g, '\\$1{$2}');
  return new RegExp(js, insensitive ? `${flags}i` : flags);
}
re2.code = 'new RegExp';

/** An ajv instance that compiles CRD openAPIV3Schemas. */
export function crdAjv(): Ajv {
  return new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: re2 as any } });
}
