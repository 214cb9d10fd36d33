/**
 * Validation of a cluster output before it is applied: schemas (strict), duplicates, dangling
 * references, policy. One problem per line naming the file and the object; a summary line.
 * Used by `npm run validate` (on `dist/<cluster>/`) and at the end of `npm run synth` (in memory).
 */
import { cacheKey, fileIdentity, readCache, writeCache } from '../cache';
import * as path from 'path';
import * as fs from 'fs';
import type { ClusterModel } from '../../clusters/model';
import type { OutputFile } from '../../output/files';
import { COMMITTED_VALIDATORS_DIR } from './committed-validators';
import { COMMITTED_CORE_SCHEMAS, coreSchemaSource } from './core-schemas';
import { objectFiles, readObjects } from '../../output/objects';
import { describe, type ManifestObject } from '../../output/manifest-objects';
import { checkPolicy } from './policy';
import { externalObjects } from './produced';
import { checkReferences } from './references';
import { customKindsFrom, validateSchemas, type CustomKind } from './schemas';

export type ProblemCategory = 'yaml' | 'schema' | 'reference' | 'policy';

export interface Problem {
  readonly category: ProblemCategory;
  readonly file: string;
  /** `Deployment nexus/nexus3`; absent for a problem of the whole file. */
  readonly object?: string;
  readonly message: string;
}

export interface ValidationReport {
  readonly problems: readonly Problem[];
  readonly objects: number;
  readonly files: number;
}

export interface ValidateOptions {
  /**
   * The cluster's model: external Secrets and StorageClasses, Kubespray addons.
   * @default - nothing is declared external
   */
  readonly model?: ClusterModel;
  /**
   * CRDs of the custom kinds (see `loadCrds`); CRDs found in the output are added to them.
   * @default - only the CRDs of the output
   */
  readonly crds?: ReadonlyMap<string, CustomKind>;
  /**
   * A custom kind whose CRD is not known is an error. `false` lets such kinds pass unchecked
   * (synth and validate always pass the committed schemas, so they never need it).
   * @default true
   */
  readonly requireCrds?: boolean;
}

/**
 * Everything a verdict depends on: the validator's own code, the schema sources, the options
 * and every file the validator reads objects from (`objectFiles`: not only `manifests/`).
 * Reading ~10 small files and hashing the manifests costs milliseconds; compiling the schemas
 * costs seconds.
 */
function verdictKey(files: readonly OutputFile[], options: ValidateOptions): string {
  validatorCode ??= validatorIdentity();
  const crdSources = [...new Set([...(options.crds?.values() ?? [])].map((k) => k.source))].sort().map((s) => (fs.existsSync(s) ? fileIdentity(s) : s));
  const validated = objectFiles(files).flatMap((f) => [f.path, f.content]);
  const model = JSON.stringify(externalObjects(options.model));
  return cacheKey(coreSchemaSource(), validatorCode, ...crdSources, String(options.requireCrds ?? true), model, ...validated);
}

/** Identity of what judges, read once per process: the code of this folder and of the object reader, the committed core schemas and validators, the versions of ajv and yaml. */
let validatorCode: string | undefined;

function validatorIdentity(): string {
  const code = fs.readdirSync(__dirname).sort().map((f) => path.join(__dirname, f)).filter((f) => fs.statSync(f).isFile());
  const judges = [...code, require.resolve('../../output/objects'), ...[COMMITTED_CORE_SCHEMAS, path.join(COMMITTED_VALIDATORS_DIR, 'index.json')].filter((f) => fs.existsSync(f))];
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const versions = ['ajv', 'yaml'].map((p) => `${p}@${(require(`${p}/package.json`) as { version: string }).version}`);
  return cacheKey(...judges.map((f) => fs.readFileSync(f)), ...versions);
}

export function validateOutput(files: readonly OutputFile[], options: ValidateOptions = {}): ValidationReport {
  // A verdict of "no problem" for the very same inputs is remembered (see synth/cache.ts).
  const key = verdictKey(files, options);
  const passed = readCache<{ objects: number; files: number }>('verdict', key);
  if (passed) return { problems: [], ...passed };
  const report = checkOutput(files, options);
  if (report.problems.length === 0) writeCache('verdict', key, { objects: report.objects, files: report.files });
  return report;
}

function checkOutput(files: readonly OutputFile[], options: ValidateOptions): ValidationReport {
  const { objects, problems: yamlProblems } = readObjects(files);
  const crdsInOutput = customKindsFrom(objects.map((o) => ({ body: o.body, source: o.file })));
  const customKinds = new Map([...(options.crds ?? new Map()), ...crdsInOutput]);
  const customScopes = new Map([...customKinds].map(([k, v]) => [k, v.namespaced]));
  const at = (category: ProblemCategory) => (p: { object: ManifestObject; message: string }): Problem => ({
    category,
    file: p.object.file,
    object: describe(p.object),
    message: p.message,
  });
  const problems: Problem[] = [
    ...yamlProblems.map((p) => ({ category: 'yaml' as const, ...p })),
    ...validateSchemas(objects, customKinds, options.requireCrds ?? true).map(at('schema')),
    ...checkReferences(objects, { customScopes, external: externalObjects(options.model) }).map(at('reference')),
    ...checkPolicy(objects).map(at('policy')),
  ];
  return { problems, objects: objects.length, files: new Set(objects.map((o) => o.file)).size };
}

/** `manifests/30-nexus.yaml: Deployment nexus/nexus3: unknown field "spec.replica"` */
export function formatProblem(p: Problem, prefix = ''): string {
  return `${prefix}${p.file}: ${p.object ? `${p.object}: ` : ''}[${p.category}] ${p.message}`;
}

export function formatSummary(cluster: string, r: ValidationReport, customKindsChecked = true): string {
  const counts = (['schema', 'reference', 'policy', 'yaml'] as const)
    .map((c) => [c, r.problems.filter((p) => p.category === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`);
  return r.problems.length === 0
    ? `${cluster}: ${r.objects} objects in ${r.files} files valid (schemas: ${coreSchemaSource()}${customKindsChecked ? ' + CRDs' : ', custom kinds unchecked'}, strict; references; policy)`
    : `${cluster}: ${r.problems.length} problem${r.problems.length > 1 ? 's' : ''} (${counts.join(', ')}) in ${r.objects} objects of ${r.files} files`;
}


