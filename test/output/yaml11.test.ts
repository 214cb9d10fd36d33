/**
 * Every string synth writes stays a string for a YAML 1.1 reader. Each YAML file
 * of the output is read with python3's PyYAML (Ansible's loader) and compared, node by node, with
 * the YAML 1.2 reading of the same text: where 1.2 reads a string, PyYAML must read the same string.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { isYaml11NonString, toYaml } from '../../output/serialize';
import { loadWithPyYaml, type Typed } from '../helpers/pyyaml';
import { render } from '../helpers/render';
import { lacaveWith } from '../helpers/specs';
import { describeWithTool } from '../helpers/require-tool';

/** Strings every YAML 1.1 reader retypes when they are written plain. */
const RETYPED = ['yes', 'No', 'ON', 'off', 'y', 'N', '0b101', '1_000', '0o17', '012', '08', '1:20', '.inf', '-.Inf', '.NaN', '~', 'null', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=', '1e3', '0x1F', '1.5', ''];

/** lacave with strings a YAML 1.1 reader would retype wherever the spec takes free strings. */
const hostileSpec = () =>
  lacaveWith((s) => {
    s.name = 'no';
    s.network.searchDomain = 'yes';
    s.ssh.user = 'y';
    s.nodes[0].name = 'off';
    s.nodes[1].name = '012';
    s.nodes[3].labels = { gpu: 'yes', disktype: 'on', rack: '0b101', row: '1_000', slot: '012', since: '2001-12-14', n: 'n' };
    s.tenants = [{ name: 'on', adminGroup: 'yes', editGroup: '1:20', viewGroup: '.inf' }, { name: 'y' }, { name: '0b101' }];
    s.oidc = { realm: '0b101', clientId: '1_000', usernamePrefix: 'null', groupsPrefix: '~', usernameClaim: 'no', groupsClaim: '2001-12-14' };
    s.pki.caKeySecretName = 'true';
    s.pki.provisioningPath = '/home/no';
    s.components.keycloak = { adminSecretName: 'off' };
    s.components.monitoring = { grafanaAdminSecretName: 'yes' };
    s.gitops = { repoUrl: 'git@git.example.org:ops/deploy.git', path: 'no', revision: 'yes' };
    s.updates = { window: { days: ['Thu'], start: '23:00', lengthMinutes: 90 } };
  });

type Mismatch = string;

/** Where the YAML 1.2 node reads a string, the PyYAML value must be that string (keys included). */
function compare(node: Node | null, py: Typed, at: string, out: Mismatch[], count: { strings: number }): void {
  if (isMap(node)) {
    if (!('map' in py)) return void out.push(`${at}: a mapping for YAML 1.2, ${JSON.stringify(py)} for PyYAML`);
    node.items.forEach((pair, i) => {
      const [pk, pv] = py.map[i] ?? [];
      const key = isScalar(pair.key) ? String(pair.key.value) : `#${i}`;
      if (!pk || !pv) return void out.push(`${at}.${key}: missing for PyYAML`);
      compare(pair.key as Node, pk, `${at}.${key}(key)`, out, count);
      compare(pair.value as Node, pv, `${at}.${key}`, out, count);
    });
  } else if (isSeq(node)) {
    if (!('seq' in py)) return void out.push(`${at}: a sequence for YAML 1.2, ${JSON.stringify(py)} for PyYAML`);
    node.items.forEach((item, i) => compare(item as Node, py.seq[i], `${at}[${i}]`, out, count));
  } else if (isScalar(node) && typeof node.value === 'string') {
    count.strings++;
    const ok = 'scalar' in py && ['str', 'Unsafe', 'vault'].includes(py.scalar[0]) && py.scalar[1] === node.value;
    if (!ok) out.push(`${at}: the string ${JSON.stringify(node.value)} reads as ${JSON.stringify(py)} for PyYAML`);
  }
}

const YAML_FILE = /\.(ya?ml|fcc)$/;

function yaml11Mismatches(files: Readonly<Record<string, string>>): { mismatches: Mismatch[]; strings: number; files: number } {
  const yamlFiles = Object.fromEntries(Object.entries(files).filter(([p]) => YAML_FILE.test(p)));
  const py = loadWithPyYaml(yamlFiles);
  const out: Mismatch[] = [];
  const count = { strings: 0 };
  const customTags = ['!vault', '!unsafe'].map((tag) => ({ tag, resolve: (s: string) => s }));
  for (const [file, text] of Object.entries(yamlFiles)) {
    const docs = parseAllDocuments(text, { customTags }).filter((d) => d.contents !== null);
    if (docs.length !== py[file].length) out.push(`${file}: ${docs.length} documents for YAML 1.2, ${py[file].length} for PyYAML`);
    docs.forEach((d, i) => compare(d.contents as Node, py[file][i], `${file}#${i}`, out, count));
  }
  return { mismatches: out, strings: count.strings, files: Object.keys(yamlFiles).length };
}

test.each(RETYPED)('the YAML 1.1 rule recognises %j', (s) => {
  expect(isYaml11NonString(s)).toBe(true);
});

test.each(['lacave', 'kube01', 'v1.35.4', '/dev/sda', 'http://x/y', '1.35.4', 'yesno', 'offline', 'nope', '2001-12-14x', '10.0.0.1', '1Gi', '100m'])('plain strings stay plain: %j', (s) => {
  expect(isYaml11NonString(s)).toBe(false);
});

describeWithTool('python3', 'YAML 1.1 readers (PyYAML, as Ansible) read every string synth writes as that string', () => {
  test('the rule itself: every retyped string round-trips through PyYAML', () => {
    const text = toYaml(Object.fromEntries(RETYPED.map((s, i) => [s || `empty${i}`, s])));
    const r = yaml11Mismatches({ 'probe.yaml': text });
    expect(r.mismatches).toEqual([]);
    expect(r.strings).toBe(2 * RETYPED.length);
  });

  test('lacave: every YAML file', () => {
    const r = yaml11Mismatches(render(lacaveWith(() => {})).files);
    expect(r.mismatches).toEqual([]);
    expect(r.files).toBeGreaterThan(20);
  });

  test('a spec full of yes/no/on/y/0b101/1_000/012 strings: manifests, kustomizations, Helm values, inventory, deploy playbook, Butane', () => {
    const { files } = render(hostileSpec());
    const r = yaml11Mismatches(files);
    expect(r.mismatches).toEqual([]);
    // The strings are really there (the test would pass vacuously otherwise).
    const all = Object.entries(files).filter(([p]) => YAML_FILE.test(p));
    expect(all.some(([p, t]) => p.startsWith('manifests/') && t.includes('app.kubernetes.io/part-of: "no"'))).toBe(true);
    expect(files['inventory/host_vars/kube04.yml']).toMatch(/gpu: .*"yes"/);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['inventory/host_vars/off.yml', 'inventory/host_vars/012.yml', 'fcc/off.fcc', 'deploy.yml']));
    expect(all.some(([p]) => p.startsWith('helm/'))).toBe(true);
    expect(all.some(([p]) => p.endsWith('kustomization.yaml'))).toBe(true);
    expect(all.some(([p]) => p.startsWith('gitops/'))).toBe(true);
    expect(r.strings).toBeGreaterThan(1000);
  });
});

