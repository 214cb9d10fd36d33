/**
 * Synth after a crash. Each on-disk state a kill -9 can leave is built by hand,
 * then synth writes again: a half-finished swap is rolled back, leftover staging copies go away
 * when every file synth did not create in them is also in dist/<cluster>, and a copy holding the
 * only copy of a file (Kubespray's credentials/) is kept and named.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synth } from '../../synth/cli';
import { CREATED_FILES_LIST, writeClusterOutput } from '../../synth/write';
import { lacaveWith } from '../helpers/specs';

const files = [
  { path: 'inventory/inventory.ini', content: '[all]\nkube01\n' },
  { path: 'fcc/kube01.ign', content: '{"new":true}' },
];

let root: string;
beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-recovery-'))));
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes a tree: `{ rel: content }`, and its `.synth-files.json` listing `created`. */
function tree(dir: string, content: Record<string, string>, created: readonly string[] | null): void {
  for (const [rel, text] of Object.entries(content)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  fs.mkdirSync(dir, { recursive: true });
  if (created) fs.writeFileSync(path.join(dir, CREATED_FILES_LIST), JSON.stringify(created));
}

/** A process id that is not running any more. */
const deadPid = () => spawnSync('true').pid!;

/** A previous synth's tree of cluster c, with Kubespray's files beside synth's. */
const previousTree = (dir: string) =>
  tree(dir, { 'inventory/inventory.ini': '[all]\nold\n', 'fcc/kube01.ign': '{}', 'inventory/credentials/kubeadm_certificate_key.creds': 'secret\n', 'inventory/artifacts/admin.conf': 'kubeconfig\n' }, ['inventory/inventory.ini', 'fcc/kube01.ign']);

const read = (rel: string) => fs.readFileSync(path.join(root, 'c', rel), 'utf8');
const leftovers = () => fs.readdirSync(root).filter((n) => n !== 'c').sort();

test('killed between the two renames (dist/c missing, c.previous and a complete staging copy there): rolled back, then rebuilt, nothing left over', () => {
  previousTree(path.join(root, 'c.previous'));
  const staging = path.join(root, `.c.staging-${deadPid()}`);
  tree(staging, { ...Object.fromEntries(files.map((f) => [f.path, f.content])), 'inventory/credentials/kubeadm_certificate_key.creds': 'secret\n', 'inventory/artifacts/admin.conf': 'kubeconfig\n' }, files.map((f) => f.path));
  const result = writeClusterOutput(root, 'c', files);
  expect(read('inventory/credentials/kubeadm_certificate_key.creds')).toBe('secret\n');
  expect(read('inventory/artifacts/admin.conf')).toBe('kubeconfig\n');
  expect(read('inventory/inventory.ini')).toBe('[all]\nkube01\n');
  expect(leftovers()).toEqual([]);
  expect(result.notices.join('\n')).toMatch(/moved .*c\/ aside; it is back in place/);
});

test('killed after both renames (c and c.previous there): c.previous goes, Kubespray files stay', () => {
  previousTree(path.join(root, 'c'));
  previousTree(path.join(root, 'c.previous'));
  writeClusterOutput(root, 'c', files);
  expect(read('inventory/credentials/kubeadm_certificate_key.creds')).toBe('secret\n');
  expect(leftovers()).toEqual([]);
});

test('killed while building the staging copy (hard links to credentials/, half the files written): the copy goes away', () => {
  previousTree(path.join(root, 'c'));
  const staging = path.join(root, `.c.staging-${deadPid()}`);
  tree(staging, { 'fcc/kube01.ign': '{"half' }, files.map((f) => f.path));
  fs.mkdirSync(path.join(staging, 'inventory', 'credentials'), { recursive: true });
  fs.linkSync(path.join(root, 'c', 'inventory/credentials/kubeadm_certificate_key.creds'), path.join(staging, 'inventory/credentials/kubeadm_certificate_key.creds'));
  // and one more left by an older kill, before its file list was written
  tree(path.join(root, `.c.staging-${deadPid()}`), {}, null);
  writeClusterOutput(root, 'c', files);
  expect(leftovers()).toEqual([]);
  expect(read('inventory/credentials/kubeadm_certificate_key.creds')).toBe('secret\n');
  expect(read('fcc/kube01.ign')).toBe('{"new":true}');
});

test('a staging copy holding the only copy of a credentials file is kept and named; synth still writes', () => {
  previousTree(path.join(root, 'c'));
  const name = `.c.staging-${deadPid()}`;
  tree(path.join(root, name), { 'inventory/credentials/only-here.creds': 'precious\n', 'fcc/kube01.ign': '{}' }, files.map((f) => f.path));
  const result = writeClusterOutput(root, 'c', files);
  expect(leftovers()).toEqual([name]);
  expect(fs.readFileSync(path.join(root, name, 'inventory/credentials/only-here.creds'), 'utf8')).toBe('precious\n');
  expect(result.notices.join('\n')).toContain(`kept ${path.join(root, name)}/`);
  expect(result.notices.join('\n')).toContain('inventory/credentials/only-here.creds');
  expect(read('fcc/kube01.ign')).toBe('{"new":true}');
});

test('dist/c deleted by hand while a staging copy holds the only copy of credentials/: kept, and the new tree is written', () => {
  const name = `.c.staging-${deadPid()}`;
  tree(path.join(root, name), { 'inventory/credentials/kubeadm_certificate_key.creds': 'secret\n' }, files.map((f) => f.path));
  writeClusterOutput(root, 'c', files);
  expect(leftovers()).toEqual([name]);
  expect(read('inventory/inventory.ini')).toBe('[all]\nkube01\n');
});

test("the staging copy of a synth that is still running is not touched", () => {
  previousTree(path.join(root, 'c'));
  const name = `.c.staging-${process.ppid}`;
  tree(path.join(root, name), { 'fcc/kube01.ign': '{}' }, []);
  writeClusterOutput(root, 'c', files);
  expect(leftovers()).toEqual([name]);
});

test('a kept copy that carries this process id (ids repeat across containers) is not reused or removed', () => {
  previousTree(path.join(root, 'c'));
  const name = `.c.staging-${process.pid}`;
  tree(path.join(root, name), { 'inventory/credentials/only-here.creds': 'precious\n' }, []);
  writeClusterOutput(root, 'c', files);
  expect(leftovers()).toEqual([name]);
  expect(fs.readFileSync(path.join(root, name, 'inventory/credentials/only-here.creds'), 'utf8')).toBe('precious\n');
  expect(read('fcc/kube01.ign')).toBe('{"new":true}');
});

test('killed between the renames, then a run with a spec error: dist/c is back all the same (the previous tree stays usable)', () => {
  previousTree(path.join(root, 'out', 'lacave.previous'));
  const specs = fs.mkdtempSync(path.join(root, 'clusters-'));
  fs.writeFileSync(path.join(specs, 'lacave.ts'), `module.exports = { default: ${JSON.stringify(lacaveWith((s) => (s.nodes[1].ip = '10.1.1.1')))} };\n`);
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    expect(() => synth({ clusters: [], outDir: path.join(root, 'out'), clustersDir: specs })).toThrow(/nodes\[1\]\.ip/);
    expect(errors.mock.calls.flat().join('\n')).toMatch(/back in place/);
  } finally {
    errors.mockRestore();
  }
  expect(fs.readdirSync(path.join(root, 'out'))).toEqual(['lacave']);
  expect(fs.readFileSync(path.join(root, 'out', 'lacave', 'inventory/credentials/kubeadm_certificate_key.creds'), 'utf8')).toBe('secret\n');
});
