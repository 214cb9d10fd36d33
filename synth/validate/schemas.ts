/**
 * Schema validation of every object, strictly (unknown fields are errors, as `kubeconform -strict`):
 * built-in kinds against the Kubernetes OpenAPI (see core-schemas.ts), custom kinds against the
 * `openAPIV3Schema` of their CustomResourceDefinition — from `--crds` (a file or a folder of CRD
 * YAML: multi-document, a `List` such as `kubectl get crd -o yaml`) or from the output itself.
 */
import { cacheDisabled, cacheFile, cacheKey, fileIdentity, memo, writeCacheFile } from '../cache';
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { parseAllDocuments } from 'yaml';
import { coreSchemaSource, coreSchemasFor, type CoreSchemas, type JsonSchema } from './core-schemas';
import { committedValidator } from './committed-validators';
import { RE2_MODULE, re2Pattern } from './re2';

export { re2Pattern };
import { groupOf, type ManifestObject } from '../../output/manifest-objects';

/** The served versions of one custom kind. */
export interface CustomKind {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** openAPIV3Schema per version name. */
  readonly versions: ReadonlyMap<string, JsonSchema | undefined>;
  /** Where the CRD came from. */
  readonly source: string;
  /**
   * The upstream release, for a kind of the committed schemas (`cert-manager v1.21.1`).
   * @default - not known (a CRD read from a file or from the output)
   */
  readonly release?: string;
}

/** CustomResourceDefinitions found in YAML documents, keyed by `group/kind`. */
export function customKindsFrom(docs: ReadonlyArray<{ body: unknown; source: string }>): Map<string, CustomKind> {
  const out = new Map<string, CustomKind>();
  const visit = (body: any, source: string) => {
    if (!body || typeof body !== 'object') return;
    if (body.kind === 'List' || (Array.isArray(body.items) && body.kind?.endsWith?.('List'))) {
      for (const item of body.items ?? []) visit(item, source);
      return;
    }
    if (body.kind !== 'CustomResourceDefinition' || !body.spec?.group || !body.spec?.names?.kind) return;
    const versions = new Map<string, JsonSchema | undefined>();
    for (const v of body.spec.versions ?? []) {
      if (v.served === false) continue;
      versions.set(v.name, v.schema?.openAPIV3Schema);
    }
    out.set(`${body.spec.group}/${body.spec.names.kind}`, {
      group: body.spec.group,
      kind: body.spec.names.kind,
      plural: body.spec.names.plural,
      namespaced: body.spec.scope !== 'Cluster',
      versions,
      source,
    });
  };
  for (const d of docs) visit(d.body, d.source);
  return out;
}

/** Reads CRDs from a YAML file or every `.yaml`/`.yml`/`.json` file of a folder (sorted). */
export function loadCrds(paths: readonly string[]): Map<string, CustomKind> {
  const docs: Array<{ body: unknown; source: string }> = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`--crds ${p}: no such file or folder`);
    const files = fs.statSync(p).isDirectory()
      ? fs.readdirSync(p).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => path.join(p, f))
      : [p];
    for (const file of files) {
      // Parsing megabytes of CRD YAML takes most of a second: remembered per file identity.
      const bodies = memo('crd-file', cacheKey(fileIdentity(file)), () =>
        (parseAllDocuments(fs.readFileSync(file, 'utf8')) as any[]).map((doc) => {
          if (doc.errors?.length) throw new Error(`${file}: YAML error: ${doc.errors[0].message}`);
          return doc.toJS() as unknown;
        }),
      );
      for (const body of bodies) docs.push({ body, source: file });
    }
  }
  return customKindsFrom(docs);
}

/**
 * A CRD schema made strict: an object schema that lists `properties` and says nothing of other
 * fields gets `additionalProperties: false`, unless it has `x-kubernetes-preserve-unknown-fields`.
 * `metadata` at the root is the real ObjectMeta.
 */
