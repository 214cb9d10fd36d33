/**
 * The validators compiled once by `npm run derive-upstream` and committed under
 * `upstream/validators/` (scripts/upstream/validators.ts): ajv's standalone code of every built-in
 * kind (one module sharing the definitions) and of each custom kind the charts emit (one module
 * per kind and version). Compiling them is what made a first synth slow; loading them costs a
 * fraction of it.
 *
 * They are looked up by `validatorKey` (ajv's version and options, the schema, the built-in
 * definitions): a validator whose inputs changed is not found and is compiled at run time
 * instead, and `test/upstream/validators.test.ts` says the committed ones are stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ValidateFunction } from 'ajv';
import { PROJECT_ROOT } from '../../output/project-root';
import { re2Pattern } from './re2';

export const COMMITTED_VALIDATORS_DIR = path.join(PROJECT_ROOT, 'upstream', 'validators');

/** One committed validator. */
export interface CommittedValidatorEntry {
  /** `apps/v1/Deployment`, `cert-manager.io/v1/Certificate`. */
  readonly kind: string;
  /** Module, relative to upstream/validators/. */
  readonly file: string;
  /** Name of the validator among the module's exports. */
  readonly name: string;
}

/** What `upstream/validators/index.json` holds. */
export interface ValidatorIndex {
  readonly generatedBy: string;
  /** ajv's version at generation (also part of every key). */
  readonly ajv: string;
  /** `validatorKey` → where the validator is. */
  readonly validators: Record<string, CommittedValidatorEntry>;
}

/**
 * A module of committed validators: a function of the RE2 pattern compiler (re2.ts), returning
 * the validators by name. Passing it in keeps the code free of any path of this machine.
 */
export type ValidatorModule = (regExp: typeof re2Pattern) => Record<string, ValidateFunction>;

export function readValidatorIndex(dir = COMMITTED_VALIDATORS_DIR): ValidatorIndex | undefined {
  const file = path.join(dir, 'index.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ValidatorIndex) : undefined;
}

let index: ValidatorIndex | null | undefined;
const loaded = new Map<string, Record<string, ValidateFunction>>();

/** The committed validator compiled from exactly these inputs, if there is one. */
export function committedValidator(key: string): ValidateFunction | undefined {
  if (index === undefined) index = readValidatorIndex() ?? null;
  const entry = index?.validators[key];
  if (!entry) return undefined;
  let validators = loaded.get(entry.file);
  if (!validators) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    validators = (require(path.join(COMMITTED_VALIDATORS_DIR, entry.file)) as ValidatorModule)(re2Pattern);
    loaded.set(entry.file, validators);
  }
  return validators[entry.name];
}
