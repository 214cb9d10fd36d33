/**
 * `npm run init`: roles by node count, a spec that goes through the real loader, synth's render
 * and the output validator without edits (YAML and TypeScript), no overwrite, no private key,
 * nothing written on bad input.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadClusters } from '../../synth/clusters';
import { renderCluster } from '../../synth/render';
import { validateOutput } from '../../synth/validate';
import { customKindsFor } from '../../synth/validate/committed-schemas';
import { init, InitError, parseInitArgs, rolesFor, type InitOptions } from '../../scripts/init';
import { lacaveSpec } from '../helpers/specs';

const PUBLIC_KEY = lacaveSpec().ssh.authorizedKeys[0];

function setup(): { dir: string; keyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'init-'));
  const keyFile = join(dir, 'id.pub');
  writeFileSync(keyFile, `${PUBLIC_KEY}\n`);
  return { dir, keyFile };
}

const options = (dir: string, keyFile: string, extra: string[] = []): InitOptions =>
  parseInitArgs(['--name', 'lab', '--domain', 'lab.example.org', '--nodes', '10.1.0.11,10.1.0.12,10.1.0.13,10.1.0.14,10.1.0.15', '--gateway', '10.1.0.1', '--ssh-key-file', keyFile, '--clusters-dir', dir, ...extra], dir);

test('roles by node count', () => {
  const roles = (n: number) => Array.from({ length: n }, (_, i) => rolesFor(i, n).join('+'));
  const full = 'control-plane+etcd+worker';
  expect(roles(1)).toEqual([full]);
  expect(roles(2)).toEqual([full, 'worker']);
  expect(roles(3)).toEqual([full, full, full]);
  expect(roles(5)).toEqual([full, full, full, 'worker', 'worker']);
});

test.each([
  ['yaml, 5 Fedora CoreOS nodes', [] as string[]],
  ['ts, 2 Flatcar nodes', ['--format', 'ts', '--os', 'flatcar', '--nodes', '10.1.0.11,10.1.0.12', '--prefix', '16', '--dns', '10.1.0.53']],
  ['yaml, 1 node', ['--nodes', '10.1.0.11']],
])('init → loader → render → output validator, without edits: %s', (_name, extra) => {
  const { dir, keyFile } = setup();
  const file = init(options(dir, keyFile, extra));
  expect(file).toBe(join(dir, `lab.${extra.includes('ts') ? 'ts' : 'yaml'}`));
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(/Ceph needs raw disks init cannot know\. To turn it on/);
  // Defaults spelled out, from the schema, in both formats.
  expect(text).toMatch(/Left to their defaults in install:\n\s*(#|\/\/)\s+disk: "\/dev\/sda"/);
  expect(text).not.toMatch(/PRIVATE|password:|secret:/i);
  const [loaded] = loadClusters(['lab'], dir);
  expect(loaded.model.components.rookCeph.enabled).toBe(false);
  expect(loaded.model.components.keycloak.enabled).toBe(false);
  const output = renderCluster(loaded.model);
  const report = validateOutput(output.files, { model: loaded.model, crds: customKindsFor([]) });
  expect(report.problems).toEqual([]);
  if (!extra.includes('ts')) {
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./cluster.schema.json');
    // A YAML 1.1 reader (PyYAML) reads the same values: nothing ambiguous was written.
    const py = spawnSync('python3', ['-c', 'import sys,yaml,json; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: text, encoding: 'utf8' });
    expect(py.status).toBe(0);
    expect(JSON.parse(py.stdout).network).toEqual({ gateway: '10.1.0.1', prefix: 24, dnsServers: ['10.1.0.1'] });
  }
});

test('never overwrites a spec, in any format', () => {
  const { dir, keyFile } = setup();
  writeFileSync(join(dir, 'lab.ts'), '// mine\n');
  expect(() => init(options(dir, keyFile))).toThrow(/lab\.ts already exists: init never overwrites/);
  expect(existsSync(join(dir, 'lab.yaml'))).toBe(false);
  expect(readFileSync(join(dir, 'lab.ts'), 'utf8')).toBe('// mine\n');
});

test('refuses a private key as the key file, and writes nothing', () => {
  const { dir } = setup();
  const priv = join(dir, 'id_ed25519');
  // A stand-in with the armour of a private key, assembled here so no key-shaped text is committed.
  const armour = (edge: string) => `-----${edge} OPENSSH ${'PRIVATE'} KEY-----`;
  writeFileSync(priv, `${armour('BEGIN')}\nb3BlbnNzaC1rZXktdjEAAAAA\n${armour('END')}\n`);
  expect(() => init(options(dir, priv))).toThrow(/this is a private key; give the public key \(.*id_ed25519\.pub\)/);
  expect(existsSync(join(dir, 'lab.yaml'))).toBe(false);
});

test('bad input: the spec rules, named by option, and nothing written', () => {
  const { dir, keyFile } = setup();
  expect(() => init(options(dir, keyFile, ['--nodes', '10.2.0.11']))).toThrow(InitError);
  expect(() => init(options(dir, keyFile, ['--nodes', '10.2.0.11']))).toThrow(/nodes\[0\]\.ip: "10\.2\.0\.11" — outside the node network[\s\S]*--nodes/);
  expect(() => init(options(dir, keyFile, ['--name', 'Bad_Name']))).toThrow(/name: "Bad_Name"/);
  expect(() => parseInitArgs(['--name', 'x', '--format', 'json'], dir)).toThrow(/missing --domain|--format/);
  expect(existsSync(join(dir, 'lab.yaml'))).toBe(false);
});
