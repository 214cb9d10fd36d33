/**
 * The architecture rules (.dependency-cruiser.cjs, docs/architecture.md), checked by
 * dependency-cruiser: the product code breaks none of them, and each rule can fail (a fixture
 * laid out like the project, with one forbidden import per rule, is cruised with the same
 * config and every rule must report its import — and nothing else).
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative } from 'path';
import { PROJECT_ROOT } from '../../output/project-root';

const CRUISER = join(PROJECT_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(PROJECT_ROOT, '.dependency-cruiser.cjs');

interface Rule {
  readonly name: string;
  readonly from: { readonly path?: string | string[]; readonly pathNot?: string | string[] };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RULES: readonly Rule[] = require(CONFIG).forbidden;

/** The files a rule exempts one by one (`^deploy-gen/plan\.ts$` → deploy-gen/plan.ts). */
const exemptFiles = (rule: Rule): string[] =>
  ([] as string[])
    .concat(rule.from.pathNot ?? [])
    .map((p) => /^\^([\w/-]+)\\\.ts\$$/.exec(p)?.[1])
    .filter((f): f is string => f !== undefined)
    .map((f) => `${f}.ts`);

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly cycle?: ReadonlyArray<{ name: string } | string>;
}
interface CruiseResult {
  readonly modules: ReadonlyArray<{ source: string }>;
  readonly summary: { readonly violations: readonly Violation[] };
}

/** Cruises `roots` (relative to `cwd`) with the project's rules; `inProgress: false` drops the named exceptions. */
function cruise(cwd: string, roots: readonly string[], inProgress = true): CruiseResult {
  const out = execFileSync(process.execPath, [CRUISER, '--config', CONFIG, '--output-type', 'json', ...roots], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ARCHITECTURE_NO_EXCEPTIONS: inProgress ? '' : '1' },
  });
  return JSON.parse(out) as CruiseResult;
}

const describeViolation = (v: Violation) =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (circle: ${v.cycle.map((c) => (typeof c === 'string' ? c : c.name)).join(' → ')})` : ''}`;

/** The product code: every folder (or file) tsconfig.json type-checks, except the tests. */
function productRoots(): string[] {
  const include: string[] = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tsconfig.json'), 'utf8')).include;
  const roots = new Set(include.map((p) => p.split('/')[0]).filter((p) => p !== 'test'));
  return [...roots].sort();
}

describe('the product code', () => {
  let result: CruiseResult;
  beforeAll(() => {
    result = cruise(PROJECT_ROOT, productRoots());
  });

  test('breaks no architecture rule', () => {
    const violations = result.summary.violations.map(describeViolation);
    if (violations.length > 0) throw new Error(`${violations.length} architecture violation(s) (docs/architecture.md):\n${violations.join('\n')}`);
  });

  test('every layer was cruised (a folder left out of the check would escape the rules)', () => {
    const layers = new Set(result.modules.map((m) => (m.source.includes('/') ? m.source.split('/')[0] : m.source)));
    for (const root of productRoots()) expect([root, layers.has(root)]).toEqual([root, true]);
    expect(result.modules.some((m) => m.source === 'clusters/model/validate.ts')).toBe(true);
  });

  test('each named exception is still needed (remove it from .dependency-cruiser.cjs once its work has landed)', () => {
    const excepted = RULES.flatMap((r) => exemptFiles(r).map((file) => ({ rule: r.name, file })));
    // Every exception names one file; a folder-wide or pattern exception would hide new violations.
    for (const r of RULES) expect([r.name, ([] as string[]).concat(r.from.pathNot ?? []).length]).toEqual([r.name, r.name === 'product-does-not-import-tests' ? 1 : exemptFiles(r).length]);
    if (excepted.length === 0) return;
    const strict = cruise(PROJECT_ROOT, productRoots(), false).summary.violations;
    const involves = (v: Violation, file: string) => v.from === file || (v.cycle ?? []).some((c) => (typeof c === 'string' ? c : c.name) === file);
    for (const { rule, file } of excepted) expect([rule, file, strict.some((v) => v.rule.name === rule && involves(v, file))]).toEqual([rule, file, true]);
  });
});

