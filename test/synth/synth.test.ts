import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree } from '../helpers/tree';
import { synth } from '../../synth/cli';
import { CREATED_FILES_LIST, writeClusterOutput } from '../../synth/write';
import { lacaveWith } from '../helpers/specs';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-'));

/** A clusters/ folder holding one spec file with the given content. */
function clustersDirWith(name: string, spec: unknown): string {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, `${name}.ts`), `module.exports = { default: ${JSON.stringify(spec)} };\n`);
  return dir;
}

describe('npm run synth', () => {
  test('writes dist/lacave/ byte-identically on every run', () => {
    const a = tmp();
    const b = tmp();
    synth({ clusters: ['lacave'], outDir: a });
    synth({ clusters: ['lacave'], outDir: b });
    const first = readTree(path.join(a, 'lacave'));
    synth({ clusters: ['lacave'], outDir: a });
    expect(readTree(path.join(a, 'lacave'))).toEqual(first);
    expect(readTree(path.join(b, 'lacave'))).toEqual(first);
    expect(Object.keys(first).length).toBeGreaterThan(1);
  });

  test('keeps the files Kubespray writes into the inventory folder (credentials/, artifacts/)', () => {
    const out = tmp();
    synth({ clusters: ['lacave'], outDir: out });
    const inventory = path.join(out, 'lacave', 'inventory');
    fs.mkdirSync(path.join(inventory, 'credentials'), { recursive: true });
    fs.mkdirSync(path.join(inventory, 'artifacts'), { recursive: true });
    fs.writeFileSync(path.join(inventory, 'credentials', 'kubeadm_certificate_key.creds'), 'abc123\n');
    fs.writeFileSync(path.join(inventory, 'artifacts', 'admin.conf'), 'apiVersion: v1\nkind: Config\n', { mode: 0o600 });
    fs.mkdirSync(path.join(out, 'lacave', 'empty-by-admin'));
    const lines = synth({ clusters: ['lacave'], outDir: out });
    expect(lines[0]).toMatch(/2 files kept that synth did not create/);
    expect(fs.readFileSync(path.join(inventory, 'credentials', 'kubeadm_certificate_key.creds'), 'utf8')).toBe('abc123\n');
    expect(fs.readFileSync(path.join(inventory, 'artifacts', 'admin.conf'), 'utf8')).toBe('apiVersion: v1\nkind: Config\n');
    expect(fs.statSync(path.join(inventory, 'artifacts', 'admin.conf')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(out, 'lacave', 'empty-by-admin'))).toBe(true);
    // and again: kept files stay kept, and are not claimed as synth's own
    synth({ clusters: ['lacave'], outDir: out });
    expect(fs.readFileSync(path.join(inventory, 'credentials', 'kubeadm_certificate_key.creds'), 'utf8')).toBe('abc123\n');
    const created = JSON.parse(fs.readFileSync(path.join(out, 'lacave', CREATED_FILES_LIST), 'utf8')) as string[];
    expect(created.some((f) => f.includes('credentials') || f.includes('artifacts'))).toBe(false);
  });

  test('an invalid spec writes nothing and leaves the previous dist/ exactly as it was', () => {
    const out = tmp();
    const good = clustersDirWith('lacave', lacaveWith(() => undefined));
    synth({ clusters: [], outDir: out, clustersDir: good });
    fs.mkdirSync(path.join(out, 'lacave', 'inventory', 'credentials'), { recursive: true });
    fs.writeFileSync(path.join(out, 'lacave', 'inventory', 'credentials', 'x.creds'), 'x');
    const before = readTree(out);
    const bad = clustersDirWith('lacave', lacaveWith((s) => (s.nodes[1].ip = '10.1.1.1')));
    expect(() => synth({ clusters: [], outDir: out, clustersDir: bad })).toThrow(/nodes\[1\]\.ip: "10\.1\.1\.1" — outside the node network/);
    expect(readTree(out)).toEqual(before);
  });

  test('a spec whose name differs from its file is refused', () => {
    const dir = clustersDirWith('other', lacaveWith(() => undefined));
    expect(() => synth({ clusters: [], outDir: tmp(), clustersDir: dir })).toThrow(/name: "lacave" — must equal the file name "other"/);
  });

  test('a write that fails half-way leaves the previous tree exactly as it was', () => {
    const out = tmp();
    writeClusterOutput(out, 'c', [{ path: 'a/one.yaml', content: 'one\n' }]);
    fs.writeFileSync(path.join(out, 'c', 'foreign.txt'), 'kept');
    const before = readTree(out);
    // "x" as a file and "x/y" below it cannot both exist: the write fails after starting.
    expect(() =>
      writeClusterOutput(out, 'c', [
        { path: 'a/one.yaml', content: 'changed\n' },
        { path: 'x', content: 'file' },
        { path: 'x/y', content: 'below a file' },
      ]),
    ).toThrow();
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(out)).toEqual(['c']);
  });

  test('a file synth no longer produces is removed; files it never made are not', () => {
    const out = tmp();
    writeClusterOutput(out, 'c', [{ path: 'fcc/kube04.ign', content: '{}' }, { path: 'fcc/kube01.ign', content: '{}' }]);
    fs.writeFileSync(path.join(out, 'c', 'fcc', 'notes.txt'), 'mine');
    writeClusterOutput(out, 'c', [{ path: 'fcc/kube01.ign', content: '{}' }]);
    expect(Object.keys(readTree(path.join(out, 'c'))).sort()).toEqual([CREATED_FILES_LIST, 'fcc/kube01.ign', 'fcc/notes.txt']);
  });

  test('snapshot of the lacave output', () => {
    const out = tmp();
    synth({ clusters: ['lacave'], outDir: out });
    expect(readTree(path.join(out, 'lacave'))).toMatchSnapshot();
  });
});
