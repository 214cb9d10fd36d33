/**
 * YAML specs (clusters/<name>.yaml|.yml): the same cluster as a .ts spec gives byte-identical
 * output; YAML problems come with file, line and column; shape and rule problems point at the
 * field's line; YAML 1.1 ambiguities are refused with "quote it"; `!vault |` and `{ vault: … }`.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { loadClusters } from '../../synth/clusters';
import { renderCluster } from '../../synth/render';
import { CLUSTER_SCHEMA_FILE } from '../../scripts/cluster-schema';
import { validateSpec } from '../../clusters/model';
import { lacaveSpec } from '../helpers/specs';

const FIXTURE = join(__dirname, '..', 'fixtures', 'lacave.yaml');
const fixtureText = readFileSync(FIXTURE, 'utf8');

/** A clusters/ folder holding `files`; returns its path. */
function clustersDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'yaml-specs-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The error message synth would print for that spec folder (or '' when it loads). */
function loadError(files: Record<string, string>): string {
  try {
    loadClusters([], clustersDir(files));
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

test('lacave.yaml gives byte-identical dist/ to lacave.ts', () => {
  const [fromYaml] = loadClusters(['lacave'], clustersDir({ 'lacave.yaml': fixtureText }));
  expect(fromYaml.source).toMatch(/lacave\.yaml$/);
  const a = renderCluster(fromYaml.model).files;
  const b = renderCluster(validateSpec(lacaveSpec())).files;
  expect(a.map((f) => f.path)).toEqual(b.map((f) => f.path));
  for (let i = 0; i < a.length; i++) {
    expect({ path: a[i].path, content: a[i].content, mode: a[i].mode }).toEqual({ path: b[i].path, content: b[i].content, mode: b[i].mode });
  }
});

test('.yml works too, and the { vault: … } form equals the !vault | form', () => {
  const mapped = fixtureText.replace(/keyPassword: !vault \|\n((?: {4}.*\n)+)/, (_m, body: string) => `keyPassword:\n    vault: |\n${body.replace(/^ {4}/gm, '      ')}`);
  expect(mapped).not.toEqual(fixtureText);
  const [a] = loadClusters([], clustersDir({ 'lacave.yml': mapped }));
  expect(a.model.pki?.keyPassword).toEqual(lacaveSpec().pki!.keyPassword);
});

test('an editor with the schema (and yaml.customTags "!vault scalar") accepts the fixture', () => {
  const ajv = new Ajv({ strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(CLUSTER_SCHEMA_FILE, 'utf8')));
  const asEditorSees = parse(fixtureText, { customTags: [{ tag: '!vault', resolve: (s: string) => s }] });
  expect(validate(asEditorSees)).toBe(true);
  expect(fixtureText.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S*cluster\.schema\.json$/);
});

test('YAML syntax problems: file, line and column; nothing else checked', () => {
  const broken = fixtureText.replace('  prefix: 24\n', '  prefix: 24\n bad indent: [\n');
  const msg = loadError({ 'lacave.yaml': broken });
  expect(msg).toMatch(/lacave\.yaml:\d+:\d+: /);
  expect(msg).toMatch(/could not be loaded/);
});

test('duplicate keys and second documents are refused with their line', () => {
  expect(loadError({ 'lacave.yaml': fixtureText.replace('domain: lacave.info\n', 'domain: lacave.info\ndomain: other.info\n') })).toMatch(/lacave\.yaml:6:1: .*[Mm]ap keys must be unique/);
  expect(loadError({ 'lacave.yaml': fixtureText + '---\nname: other\n' })).toMatch(/one YAML document/);
});

test.each([
  ['enabled: yes', 'components:\n  rookCeph:\n', 'components:\n  rookCeph:\n    enabled: yes\n', /plain yes is a boolean to YAML 1\.1 readers.*write true or false.*or quote it \("yes"\)/],
  ['realm: on', '  realm: kubernetes\n', '  realm: on\n', /plain on is a boolean .*quote it \("on"\)/],
  ['clientId: 0b101', '  clientId: kubelacave\n', '  clientId: 0b101\n', /plain 0b101 is a number to YAML 1\.1 readers.*quote it \("0b101"\)/],
])('YAML 1.1 ambiguity refused: %s', (_name, from, to, message) => {
  const text = fixtureText.replace(from, to);
  expect(text).not.toEqual(fixtureText);
  const msg = loadError({ 'lacave.yaml': text });
  expect(msg).toMatch(message);
  expect(msg).toMatch(/lacave\.yaml:\d+:\d+: /);
  // Quoted, the same value is a plain string and passes this check.
  expect(loadError({ 'lacave.yaml': text.replace(/: (yes|on|0b101)\n/, ': "$1"\n') })).not.toMatch(/YAML 1\.1/);
});

test('shape and rule problems: same messages as a .ts spec, at the line of the field', () => {
  const lines = fixtureText.split('\n');
  const ipLine = lines.findIndex((l) => l.includes('ip: 192.168.1.22')) + 1;
  const rule = loadError({ 'lacave.yaml': fixtureText.replace('ip: 192.168.1.22', 'ip: 10.0.0.22') });
  expect(rule).toContain(`lacave.yaml:${ipLine}: nodes[1].ip: "10.0.0.22" — outside the node network`);
  const shape = loadError({ 'lacave.yaml': fixtureText.replace('    interface: enp3s0\n', '    interface: enp3s0\n    hostname: x\n') });
  const hostnameLine = lines.findIndex((l) => l.includes('interface: enp3s0')) + 2;
  expect(shape).toContain(`lacave.yaml:${hostnameLine}: nodes[3].hostname: "x" — unknown key 'hostname'`);
});

test('plaintext where ciphertext goes: the secrets rule, value redacted', () => {
  const text = fixtureText.replace(/keyPassword: !vault \|\n(?: {4}.*\n)+/, 'keyPassword: hunter2\n');
  const msg = loadError({ 'lacave.yaml': text });
  expect(msg).toMatch(/pki\.keyPassword: "<redacted>" — plaintext is not accepted/);
  expect(msg).not.toContain('hunter2');
});

test('a .ts and a .yaml spec of the same cluster are refused together', () => {
  const dir = clustersDir({ 'lacave.yaml': fixtureText });
  copyFileSync(join(__dirname, '..', '..', 'clusters', 'lacave.ts'), join(dir, 'lacave.ts'));
  expect(() => loadClusters([], dir)).toThrow(/two specs for cluster lacave/);
});
