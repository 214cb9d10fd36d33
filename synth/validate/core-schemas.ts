/**
 * Strict JSON Schemas of the built-in Kubernetes kinds.
 *
 * Source: the npm package `kubernetes-models` (pinned), generated from the upstream Kubernetes
 * OpenAPI document. Its compiled validators are ES modules (unusable from this CommonJS project)
 * and lenient about unknown fields, so we read its type declarations instead, with the
 * TypeScript checker, and turn each declared interface into a JSON Schema with
 * `additionalProperties: false` (what `kubeconform -strict` does with the same OpenAPI):
 * - an optional property is optional, a required one is `required`;
 * - a union of string literals is an `enum`; `number | string` is int-or-string;
 * - `{ [key: string]: T }` is a map of T;
 * - an interface without any property (RawExtension, JSON, FieldsV1) is free-form, as in the
 *   OpenAPI document;
 * Null values are removed before validation (the API server treats them as absent), so the
 * schemas need not allow them.
 * Only the types reachable from the kinds actually validated are compiled.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TS from 'typescript';
import { cacheKey, memo } from '../cache';
import { PROJECT_ROOT } from '../../output/project-root';

export type JsonSchema = Record<string, unknown>;

/** Package the schemas come from; its version is the Kubernetes API level we check against. */
export const CORE_SCHEMA_PACKAGE = 'kubernetes-models';

const packageRoot = path.dirname(require.resolve(`${CORE_SCHEMA_PACKAGE}/package.json`));

/** `kubernetes-models@5.1.0`, for messages. */
export function coreSchemaSource(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return `${CORE_SCHEMA_PACKAGE}@${pkg.version}`;
}

