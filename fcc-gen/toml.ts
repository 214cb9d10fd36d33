/**
 * TOML for the small configs nodes read (Zincati's `config.d` fragments): tables of scalar
 * values, built as objects and serialized here. Strings are TOML basic strings; JSON's string
 * escapes (`\"`, `\\`, `\n`, `\uXXXX`) are all valid TOML escapes.
 */

export type TomlScalar = string | number | boolean;

/** A table: its scalar keys, in order. */
export type TomlTable = Readonly<Record<string, TomlScalar>>;

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function key(k: string): string {
  return BARE_KEY.test(k) ? k : JSON.stringify(k);
}

function value(v: TomlScalar): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && !Number.isInteger(v)) throw new Error(`TOML: only integers are written, got ${v}`);
  return String(v);
}

/**
 * Tables in order, each under its dotted name (`updates.fleet_lock` → `[updates.fleet_lock]`).
 * A table with no keys is written as a header alone.
 */
export function renderToml(tables: ReadonlyArray<readonly [string, TomlTable]>, comment?: string): string {
  const blocks = tables.map(([name, entries]) =>
    [`[${name.split('.').map(key).join('.')}]`, ...Object.entries(entries).map(([k, v]) => `${key(k)} = ${value(v)}`)].join('\n'),
  );
  const head = comment ? `${comment.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n')}\n` : '';
  return `${head}${blocks.join('\n\n')}\n`;
}
