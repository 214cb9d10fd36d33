/**
 * The generators after the charts (DNS zone, deploy plan, GitOps, image list…) are computed from
 * the model and the objects the pipeline hands them, never from the output read back: none of
 * them imports the output parser `output/objects.ts` (only the validator and `--diff` do).
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOT = join(__dirname, '..', '..');
const GENERATORS = ['dns-gen', 'deploy-gen', 'gitops-gen', 'images-gen', 'topology-gen', 'inventory-gen', 'fcc-gen', 'charts'];
const PARSER = join(ROOT, 'output', 'objects');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Files among `files` that import the output parser (relative specifiers resolved). */
function importersOfParser(files: readonly string[]): string[] {
  return files
    .filter((file) => [...readFileSync(file, 'utf8').matchAll(/\bfrom\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|require\(\s*'(\.[^']+)'\s*\)/g)].some((m) => resolve(dirname(file), m[1] ?? m[2] ?? m[3]).replace(/\.ts$/, '') === PARSER))
    .map((file) => relative(ROOT, file))
    .sort();
}

test('no generator imports output/objects.ts', () => {
  expect(importersOfParser(GENERATORS.flatMap((d) => sources(join(ROOT, d))))).toEqual([]);
});

test('the check sees an import of the parser where there is one (the validator)', () => {
  expect(importersOfParser(sources(join(ROOT, 'synth')))).toContain(join('synth', 'validate', 'index.ts'));
});
