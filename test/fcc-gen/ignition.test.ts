/**
 * dist/<cluster>/fcc/: every .ign checked by the official schema and ignition-validate, every
 * data URL decoded back to what the node must get, the .fcc read back and translated again,
 * hand-made golden configs for kube01 and kube04, a Flatcar node (3.3.0 and the 2.2.0 opt-in),
 * and the install guide.
 */
import { parse as parseYaml } from 'yaml';
import { validateSpec, type ClusterModel } from '../../clusters/model';
import { renderNodeConfigs } from '../../fcc-gen';
import { decodeDataUrl, escapeDataUrlBytes } from '../../fcc-gen/data-url';
import { gzipContents } from '../../fcc-gen/gzip';
import type { Ignition22Config, Ignition3Config } from '../../fcc-gen/ignition';
import { butaneToIgnition, ignitionToJson } from '../../fcc-gen/translate';
import type { OutputFile } from '../../output/files';
import { ignitionSchema, ignitionValidate, officialSchemas, schemaErrors, unknownKeys } from '../helpers/ignition-check';
import { requireTool } from '../helpers/require-tool';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = validateSpec(lacaveSpec());
const KEY = lacave.ssh.authorizedKeys[0];
const PEM = lacave.pki!.rootCaCertificate;

function render(model: ClusterModel): Map<string, OutputFile> {
  return new Map(renderNodeConfigs(model).map((f) => [f.path, f]));
}
const content = (files: Map<string, OutputFile>, p: string) => {
  const f = files.get(p);
  if (!f) throw new Error(`${p} not rendered (have: ${[...files.keys()].join(', ')})`);
  return f.content;
};

/** One node's NetworkManager keyfile, written out by hand from `man nm-settings-keyfile`. */
const nmKeyfile = (iface: string, ip: string) =>
  `[connection]\nid=${iface}\ntype=ethernet\ninterface-name=${iface}\n\n[ipv4]\nmethod=manual\naddress1=${ip}/24\ngateway=192.168.1.1\ndns=192.168.1.10;\ndns-search=lacave;\n`;

/**
 * Zincati's fleet_lock strategy as its documentation writes it (coreos/zincati
 * docs/usage/updates-strategy.md), against the lock service's default ClusterIP: the 15th
 * address of Kubespray's service network 10.233.0.0/18. Comment lines aside, the whole file.
 */
