/**
 * Problems of spec files are reported with the spec's own file and line
 * (`clusters/<name>.ts:12`), all specs' problems together, and nothing is written.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ts from 'typescript';
import { synth } from '../../synth/cli';
import { loadClusters } from '../../synth/clusters';
import { typescriptLocator } from '../../synth/spec-files/locate';
import { PROJECT_ROOT } from '../../output/project-root';
import { lacaveWith } from '../helpers/specs';

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** lacave written as a TypeScript spec, one property per line, with `edit` applied to its text. */
function lacaveSource(mutate: (s: any) => void = () => undefined, edit: (text: string) => string = (t) => t): string {
  const spec = lacaveWith((s) => ((s.name = 'site'), mutate(s)));
  return edit(`// a spec written by hand\nconst spec = ${JSON.stringify(spec, null, 2)};\n\nexport default spec;\n`);
}

function dirWith(files: Record<string, string>): string {
  const dir = tmp('specs-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

function synthError(dir: string, out: string): string {
  try {
    synth({ clusters: [], outDir: out, clustersDir: dir });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('synth accepted the specs');
}

describe('syntax errors are reported by the transpile step, with file and line, before anything runs', () => {
  test('a missing comma', () => {
    const text = lacaveSource(undefined, (t) => t.replace('"domain": "lacave.info",', '"domain": "lacave.info"'));
    const dir = dirWith({ 'site.ts': text, 'canary.ts': 'throw new Error("must not run");\nexport default {};\n' });
    const out = tmp('out-');
    const message = synthError(dir, out);
    const line = lineOf(text, '"appsDomain"');
    expect(message).toContain(`${path.relative(process.cwd(), path.join(dir, 'site.ts'))}:${line}:3: syntax error: ',' expected.`);
    // The other spec's problem is listed too; nothing was written.
    expect(message).toMatch(/canary\.ts:1: the spec threw while loading: Error: must not run/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
  test('an unterminated string', () => {
    const dir = dirWith({ 'site.ts': 'const spec = {\n  name: "site,\n};\nexport default spec;\n' });
    expect(synthError(dir, tmp('out-'))).toMatch(/site\.ts:2:\d+: syntax error: Unterminated string literal\./);
  });
});

describe('shape and rule problems point at the line of the field', () => {
  test('rule problems, each at its own line', () => {
    const text = lacaveSource((s) => {
      s.nodes[1].ip = '10.1.1.1';
      s.storageClass = 'fast-ssd';
    });
    const message = synthError(dirWith({ 'site.ts': text }), tmp('out-'));
    expect(message).toMatch(new RegExp(`site\\.ts:${lineOf(text, '"ip": "10.1.1.1"')}: nodes\\[1\\]\\.ip: "10\\.1\\.1\\.1" — outside the node network`));
    expect(message).toMatch(new RegExp(`site\\.ts:${lineOf(text, '"storageClass"')}: storageClass: "fast-ssd" — no StorageClass of that name`));
  });
  test('shape problems (the runtime schema), each at its own line', () => {
    const text = lacaveSource((s) => {
      s.nodes[2].colour = 'blue';
      s.network.prefix = '24';
    });
    const message = synthError(dirWith({ 'site.ts': text }), tmp('out-'));
    expect(message).toMatch(new RegExp(`site\\.ts:${lineOf(text, '"colour"')}: nodes\\[2\\]\\.colour: "blue" — unknown key 'colour'`));
    expect(message).toMatch(new RegExp(`site\\.ts:${lineOf(text, '"prefix"')}: network\\.prefix: "24" — expected a whole number`));
  });
  test('a missing key points at the object that lacks it', () => {
    const text = lacaveSource((s) => delete s.install.ignitionBaseUrl);
    const message = synthError(dirWith({ 'site.ts': text }), tmp('out-'));
    expect(message).toMatch(new RegExp(`site\\.ts:${lineOf(text, '"install"')}: install\\.ignitionBaseUrl: \\(missing\\) — 'ignitionBaseUrl' is required`));
  });
  test('the locator follows the real lacave spec (identifier, nested arrays and objects)', () => {
    const file = path.join(PROJECT_ROOT, 'clusters', 'lacave.ts');
    const text = fs.readFileSync(file, 'utf8');
    const locate = typescriptLocator(ts, file, text);
    expect(locate('nodes[3].interface')).toBe(lineOf(text, "interface: 'enp3s0'"));
    expect(locate('components.nexus.storageSize')).toBe(lineOf(text, "storageSize: '100Gi'"));
    expect(locate('tenants[0].name')).toBe(lineOf(text, "tenants: [{ name: 'default' }]"));
    // Beyond the literals (a function call), the deepest property found.
    expect(locate('pki.rootCaCertificate')).toBe(lineOf(text, 'rootCaCertificate: readFileSync'));
  });
});

describe('a spec that throws while loading is that file\'s problem, listed with the others', () => {
  test('all specs\' problems at once, the throw at its line, nothing written', () => {
    const thrower = "import { readFileSync } from 'fs';\n\nconst pem = readFileSync('/nonexistent/ca.pem', 'utf8');\nexport default { pem };\n";
    const dir = dirWith({ 'alpha.ts': thrower, 'site.ts': lacaveSource((s) => (s.nodes[0].ip = '192.168.1.255')) });
    const out = tmp('out-');
    const message = synthError(dir, out);
    expect(message).toMatch(/alpha\.ts:3: the spec threw while loading: Error: ENOENT/);
    expect(message).toMatch(/site\.ts:\d+: nodes\[0\]\.ip: "192\.168\.1\.255" — is the broadcast address/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
  test("the loaded spec is plain data of the caller's realm (deep equality with a literal holds)", () => {
    const dir = dirWith({ 'site.ts': lacaveSource() });
    const { loadTypescriptSpec } = jest.requireActual('../../synth/spec-files/typescript');
    const spec = loadTypescriptSpec(path.join(dir, 'site.ts'), 'site.ts').spec;
    expect(spec.nodes).toBeInstanceOf(Array);
    expect(spec.nodes[0].roles).toStrictEqual(['control-plane', 'etcd', 'worker']);
  });
  test('a spec without a default export says how to fix it', () => {
    expect(() => loadClusters([], dirWith({ 'site.ts': 'export const x = 1;\n' }))).toThrow(/site\.ts: exports no spec: end .*site\.ts with `export default spec;`/);
  });
});

describe('the compiled synth path (npm run synth) names the spec sources, never build/', () => {
  test('errors name clusters/<name>.ts', () => {
    const dir = dirWith({ 'site.ts': lacaveSource((s) => (s.nodes[1].ip = '10.1.1.1'), (t) => t.replace('"name": "site",', '"name": "site"')) });
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'synth.js'), '--clusters-dir', dir, '--out', tmp('out-')], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      output = String((err as { stderr: string }).stderr);
    }
    expect(output).toMatch(/site\.ts:\d+:\d+: syntax error: ',' expected\./);
    expect(output).not.toMatch(/build\/|\.js\b/);
  });
});