describe('each rule can fail', () => {
  /** One forbidden import per rule (file → imported file), and allowed ones that must stay quiet. */
  const FORBIDDEN: Record<string, readonly [string, string]> = {
    'no-circular': ['inventory-gen/a.ts', 'inventory-gen/b.ts'],
    'model-imports-only-itself': ['clusters/model/validate.ts', 'inventory-gen/spec-rules.ts'],
    'output-is-a-leaf': ['output/serialize.ts', 'clusters/model/index.ts'],
    'upstream-facts-are-a-leaf': ['upstream/facts.ts', 'clusters/model/index.ts'],
    'generators-do-not-import-the-pipeline': ['images-gen/index.ts', 'synth/render.ts'],
    'generators-do-not-read-the-output-back': ['dns-gen/zone.ts', 'output/objects.ts'],
    'charts-do-not-import-other-generators': ['charts/keycloak.ts', 'dns-gen/index.ts'],
    'product-does-not-import-tests': ['scripts/bench.ts', 'test/helpers/specs.ts'],
    'imports-resolve': ['fcc-gen/index.ts', 'fcc-gen/missing.ts'], // never written: the import cannot resolve
  };
  const ALLOWED: ReadonlyArray<readonly [string, string]> = [
    ['clusters/model/kubespray-facts.ts', 'upstream/kubespray/releases.json'],
    ['clusters/model/index.ts', 'clusters/model/model.ts'],
    ['inventory-gen/index.ts', 'clusters/model/index.ts'],
    ['inventory-gen/index.ts', 'output/files.ts'],
    ['synth/validate/index.ts', 'output/objects.ts'],
    ['images-gen/index.ts', 'upstream/facts.ts'],
    ['images-gen/index.ts', 'charts/lib/helm-release.ts'],
    ['deploy-gen/plan.ts', 'charts/lib/helm-release.ts'],
    ['synth/render.ts', 'charts/keycloak.ts'],
    ['scripts/derive.ts', 'synth/render.ts'],
    ['upstream/facts.ts', 'output/project-root.ts'],
    ['test/model/x.test.ts', 'test/helpers/specs.ts'],
  ];

  /** Written as `import type`: a type-only import is a dependency too (the compiler drops it, the design does not). */
  const TYPE_ONLY = new Set(['images-gen/index.ts → synth/render.ts', 'inventory-gen/b.ts → inventory-gen/a.ts']);

  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'architecture-'));
    const imports = new Map<string, string[]>();
    const add = (from: string, to: string) => imports.set(from, [...(imports.get(from) ?? []), to]);
    for (const [from, to] of [...Object.values(FORBIDDEN), ...ALLOWED]) {
      add(from, to);
      if (!imports.has(to)) imports.set(to, []);
    }
    add('inventory-gen/b.ts', 'inventory-gen/a.ts'); // closes the circle of a.ts → b.ts, by a type import: still a circle
    for (const [file, targets] of imports) {
      if (file.endsWith('missing.ts')) continue;
      mkdirSync(join(dir, dirname(file)), { recursive: true });
      if (file.endsWith('.json')) {
        writeFileSync(join(dir, file), '{}\n');
        continue;
      }
      const specifier = (to: string) => {
        const rel = relative(dirname(file), to.replace(/\.ts$/, ''));
        return rel.startsWith('.') ? rel : `./${rel}`;
      };
      const importOf = (to: string, i: number) =>
        TYPE_ONLY.has(`${file} → ${to}`) ? `import type * as m${i} from '${specifier(to)}';\nexport type T${i} = typeof m${i}.here;` : `import * as m${i} from '${specifier(to)}';\nexport const v${i} = m${i};`;
      writeFileSync(join(dir, file), [...targets.map(importOf), 'export const here = 1;', ''].join('\n'));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('every rule reports its forbidden import, and only that', () => {
    const roots = ['charts', 'clusters', 'dns-gen', 'fcc-gen', 'images-gen', 'inventory-gen', 'output', 'scripts', 'synth', 'upstream', 'deploy-gen', 'test'];
    const found = cruise(dir, roots).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    // An unresolved import is reported by its specifier, as written.
    const shown = (rule: string, to: string) => (rule === 'imports-resolve' ? './missing' : to);
    const expected = Object.entries(FORBIDDEN).map(([rule, [from, to]]) => `${rule}: ${from} → ${shown(rule, to)}`);
    expect(found.sort()).toEqual(expected.sort());
  });

  test('the fixture covers every rule of the config', () => {
    const names = RULES.map((r) => r.name);
    expect(names.length).toBeGreaterThan(5);
    expect(Object.keys(FORBIDDEN).sort()).toEqual(names.sort());
  });
});