export function strictCrdSchema(schema: JsonSchema, objectMetaRef: string): JsonSchema {
  const root = strictSchemaBody(schema) as any;
  root.properties = { ...(root.properties ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: objectMetaRef } };
  if (root['x-kubernetes-preserve-unknown-fields'] !== true) root.additionalProperties = root.additionalProperties ?? false;
  return root;
}

/**
 * The strict form of an `openAPIV3Schema` without the root's `metadata` (what `upstream/schemas/`
 * commits; `strictCrdSchema` of it is the same as of the CRD's own schema).
 */
export function strictSchemaBody(schema: JsonSchema): JsonSchema {
  const strict = (s: any): any => {
    if (Array.isArray(s)) return s.map(strict);
    if (!s || typeof s !== 'object') return s;
    const out: any = {};
    for (const [k, v] of Object.entries(s)) {
      if (k === 'nullable') continue; // nulls are removed before validation
      out[k] = k === 'properties' || k === 'patternProperties' || k === 'definitions'
        ? Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, strict(pv)]))
        : k === 'enum' || k === 'default' || k === 'example' || k === 'required' || k === 'x-kubernetes-validations'
          ? v
          : strict(v);
    }
    if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
    return out;
  };
  return strict(schema);
}

/** Removes `null` values: the API server treats them as absent. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
  }
  return v;
}

/** One readable line per schema error, most specific first, without the noise of alternatives. */
export function formatSchemaErrors(errors: readonly ErrorObject[]): string[] {
  const lines = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const at = e.instancePath ? e.instancePath.replace(/^\//, '').replace(/\//g, '.') : '(root)';
    if (e.keyword === 'additionalProperties') lines.add(`unknown field "${[at === '(root)' ? '' : `${at}.`, String((e.params as any).additionalProperty)].join('')}"`);
    else if (e.keyword === 'required') lines.add(`${at}: missing required field "${String((e.params as any).missingProperty)}"`);
    else if (e.keyword === 'enum') lines.add(`${at}: must be one of ${((e.params as any).allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`);
    else if (e.keyword === 'const') lines.add(`${at}: must be ${JSON.stringify((e.params as any).allowedValue)}`);
    else lines.add(`${at}: ${e.message ?? e.keyword}`);
  }
  return [...lines];
}

export interface SchemaProblem {
  readonly object: ManifestObject;
  readonly message: string;
}

/** Options of every ajv instance that validates objects (run-time compiles and the committed validators alike). */
export const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false, logger: false } as const;

/** `$id` of the shared table of built-in definitions (custom kinds refer to its ObjectMeta). */
export const CORE_ID = 'k8s-core';

/** An ajv instance holding the built-in definitions, whose compiled code can be written out (standalone). */
export function newAjv(core: CoreSchemas, regExp: unknown = re2Pattern): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { regExp: regExp as any, source: true } });
  ajv.addSchema({ $id: CORE_ID, definitions: core.definitions });
  return ajv;
}

/**
 * What a compiled validator is a pure function of: ajv's version and options, the built-in
 * definitions it may refer to (`coreIdentity`), the schema. The key of the committed validators
 * (upstream/validators/) and of those remembered in build/.cache.
 */
export function validatorKey(schema: JsonSchema, coreIdentity: string): string {
  return cacheKey(AJV_VERSION, JSON.stringify(AJV_OPTIONS), coreIdentity, JSON.stringify(schema));
}

/** Identity of the built-in definitions, for `validatorKey`. */
export const coreIdentityOf = (core: CoreSchemas): string => cacheKey(JSON.stringify(core.definitions));

/**
 * `ajv.compile`, unless the validator was compiled beforehand: committed under upstream/validators/
 * (`npm run derive-upstream`: the kinds the charts emit), or remembered as ajv's standalone code in
 * build/.cache (synth/cache.ts). Compiling the large CRD schemas is most of a validation's time.
 */
