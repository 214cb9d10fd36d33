/**
 * The compiled validators committed under `upstream/validators/` (loaded by
 * synth/validate/committed-validators.ts), derived from the committed schemas:
 * - `core.js`: every built-in kind of `upstream/schemas/core.json`, in one module whose kinds share
 *   the compiled definitions (PodSpec once, not once per workload kind);
 * - `<group>/<Kind>.<version>.js`: each custom kind of `upstream/schemas/` that the charts emit,
 *   i.e. that `npm run import` generated a class for in `imports/`. Other kinds (a cluster's own
 *   `--crds`) are compiled on first use and remembered in build/.cache.
 * ajv's standalone code, wrapped in a function of the RE2 pattern compiler so that no path of the
 * machine that derived it is written. Rendering is a pure function of the inputs: a test re-derives
 * and compares.
 */
import * as fs from 'fs';
import * as path from 'path';
import standaloneCode from 'ajv/dist/standalone';
import type { CoreSchemas, JsonSchema } from '../../synth/validate/core-schemas';
import { committedCustomKinds, COMMITTED_SCHEMAS_DIR } from '../../synth/validate/committed-schemas';
import { COMMITTED_VALIDATORS_DIR, type CommittedValidatorEntry, type ValidatorIndex } from '../../synth/validate/committed-validators';
import { re2Pattern } from '../../synth/validate/re2';
import { AJV_VERSION, CORE_ID, coreIdentityOf, newAjv, strictCrdSchema, validatorKey } from '../../synth/validate/schemas';
import { PROJECT_ROOT } from '../../output/project-root';

const GENERATED_BY = 'npm run derive-upstream (scripts/upstream/validators.ts)';

/** The custom kinds the charts emit: `apiVersion/kind` of every class `npm run import` generated in imports/. */
export function importedKinds(dir = path.join(PROJECT_ROOT, 'imports')): Set<string> {
  const kinds = new Set<string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/static readonly GVK: GroupVersionKind = \{\s*apiVersion: '([^']+)',\s*kind: '([^']+)'/g)) kinds.add(`${m[1]}/${m[2]}`);
  }
  return kinds;
}

/** One module to write: its file, what it is derived from, and how to compile it (slow). */
export interface PlannedModule {
  readonly file: string;
  readonly from: string;
  readonly entries: ReadonlyArray<CommittedValidatorEntry & { readonly key: string }>;
  readonly compile: () => string;
}

/** What derivation writes, without compiling anything (cheap: a test compares the keys with the index). */
export function planValidators(schemasDir = COMMITTED_SCHEMAS_DIR, importsDir = path.join(PROJECT_ROOT, 'imports')): PlannedModule[] {
  const body = JSON.parse(fs.readFileSync(path.join(schemasDir, 'core.json'), 'utf8')) as { source: string; roots: Record<string, string>; definitions: Record<string, JsonSchema> };
  const core: CoreSchemas = { definitions: body.definitions, roots: new Map(Object.entries(body.roots)) };
  const coreIdentity = coreIdentityOf(core);
  // The parameter of the module's function (see ValidatorModule), in place of a `require` of re2.ts.
  const regExp = Object.assign((source: string, flags: string) => re2Pattern(source, flags), { code: 're2Pattern' });

  const coreKinds = [...core.roots].filter(([kind]) => kind !== 'ObjectMeta').sort(([a], [b]) => (a < b ? -1 : 1));
  const idOf = (kind: string) => kind.replace(/[^A-Za-z0-9]/g, '_');
  if (new Set(coreKinds.map(([k]) => idOf(k))).size !== coreKinds.length) throw new Error('two built-in kinds have the same export name');
  const modules: PlannedModule[] = [
    {
      file: 'core.js',
      from: `upstream/schemas/core.json (${body.source})`,
      entries: coreKinds.map(([kind, ref]) => ({ kind, file: 'core.js', name: idOf(kind), key: validatorKey({ $ref: `${CORE_ID}${ref}` }, coreIdentity) })),
      compile: () => {
        const ajv = newAjv(core, regExp);
        // An `$id` of one path segment, so that the `$ref` resolves as at run time (where the schema has no `$id`).
        for (const [kind, ref] of coreKinds) ajv.addSchema({ $id: idOf(kind), $ref: `${CORE_ID}${ref}` });
        return standaloneCode(ajv, Object.fromEntries(coreKinds.map(([kind]) => [idOf(kind), idOf(kind)])));
      },
    },
  ];

  const imported = importedKinds(importsDir);
  const objectMetaRef = `${CORE_ID}${core.roots.get('ObjectMeta')}`;
  for (const custom of [...committedCustomKinds(schemasDir).values()].sort((a, b) => (a.source < b.source ? -1 : 1))) {
    for (const [version, schema] of [...custom.versions].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const kind = `${custom.group}/${version}/${custom.kind}`;
      if (!schema || !imported.has(kind)) continue;
      const strict = strictCrdSchema(schema, objectMetaRef);
      const file = `${custom.group}/${custom.kind}.${version}.js`;
      modules.push({
        file,
        from: `upstream/schemas/${path.relative(schemasDir, custom.source)} (${custom.release})`,
        entries: [{ kind, file, name: 'default', key: validatorKey(strict, coreIdentity) }],
        compile: () => {
          const ajv = newAjv(core, regExp);
          return standaloneCode(ajv, ajv.compile(strict));
        },
      });
    }
  }
  return modules;
}

/** The text of a module: ajv's standalone code inside a function of the RE2 pattern compiler. */
export function renderModule(m: PlannedModule, code = m.compile()): string {
  return [
    "'use strict';",
    `// ${GENERATED_BY} from ${m.from}, ajv ${AJV_VERSION}; do not edit.`,
    `// Validators: ${m.entries.map((e) => e.kind).join(', ')}.`,
    'module.exports = function validators(re2Pattern) {',
    '  const module = { exports: {} };',
    '  const exports = module.exports;',
    code,
    '  return module.exports;',
    '};',
    '',
  ].join('\n');
}

export function renderIndex(modules: readonly PlannedModule[]): string {
  const entries = modules.flatMap((m) => m.entries).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const index: ValidatorIndex = {
    generatedBy: `${GENERATED_BY} from upstream/schemas/ and the kinds of imports/; do not edit`,
    ajv: AJV_VERSION,
    validators: Object.fromEntries(entries.map(({ key, ...e }) => [key, e])),
  };
  return `${JSON.stringify(index, null, 2)}\n`;
}

/** Writes upstream/validators/ (compiling every module: about a minute), removing modules no kind needs any more. */
export function writeValidators(outDir = COMMITTED_VALIDATORS_DIR, schemasDir = COMMITTED_SCHEMAS_DIR, importsDir = path.join(PROJECT_ROOT, 'imports')): number {
  const modules = planValidators(schemasDir, importsDir);
  const keep = new Set(['index.json', ...modules.map((m) => m.file)]);
  for (const m of modules) {
    const file = path.join(outDir, m.file);
    const text = renderModule(m);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  }
  fs.writeFileSync(path.join(outDir, 'index.json'), renderIndex(modules));
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        visit(p);
        if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
      } else if (!keep.has(path.relative(outDir, p))) fs.rmSync(p);
    }
  };
  visit(outDir);
  return modules.reduce((n, m) => n + m.entries.length, 0);
}