/** Source folders of the product (what synth runs), relative to the repository root. */
const SOURCE_DIRS = ['charts', 'clusters', 'fcc-gen', 'inventory-gen', 'synth', 'topology-gen', 'output', 'dns-gen', 'deploy-gen', 'gitops-gen', 'images-gen'];

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('nothing bypasses the YAML rule: only output/serialize.ts turns YAML objects into text', () => {
  const root = path.join(__dirname, '..', '..');
  const offenders: string[] = [];
  for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(root, d)))) {
    const rel = path.relative(root, file);
    if (rel === path.join('output', 'serialize.ts')) continue;
    const text = fs.readFileSync(file, 'utf8');
    const fromYaml = [...text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'yaml'/g)].flatMap((m) => m[1].split(',').map((n) => n.trim()));
    if (fromYaml.includes('stringify')) offenders.push(`${rel}: imports stringify from yaml (use toYaml/toYamlStream of output/serialize.ts)`);
    if (fromYaml.includes('Document') && !/documentToYaml\(/.test(text)) offenders.push(`${rel}: builds a yaml Document without documentToYaml`);
    if (/\.toString\(\s*\{[^)]*lineWidth/.test(text)) offenders.push(`${rel}: serializes YAML itself`);
  }
  expect(offenders).toEqual([]);
  expect(sourceFiles(path.join(root, 'charts')).length).toBeGreaterThan(5);
});
