/** Checks of Ignition files against the real consumers: the official JSON schemas and ignition-validate. */
import Ajv from 'ajv';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requirePresent } from './require-tool';

const SCHEMA_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'schemas', 'ignition');

type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, Schema>; items?: Schema; definitions?: Record<string, Schema>; [k: string]: unknown };

/**
 * Whether the official schemas (../shared, development material) are there: under CI=true they
 * must be; in a clone with nothing beside it the schema checks skip with a notice.
 */
export function officialSchemas(why: string): boolean {
  return requirePresent(`../shared/schemas/ignition (for ${why})`, fs.existsSync(SCHEMA_DIR));
}

/** The official schema of an Ignition spec version (`3.4.0` → ignition-spec-3.4.json), read from ../shared. */
export function ignitionSchema(version: string): Schema {
  const minor = /^3\.(\d+)\./.exec(version)?.[1];
  const file = path.join(SCHEMA_DIR, `ignition-spec-3.${minor}.json`);
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
  delete schema.$schema; // draft-04 URI; the keywords used are the same in ajv's default draft
  return schema;
}

/** ajv errors of `config` against its version's official schema (empty when valid). */
export function schemaErrors(config: { ignition: { version: string } }): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(ignitionSchema(config.ignition.version));
  return validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/**
 * Keys of `value` that the schema does not declare. The official schemas leave objects open, so a
 * misspelt key would pass ajv; Ignition itself rejects unknown keys.
 */
export function unknownKeys(root: Schema, value: unknown, schema: Schema = root, at = ''): string[] {
  const resolve = (s: Schema): Schema => {
    if (!s.$ref) return s;
    const parts = s.$ref.replace(/^#\//, '').split('/');
    return resolve(parts.reduce<any>((node, p) => node[p], root));
  };
  const s = resolve(schema);
  const merged: Record<string, Schema> = { ...(s.properties ?? {}) };
  for (const part of s.allOf ?? []) Object.assign(merged, resolve(part).properties ?? {});
  if (Array.isArray(value)) return s.items ? value.flatMap((v, i) => unknownKeys(root, v, s.items as Schema, `${at}[${i}]`)) : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (merged[k] ? unknownKeys(root, v, merged[k], `${at}.${k}`) : [`${at}.${k}`]));
}

/**
 * ignition-validate's verdict. The Debian build (Ignition 2.14) knows spec 3.4 only as
 * "3.4.0-experimental", the same schema that was then stabilized, so a 3.4.0 config is given
 * to it under that name; 3.0–3.3 go as they are.
 */
export function ignitionValidate(json: string): { ok: boolean; output: string } {
  const config = JSON.parse(json) as { ignition: { version: string } };
  const asKnown = config.ignition.version === '3.4.0' ? JSON.stringify({ ...config, ignition: { ...config.ignition, version: '3.4.0-experimental' } }) : json;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ign-'));
  const file = path.join(dir, 'config.ign');
  fs.writeFileSync(file, asKnown);
  try {
    const output = execFileSync('ignition-validate', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, output };
  } catch (e: any) {
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