/** Declaration file of a built-in kind, e.g. apps/v1 Deployment → apps/v1/Deployment.d.ts. */
function declarationFile(apiVersion: string, kind: string): string | undefined {
  if (!/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  const dir = apiVersion.includes('/') ? apiVersion : apiVersion === 'v1' ? 'v1' : undefined;
  if (!dir || !/^[a-z0-9.]+\/[a-z0-9]+$|^v1$/.test(dir)) return undefined;
  const file = path.join(packageRoot, ...dir.split('/'), `${kind}.d.ts`);
  return fs.existsSync(file) ? file : undefined;
}

/** ObjectMeta, the `metadata` of every object: custom kinds use it too. */
const OBJECT_META = { key: 'ObjectMeta', file: path.join(path.dirname(require.resolve('@kubernetes-models/apimachinery/package.json')), 'apis', 'meta', 'v1', 'ObjectMeta.d.ts') };

/**
 * Compiles the declarations of the given kinds into JSON Schemas sharing one `definitions` table.
 * Returns, per `apiVersion/kind`, a `$ref` into that table; a kind the package does not declare
 * as a top-level object (with literal `apiVersion` and `kind`) is absent. `roots.get('ObjectMeta')`
 * is always there.
 */
export interface CoreSchemas {
  readonly definitions: Record<string, JsonSchema>;
  readonly roots: Map<string, string>;
}

/** `upstream/schemas/core.json`: every kind of the package, compiled once by `npm run derive-upstream`. */
export const COMMITTED_CORE_SCHEMAS = path.join(PROJECT_ROOT, 'upstream', 'schemas', 'core.json');

let committed: CoreSchemas | null | undefined;

/**
 * The committed schemas of every built-in kind, when they were compiled from the installed
 * package version (else null: a bumped package is compiled at run time until they are re-derived,
 * and a test says they are stale).
 */
export function committedCoreSchemas(): CoreSchemas | undefined {
  if (committed === undefined) {
    const body = fs.existsSync(COMMITTED_CORE_SCHEMAS)
      ? (JSON.parse(fs.readFileSync(COMMITTED_CORE_SCHEMAS, 'utf8')) as { source: string; roots: Record<string, string>; definitions: Record<string, JsonSchema> })
      : undefined;
    committed = body && body.source === coreSchemaSource() ? { definitions: body.definitions, roots: new Map(Object.entries(body.roots)) } : null;
  }
  return committed ?? undefined;
}

/**
 * `compileCoreSchemas`, remembered (`synth/cache.ts`) per package version and set of kinds:
 * building the TypeScript program takes seconds, and a cluster's set of kinds rarely changes.
 */
export function coreSchemasFor(kinds: ReadonlyArray<{ apiVersion: string; kind: string }>): CoreSchemas {
  const committed = committedCoreSchemas();
  if (committed) return committed;
  const keys = [...new Set(kinds.map((k) => `${k.apiVersion}/${k.kind}`))].sort();
  const cached = memo('core-schemas', cacheKey(coreSchemaSource(), ...keys), () => {
    const compiled = compileCoreSchemas(kinds);
    return { definitions: compiled.definitions, roots: [...compiled.roots] };
  });
  return { definitions: cached.definitions, roots: new Map(cached.roots) };
}

export function compileCoreSchemas(kinds: ReadonlyArray<{ apiVersion: string; kind: string }>): CoreSchemas {
  // Loaded only on a cache miss: the compiler is the slow part.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ts = require('typescript') as typeof TS;
  const files = new Map<string, { apiVersion: string; kind: string; file: string }>();
  for (const k of kinds) {
    const file = declarationFile(k.apiVersion, k.kind);
    if (file) files.set(`${k.apiVersion}/${k.kind}`, { ...k, file });
  }
  const definitions: Record<string, JsonSchema> = {};
  const roots = new Map<string, string>();
  const program = ts.createProgram(
    [...new Set([OBJECT_META.file, ...[...files.values()].map((f) => f.file)])],
    { noEmit: true, skipLibCheck: true, types: [], noResolve: false, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  );
  const checker = program.getTypeChecker();
  const names = new Map<TS.Type, string>();
  const used = new Set<string>();

  const schemaOf = (type: TS.Type): JsonSchema => {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (type.flags & ts.TypeFlags.StringLiteral) return { const: (type as TS.StringLiteralType).value };
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      // Sorted: the checker's order of a union depends on which other types the program holds.
      if (members.every((t) => t.flags & ts.TypeFlags.StringLiteral)) return { enum: members.map((t) => (t as TS.StringLiteralType).value).sort() };
      if (members.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return { type: 'boolean' };
      return { anyOf: members.map(schemaOf) };
    }
    if (checker.isArrayType(type)) {
      const [item] = checker.getTypeArguments(type as TS.TypeReference);
      return { type: 'array', items: schemaOf(item) };
    }
    if (type.flags & ts.TypeFlags.Object) return objectRef(type);
    return {};
  };

  const objectRef = (type: TS.Type): JsonSchema => {
    const known = names.get(type);
    if (known) return { $ref: `#/definitions/${known}` };
    const props = checker.getPropertiesOfType(type);
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (props.length === 0 && !index) return {}; // RawExtension, JSON, FieldsV1: free-form
    if (props.length === 0 && index) return { type: 'object', additionalProperties: schemaOf(index) };
    const symbolName = type.aliasSymbol?.name ?? type.getSymbol()?.name ?? '__object';
    let name = symbolName === '__type' || symbolName === '__object' ? `anonymous${names.size}` : symbolName;
    while (used.has(name)) name = `${name}_`;
    used.add(name);
    names.set(type, name);
    definitions[name] = {}; // placeholder for recursive types
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const p of props) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      if (!decl) continue;
      const pt = checker.getTypeOfSymbolAtLocation(p, decl);
      const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
      const s = schemaOf(optional ? checker.getNonNullableType(pt) : pt);
      properties[p.name] = s;
      if (!optional) required.push(p.name);
    }
    definitions[name] = {
      type: 'object',
      properties,
      ...(required.length ? { required } : {}),
      additionalProperties: index ? schemaOf(index) : false,
    };
    return { $ref: `#/definitions/${name}` };
  };

  const exportedType = (file: string, name: string) => {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
    return symbol && checker.getDeclaredTypeOfSymbol(symbol);
  };
  const meta = exportedType(OBJECT_META.file, 'IObjectMeta');
  if (!meta) throw new Error(`no IObjectMeta in ${OBJECT_META.file}: has ${CORE_SCHEMA_PACKAGE} changed its layout?`);
  roots.set(OBJECT_META.key, objectRef(meta).$ref as string);
  for (const [key, f] of files) {
    const type = exportedType(f.file, `I${f.kind}`);
    if (!type) continue;
    const kindProp = type.getProperty('kind');
    const kindDecl = kindProp?.valueDeclaration;
    const kindType = kindProp && kindDecl && checker.getTypeOfSymbolAtLocation(kindProp, kindDecl);
    if (!kindType || !(kindType.flags & ts.TypeFlags.StringLiteral)) continue; // not a top-level kind
    const ref = objectRef(type).$ref as string;
    roots.set(key, ref);
  }
  return { definitions, roots };
}