const ZINCATI_FLEET_LOCK = expect.stringMatching(/^(#[^\n]*\n)+\[updates\]\nstrategy = "fleet_lock"\n\n\[updates\.fleet_lock\]\nbase_url = "http:\/\/10\.233\.0\.15\/"\n$/);

/** Butane's gzip rule for a content, from the lengths of its two candidate URLs. */
const gzipWins = (text: string) => `;base64,${gzipContents(Buffer.from(text)).toString('base64')}`.length + 4 < `,${escapeDataUrlBytes(Buffer.from(text))}`.length;

/**
 * The Ignition config Butane makes of a lacave FCOS node, built by hand from the Butane fcos
 * 1.5.0 spec: Ignition 3.4.0; Go field order (overwrite, path, contents, mode); modes 0644 → 420
 * and 0600 → 384; inline contents → data URL with an explicit compression. The gzip'd sources
 * are compared by what they decode to (compressed by Node's zlib, not Go: equal in content).
 */
function expectedFcosIgnition(node: string, iface: string, ip: string) {
  // gzip header of Node's zlib: 1f 8b 08 00, mtime 0, XFL 2 (best compression), OS byte.
  const gz = expect.stringMatching(/^data:;base64,H4sIAAAAAAAC/);
  return {
    config: {
      ignition: { version: '3.4.0' },
      passwd: { users: [{ name: 'root', sshAuthorizedKeys: [KEY] }] },
      storage: {
        files: [
          { overwrite: true, path: '/etc/hostname', contents: { compression: '', source: `data:,${node}%0A` }, mode: 420 },
          { overwrite: true, path: `/etc/NetworkManager/system-connections/${iface}.nmconnection`, contents: { compression: 'gzip', source: gz }, mode: 384 },
          { path: '/etc/pki/ca-trust/source/anchors/lacave-root.pem', contents: { compression: 'gzip', source: gz }, mode: 420 },
          { path: '/etc/kubernetes/ssl/lacave-root.pem', contents: { compression: 'gzip', source: gz }, mode: 420 },
          { path: '/etc/zincati/config.d/55-updates-strategy.toml', contents: { compression: 'gzip', source: gz }, mode: 420 },
        ],
      },
    },
    decoded: [`${node}\n`, nmKeyfile(iface, ip), PEM, PEM, ZINCATI_FLEET_LOCK],
  };
}

describe('lacave: fcc/', () => {
  const files = render(lacave);

  test('four .fcc/.ign pairs and INSTALL.md, nothing else', () => {
    expect([...files.keys()].sort()).toEqual(['fcc/INSTALL.md', ...['kube01', 'kube02', 'kube03', 'kube04'].flatMap((n) => [`fcc/${n}.fcc`, `fcc/${n}.ign`])].sort());
  });

  test.each([
    ['kube01', 'eth0', '192.168.1.21'],
    ['kube04', 'enp3s0', '192.168.1.24'],
  ])('golden: %s.ign is the hand-made Ignition config', (node, iface, ip) => {
    const ign = JSON.parse(content(files, `fcc/${node}.ign`)) as Ignition3Config;
    const expected = expectedFcosIgnition(node, iface, ip);
    expect(ign).toEqual(expected.config);
    const decoded = ign.storage!.files!.map((f) => decodeDataUrl(f.contents!.source!, f.contents!.compression));
    expect(decoded).toEqual(expected.decoded);
    // Butane gzips exactly the contents whose gzip'd URL is shorter by more than "gzip".
    expect(decoded.map(gzipWins)).toEqual([false, true, true, true, true]);
  });

  test('golden: kube04.fcc is the hand-made Butane config (hostname kube04, not the seed\'s kube01)', () => {
    expect(parseYaml(content(files, 'fcc/kube04.fcc'))).toEqual({
      variant: 'fcos',
      version: '1.5.0',
      passwd: { users: [{ name: 'root', ssh_authorized_keys: [KEY] }] },
      storage: {
        files: [
          { path: '/etc/hostname', mode: 0o644, overwrite: true, contents: { inline: 'kube04\n' } },
          { path: '/etc/NetworkManager/system-connections/enp3s0.nmconnection', mode: 0o600, overwrite: true, contents: { inline: nmKeyfile('enp3s0', '192.168.1.24') } },
          { path: '/etc/pki/ca-trust/source/anchors/lacave-root.pem', mode: 0o644, contents: { inline: PEM } },
          { path: '/etc/kubernetes/ssl/lacave-root.pem', mode: 0o644, contents: { inline: PEM } },
          { path: '/etc/zincati/config.d/55-updates-strategy.toml', mode: 0o644, contents: { inline: ZINCATI_FLEET_LOCK } },
        ],
      },
    });
    expect(content(files, 'fcc/kube04.fcc')).toMatch(/mode: 0o600\n/);
  });

  test.each(lacave.nodes.map((n) => n.name))('%s.fcc read back and translated gives the same .ign, byte for byte', (node) => {
    const butane = parseYaml(content(files, `fcc/${node}.fcc`));
    expect(ignitionToJson(butaneToIgnition(butane))).toBe(content(files, `fcc/${node}.ign`));
  });

  test.each(lacave.nodes.map((n) => n.name))('%s.ign is valid for the official Ignition 3.4 schema, with no unknown key', (node) => {
    const ign = JSON.parse(content(files, `fcc/${node}.ign`));
    expect(ign.ignition.version).toBe('3.4.0');
    if (!officialSchemas('the .ign files against the official Ignition schemas')) return;
    expect(schemaErrors(ign)).toEqual([]);
    expect(unknownKeys(ignitionSchema('3.4.0'), ign)).toEqual([]);
  });

  test('ignition-validate accepts every .ign without a warning (what butane --strict requires)', () => {
    if (!requireTool('ignition-validate', 'the .ign files against Ignition itself')) return;
    for (const node of lacave.nodes) expect(ignitionValidate(content(files, `fcc/${node.name}.ign`))).toEqual({ ok: true, output: '' });
  });

  test('the checks can fail: a misspelt key, a relative path', () => {
    const ign = JSON.parse(content(files, 'fcc/kube01.ign'));
    ign.storage.files[0].overwite = true;
    const schemas = officialSchemas('a broken .ign against the official Ignition schemas');
    if (schemas) expect(unknownKeys(ignitionSchema('3.4.0'), ign)).toEqual(['.storage.files[0].overwite']);
    ign.storage.files[0].path = 'etc/hostname';
    if (requireTool('ignition-validate', 'a broken .ign')) expect(ignitionValidate(JSON.stringify(ign)).ok).toBe(false);
    if (schemas) expect(schemaErrors({ ...ign, storage: { files: [{ path: 1 }] } })).not.toEqual([]);
  });

  test('hostnames are unique and equal to the node names; each node has its own address', () => {
    const decoded = lacave.nodes.map((n) => {
      const ign = JSON.parse(content(files, `fcc/${n.name}.ign`)) as Ignition3Config;
      const get = (suffix: string) => ign.storage!.files!.find((f) => f.path.endsWith(suffix))!;
      const nm = get('.nmconnection');
      return { name: n.name, hostname: decodeDataUrl(get('/etc/hostname').contents!.source!), network: decodeDataUrl(nm.contents!.source!, nm.contents!.compression) };
    });
    expect(decoded.map((d) => d.hostname.trim())).toEqual(decoded.map((d) => d.name));
    expect(new Set(decoded.map((d) => d.hostname)).size).toBe(decoded.length);
    lacave.nodes.forEach((n, i) => expect(decoded[i].network).toBe(nmKeyfile(n.interface, n.ip)));
  });

  test('the root CA lands where Kubespray\'s kube_oidc_ca_file points', () => {
    const ign = JSON.parse(content(files, 'fcc/kube02.ign')) as Ignition3Config;
    expect(ign.storage!.files!.map((f) => f.path)).toContain(lacave.names.rootCaPathOnNodes);
  });

  test('INSTALL.md gives the seed\'s own command for every node', () => {
    const guide = content(files, 'fcc/INSTALL.md');
    for (const n of ['kube01', 'kube02', 'kube03', 'kube04']) {
      expect(guide).toContain(`sudo coreos-installer install /dev/sda --ignition-url http://elrond.lacave/kubernetes/${n}.ign --insecure-ignition\n`);
    }
    expect(guide).toMatch(/--ignition-hash sha512-[0-9a-f]{128}/);
  });
});

describe('a cluster with a Flatcar node', () => {
  const model = validateSpec(
    lacaveWith((s) => {
      s.nodes[3].os = 'flatcar';
      s.nodes[3].installDisk = '/dev/nvme0n1';
      s.install.flatcarLegacyIgnition = true;
      s.install.ignitionBaseUrl = 'https://elrond.lacave/kubernetes/';
    }),
  );
  const files = render(model);
  const networkd = '[Match]\nName=enp3s0\n\n[Network]\nAddress=192.168.1.24/24\nGateway=192.168.1.1\nDNS=192.168.1.10\nDomains=lacave\n';

  test('kube04.fcc is Butane flatcar 1.0.0 and kube04.ign Ignition 3.3.0, schema- and ignition-validate-clean', () => {
    const butane = parseYaml(content(files, 'fcc/kube04.fcc'));
    expect([butane.variant, butane.version]).toEqual(['flatcar', '1.0.0']);
    const ign = JSON.parse(content(files, 'fcc/kube04.ign')) as Ignition3Config;
    expect(ign.ignition.version).toBe('3.3.0');
    if (officialSchemas('the Flatcar .ign against the official Ignition schemas')) {
      expect(schemaErrors(ign)).toEqual([]);
      expect(unknownKeys(ignitionSchema('3.3.0'), ign)).toEqual([]);
    }
    if (requireTool('ignition-validate', 'the Flatcar .ign against Ignition itself')) expect(ignitionValidate(content(files, 'fcc/kube04.ign'))).toEqual({ ok: true, output: '' });
  });

  test('the Flatcar node gets a networkd unit, the CA in /etc/ssl/certs and a unit that rehashes it', () => {
    const ign = JSON.parse(content(files, 'fcc/kube04.ign')) as Ignition3Config;
    const byPath = new Map(ign.storage!.files!.map((f) => [f.path, decodeDataUrl(f.contents!.source!, f.contents!.compression)]));
    expect(byPath.get('/etc/systemd/network/00-enp3s0.network')).toBe(networkd);
    expect(byPath.get('/etc/ssl/certs/lacave-root.pem')).toBe(PEM);
    expect(byPath.get('/etc/kubernetes/ssl/lacave-root.pem')).toBe(PEM);
    expect([...byPath.keys()].some((p) => p.includes('NetworkManager'))).toBe(false);
    const unit = ign.systemd!.units!.find((u) => u.name === 'lacave-root-ca-trust.service')!;
    expect(unit.enabled).toBe(true);
    expect(unit.contents).toMatch(/^ExecStart=\/usr\/sbin\/update-ca-certificates$/m);
    expect(unit.contents).toMatch(/^ConditionPathExists=\/etc\/ssl\/certs\/lacave-root.pem$/m);
    expect(unit.contents).toMatch(/\[Install\]\nWantedBy=multi-user.target\n/);
  });

  test('the opt-in kube04-ignition.json is Ignition 2.2.0 in the shape of seed 001', () => {
    const legacy = JSON.parse(content(files, 'fcc/kube04-ignition.json')) as Ignition22Config;
    expect(Object.keys(legacy)).toEqual(['ignition', 'networkd', 'passwd', 'storage', 'systemd']);
    expect(legacy.ignition).toEqual({ version: '2.2.0' });
    expect(legacy.networkd).toEqual({ units: [{ contents: networkd, name: '00-enp3s0.network' }] });
    expect(legacy.passwd).toEqual({ users: [{ name: 'root', sshAuthorizedKeys: [KEY] }] });
    expect(legacy.storage!.files.map((f) => [f.filesystem, f.path, f.mode])).toEqual([
      ['root', '/etc/hostname', 420],
      ['root', '/etc/ssl/certs/lacave-root.pem', 420],
      ['root', '/etc/kubernetes/ssl/lacave-root.pem', 420],
    ]);
    expect(legacy.storage!.files[0].contents.source).toBe('data:,kube04%0A');
    expect(legacy.storage!.files.map((f) => decodeDataUrl(f.contents.source))).toEqual(['kube04\n', PEM, PEM]);
    expect(legacy.systemd!.units.map((u) => [u.name, u.mask])).toEqual([
      ['lacave-root-ca-trust.service', undefined],
      // The Flatcar update operator reboots the node; locksmithd would reboot it on its own.
      ['locksmithd.service', true],
    ]);
    // Only Flatcar nodes get one.
    expect(files.has('fcc/kube01-ignition.json')).toBe(false);
  });

  test('INSTALL.md: flatcar-install on the node\'s own disk, no --insecure-ignition over https', () => {
    const guide = content(files, 'fcc/INSTALL.md');
    expect(guide).toContain('curl -fsSL -o kube04.ign https://elrond.lacave/kubernetes/kube04.ign\nsudo flatcar-install -d /dev/nvme0n1 -i kube04.ign\n');
    expect(guide).toContain('sudo coreos-installer install /dev/sda --ignition-url https://elrond.lacave/kubernetes/kube01.ign\n');
    expect(guide).not.toContain('--insecure-ignition');
    expect(guide).toContain('kube04-ignition.json');
  });

  test('no legacy file unless asked for', () => {
    const plain = render(validateSpec(lacaveWith((s) => (s.nodes[3].os = 'flatcar'))));
    expect([...plain.keys()].filter((p) => p.endsWith('-ignition.json'))).toEqual([]);
  });
});

test('a cluster without a PKI gets no CA files', () => {
  const model = validateSpec(lacaveWith((s) => delete s.pki));
  const ign = JSON.parse(content(render(model), 'fcc/kube01.ign')) as Ignition3Config;
  expect(ign.storage!.files!.map((f) => f.path)).toEqual(['/etc/hostname', '/etc/NetworkManager/system-connections/eth0.nmconnection', '/etc/zincati/config.d/55-updates-strategy.toml']);
});