function cachedCompile(ajv: () => Ajv, schema: JsonSchema, coreIdentity: string): ValidateFunction {
  const key = validatorKey(schema, coreIdentity);
  const committed = committedValidator(key);
  if (committed) return committed;
  // The standalone code requires re2.ts by its absolute path: the key covers it.
  const file = cacheFile('validator', cacheKey(key, RE2_MODULE), 'js');
  if (!cacheDisabled('validator') && fs.existsSync(file)) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require(file) as ValidateFunction;
  }
  const instance = ajv();
  const validate = instance.compile(schema);
  if (!cacheDisabled('validator')) writeCacheFile(file, standaloneCode(instance, validate));
  return validate;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const AJV_VERSION: string = require('ajv/package.json').version;

const UNCHECKED = 'unchecked: no CRD source';
/** API groups named under k8s.io that are installed as CRDs, not served by the API server itself. */
const CRD_GROUPS_UNDER_K8S_IO = new Set(['gateway.networking.k8s.io']);

/** `requireCrds: false` lets a custom kind without a CRD pass unchecked (synth without any CRD source). */
export function validateSchemas(objects: readonly ManifestObject[], customKinds: ReadonlyMap<string, CustomKind>, requireCrds = true): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const builtIn = objects.filter((o) => !customKinds.has(`${groupOf(o.apiVersion)}/${o.kind}`));
  const core = coreSchemasFor(builtIn.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind })));
  // Created only when something is compiled here (most validators are committed or remembered).
  let ajv: Ajv | undefined;
  const instance = () => (ajv ??= newAjv(core));
  const objectMetaRef = `${CORE_ID}${core.roots.get('ObjectMeta')}`;
  const coreIdentity = coreIdentityOf(core);
  const compile = (schema: JsonSchema) => cachedCompile(instance, schema, coreIdentity);
  const compiled = new Map<string, ValidateFunction | string>();

  const validatorFor = (o: ManifestObject): ValidateFunction | string => {
    const group = groupOf(o.apiVersion);
    const version = o.apiVersion.includes('/') ? o.apiVersion.split('/')[1] : o.apiVersion;
    const key = `${o.apiVersion}/${o.kind}`;
    const cached = compiled.get(key);
    if (cached) return cached;
    let result: ValidateFunction | string;
    const custom = customKinds.get(`${group}/${o.kind}`);
    if (custom) {
      if (!custom.versions.has(version)) result = `${o.apiVersion} is not a served version of ${custom.kind} (CRD from ${custom.source} serves ${[...custom.versions.keys()].join(', ')})`;
      else {
        const schema = custom.versions.get(version);
        try {
          result = schema ? compile(strictCrdSchema(schema, objectMetaRef)) : `the CRD of ${custom.kind} (${custom.source}) has no openAPIV3Schema for ${version}`;
        } catch (err) {
          result = `the openAPIV3Schema of ${custom.kind} ${version} (${custom.source}) does not compile: ${err instanceof Error ? err.message : String(err)}`;
        }
      }
    } else {
      const ref = core.roots.get(key);
      result = ref
        ? compile({ $ref: `${CORE_ID}${ref}` })
        : group && (CRD_GROUPS_UNDER_K8S_IO.has(group) || (!group.endsWith('.k8s.io') && !['apps', 'batch', 'policy', 'autoscaling'].includes(group)))
          ? requireCrds
            ? `no schema for ${key}: custom kind without a CustomResourceDefinition (add its release to scripts/upstream/crd-schemas.ts and run npm run derive-upstream, or pass its CRD with --crds)`
            : UNCHECKED
          : `no schema for ${key} in ${coreSchemaSource()}: unknown or removed built-in kind/version`;
    }
    compiled.set(key, result);
    return result;
  };

  for (const o of objects) {
    const v = validatorFor(o);
    if (v === UNCHECKED) continue;
    if (typeof v === 'string') {
      problems.push({ object: o, message: v });
      continue;
    }
    if (!v(withoutNulls(o.body))) for (const m of formatSchemaErrors(v.errors ?? [])) problems.push({ object: o, message: m });
  }
  return problems;
}
