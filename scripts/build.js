#!/usr/bin/env node
/**
 * Transpile-only build of the synth path into build/ (no type checking: that is
 * `npm run typecheck`'s job, run by CI). Incremental by modification time, so
 * with sources unchanged since the last build it only stats files and loads nothing.
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
  const ts = require('typescript');
  const options = {
    ...ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, ROOT).options,
    noEmit: false,
    sourceMap: false,
    declaration: false,
  };
  for (const f of stale) {
    const out = outputOf(f.rel);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const src = fs.readFileSync(path.join(ROOT, f.rel), 'utf8');
    const text = f.rel.endsWith('.ts') ? ts.transpileModule(src, { compilerOptions: options, fileName: f.rel }).outputText : src;
    fs.writeFileSync(out, text);
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
