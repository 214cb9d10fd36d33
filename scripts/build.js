#!/usr/bin/env node
/**
 * Transpile-only build of the synth path into build/ (no type checking: that is
 * `npm run typecheck`'s job, run by CI), with esbuild: a fresh clone's first build of ~150 files
 * (12 MB of them generated imports/) takes a fraction of a second, where TypeScript's
 * `transpileModule` took seconds and 400 MB. Incremental by modification time, so with sources
 * unchanged since the last build it only stats files and loads nothing.
 * Plain JavaScript because it must run before any TypeScript is compiled.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'build');
/** What the synth path (and the benchmark) loads. */
const SOURCES = ['main.ts', 'clusters', 'upstream/kubespray', 'upstream/facts.ts', 'charts', 'imports', 'inventory-gen', 'fcc-gen', 'topology-gen', 'output', 'dns-gen', 'deploy-gen', 'gitops-gen', 'images-gen', 'synth', 'scripts'];

function walk(rel, files) {
  const abs = path.join(ROOT, rel);
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(abs)) walk(path.join(rel, name), files);
  } else if (!rel.endsWith('.d.ts') && !rel.endsWith('.js')) {
    files.push({ rel, mtimeMs: st.mtimeMs });
  }
}

const outputOf = (rel) => path.join(OUT, rel.endsWith('.ts') ? rel.slice(0, -3) + '.js' : rel);

/** Brings build/ up to date; returns the number of files (re)built. */
function ensureBuilt() {
  const files = [];
  for (const s of SOURCES) walk(s, files);
  const stale = files.filter((f) => {
    const st = fs.statSync(outputOf(f.rel), { throwIfNoEntry: false });
    return !st || Math.floor(st.mtimeMs) !== Math.floor(f.mtimeMs);
  });
  removeOrphans(new Set(files.map((f) => outputOf(f.rel))));
  if (stale.length === 0) return 0;
  // Without its worker thread, esbuild runs as a plain child process that is waited for: its time
  // and memory count in this process's usage (as \`time\` and the benchmark see it).
  const saved = process.env.ESBUILD_WORKER_THREADS;
  process.env.ESBUILD_WORKER_THREADS = '0';
  const esbuild = require('esbuild');
  if (saved === undefined) delete process.env.ESBUILD_WORKER_THREADS;
  else process.env.ESBUILD_WORKER_THREADS = saved;
  // esbuild reads the options that change the emitted code (target, class fields, imports) from here.
  const tsconfigRaw = { compilerOptions: JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions };
  const typescript = stale.filter((f) => f.rel.endsWith('.ts'));
  // One call for all files (one esbuild process); each file is transpiled on its own, not bundled.
  if (typescript.length > 0) esbuild.buildSync({
    entryPoints: typescript.map((f) => path.join(ROOT, f.rel)),
    outdir: OUT,
    outbase: ROOT,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    tsconfigRaw,
    logLevel: 'error',
  });
  for (const f of stale) {
    const out = outputOf(f.rel);
    if (!f.rel.endsWith('.ts')) {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f.rel), out);
    }
    // The output carries its source's mtime: any change of the source, even to an older
    // file (a restored backup, another branch), makes them differ.
    fs.utimesSync(out, f.mtimeMs / 1000, f.mtimeMs / 1000);
  }
  return stale.length;
}

/** A source that was deleted must not live on in build/ (a deleted cluster would still synth). */
function removeOrphans(expected) {
  const visit = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.cache') visit(p); // the validator's schema cache, not a build output
      }
      else if (!expected.has(p) && e.name !== '.tsbuildinfo') fs.rmSync(p);
    }
  };
  if (fs.existsSync(OUT)) visit(OUT);
}

module.exports = { ensureBuilt, OUT };

if (require.main === module) {
  const n = ensureBuilt();
  console.log(n === 0 ? 'build/ is up to date' : `transpiled ${n} files into build/`);
}
