/**
 * The TypeScript spec format (`clusters/<name>.ts`): transpiled in memory, syntax errors reported
 * with file and line before anything runs, then run as a CommonJS module whose `__dirname` is the
 * spec's own folder. No type checking here (that is `npm run typecheck`): the synth path stays fast.
 * esbuild transpiles; TypeScript is loaded only for a spec esbuild refuses (its diagnostics) or
 * with a problem to locate. The transpiled code is remembered by source hash (build/.cache).
 */
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';
import type * as TS from 'typescript';
import { cacheKey, memo } from '../cache';
import { PROJECT_ROOT } from '../../output/project-root';
import { typescriptLocator } from './locate';
import { generatedToSourceLines } from './source-map';
import type { LoadedSpecFile, SpecFileProblem } from './types';

let typescript: typeof TS | undefined;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const ts = (): typeof TS => (typescript ??= require('typescript') as typeof TS);

interface Transpiled {
  readonly js: string;
  readonly mappings: string;
  readonly syntaxErrors: ReadonlyArray<{ line: number; column: number; message: string }>;
}

function transpile(fileName: string, text: string): Transpiled {
  return memo('spec-transpile', cacheKey('spec-transpile-2', path.basename(fileName), text), () => withEsbuild(fileName, text) ?? withTypescript(fileName, text));
}

/**
 * esbuild (which `npm run synth` has just used to build build/) transpiles a spec without loading
 * the TypeScript compiler; a spec it refuses goes through TypeScript, whose diagnostics name the line.
 */
function withEsbuild(fileName: string, text: string): Transpiled | undefined {
  let esbuild: typeof import('esbuild');
  try {
    // As scripts/build.js: a plain child process, no worker thread left behind.
    const saved = process.env.ESBUILD_WORKER_THREADS;
    process.env.ESBUILD_WORKER_THREADS = '0';
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    esbuild = require('esbuild') as typeof import('esbuild');
    if (saved === undefined) delete process.env.ESBUILD_WORKER_THREADS;
    else process.env.ESBUILD_WORKER_THREADS = saved;
  } catch {
    return undefined;
  }
  try {
    const out = esbuild.transformSync(text, { loader: 'ts', format: 'cjs', platform: 'node', target: 'es2022', sourcemap: 'external', sourcefile: path.basename(fileName), logLevel: 'silent' });
    return { js: out.code, mappings: (JSON.parse(out.map) as { mappings: string }).mappings, syntaxErrors: [] };
  } catch {
    return undefined;
  }
}

function withTypescript(fileName: string, text: string): Transpiled {
  const t = ts();
  const out = t.transpileModule(text, {
    fileName: path.basename(fileName),
    reportDiagnostics: true,
    compilerOptions: { module: t.ModuleKind.CommonJS, target: t.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: true, inlineSources: false },
  });
  const syntaxErrors = (out.diagnostics ?? [])
    .filter((d) => d.file && d.start !== undefined)
    .map((d) => {
      const pos = d.file!.getLineAndCharacterOfPosition(d.start!);
      return { line: pos.line + 1, column: pos.character + 1, message: t.flattenDiagnosticMessageText(d.messageText, '\n') };
    });
  return { js: out.outputText, mappings: out.sourceMapText ? (JSON.parse(out.sourceMapText).mappings as string) : '', syntaxErrors };
}

/** Where the running code lives: the project root under ts-node/jest, build/ when precompiled. */
const CODE_ROOT = path.resolve(__dirname, '..', '..');

/**
 * `require` for a spec: a relative import of a project file (`./model`, `./helpers`) loads that
 * file from where the running code lives (build/ when precompiled), everything else as Node would
 * from the spec's folder.
 */
function specRequire(file: string): NodeJS.Require {
  const nodeRequire = Module.createRequire(file);
  const local = ((id: string) => {
    if (id.startsWith('.')) {
      const target = path.resolve(path.dirname(file), id);
      const rel = path.relative(PROJECT_ROOT, target);
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && CODE_ROOT !== PROJECT_ROOT) return nodeRequire(path.join(CODE_ROOT, rel));
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      if (!rel.startsWith('..') && !path.isAbsolute(rel)) return require(target);
    }
    return nodeRequire(id);
  }) as NodeJS.Require;
  return Object.assign(local, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main, extensions: nodeRequire.extensions });
}

/** The line in the spec of the first stack frame that is in the spec, through the source map. */
function thrownAt(err: unknown, file: string, mappings: string): number | undefined {
  const stack = String((err as { stack?: unknown } | undefined)?.stack ?? '');
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+):\\d+`).exec(stack);
  if (!m) return undefined;
  return generatedToSourceLines(mappings)[Number(m[1]) - 1];
}

export function loadTypescriptSpec(file: string, source: string): LoadedSpecFile {
  const text = fs.readFileSync(file, 'utf8');
  const transpiled = transpile(file, text);
  const problems: SpecFileProblem[] = transpiled.syntaxErrors.map((e) => ({ line: e.line, column: e.column, message: `syntax error: ${e.message}` }));
  const locate = (p: string) => typescriptLocator(ts(), file, text)(p);
  if (problems.length > 0) return { problems, locate };
  const mod = { exports: {} as Record<string, unknown> };
  try {
    const run = vm.compileFunction(transpiled.js, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
    run(mod.exports, specRequire(file), mod, file, path.dirname(file));
  } catch (err) {
    const line = thrownAt(err, file, transpiled.mappings);
    // Duck-typed: the spec runs in Node's own realm, where `Error` is not the caller's (jest).
    const e = err as { name?: unknown; message?: unknown } | undefined;
    const what = e && typeof e.message === 'string' ? `${String(e.name ?? 'Error')}: ${e.message}` : String(err);
    return { problems: [{ line, message: `the spec threw while loading: ${what}` }], locate };
  }
  const exported = (mod.exports as { default?: unknown; spec?: unknown }).default ?? (mod.exports as { spec?: unknown }).spec;
  if (exported === undefined) return { problems: [{ message: `exports no spec: end ${source} with \`export default spec;\`` }], locate };
  return { spec: asLocalData(exported), problems: [], locate };
}

/**
 * A copy of the spec's arrays and plain objects made here: the spec ran in Node's own realm, and
 * where the caller lives in another (jest), its arrays would fail `instanceof Array` and deep
 * equality. Anything else is kept as it is, for the shape check to refuse.
 */
function asLocalData(value: unknown): unknown {
  if (Array.isArray(value)) return Array.from(value, asLocalData); // not value.map: that would make an array of the spec's realm
  if (value !== null && typeof value === 'object' && Object.prototype.toString.call(value) === '[object Object]') {
    const proto = Object.getPrototypeOf(value);
    if (proto === null || Object.getPrototypeOf(proto) === null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asLocalData(v)]));
    }
  }
  return value;
}
