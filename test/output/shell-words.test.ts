/**
 * Nothing from a spec runs in a shell line. Values with shell syntax are refused
 * by the spec rules (field, value and fix named); the values that stay legal are quoted by the
 * one helper (output/shell.ts), and the documented commands of fcc/INSTALL.md, run through bash
 * with the programs replaced by stubs that print their arguments, receive them verbatim.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { specIssues } from '../../clusters/model';
import { shellCommand, shellPathUnder, shellQuote } from '../../output/shell';
import { render } from '../helpers/render';
import { describeWithTool, toolAvailable } from '../helpers/require-tool';
import { lacaveWith } from '../helpers/specs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-words-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const marker = path.join(dir, 'pwned');
const payloads = [`$(touch ${marker})`, `\`touch ${marker}\``, `x; touch ${marker}`, `x' && touch '${marker}`, 'a b', 'x\ny', 'x\u0007', '-rf', '${HOME}'];

/** The spec issues for `path` when `set` puts `value` there (lacave otherwise). */
const issuesFor = (set: (s: any, v: string) => void, value: string) => specIssues(lacaveWith((s) => set(s, value)));

const fields: Array<[string, (s: any, v: string) => void, (v: string) => string]> = [
  ['install.ignitionBaseUrl', (s, v) => (s.install.ignitionBaseUrl = `http://elrond.lacave/${v}`), (v) => `http://elrond.lacave/${v}`],
  ['install.disk', (s, v) => (s.install.disk = `/dev/${v}`), (v) => `/dev/${v}`],
  ['nodes[0].installDisk', (s, v) => (s.nodes[0].installDisk = v), (v) => v],
  ['nodes[0].cephDisks[0]', (s, v) => (s.nodes[0].cephDisks = [v]), (v) => v],
  ['nodes[3].interface', (s, v) => (s.nodes[3].interface = v), (v) => v],
  ['pki.provisioningPath', (s, v) => (s.pki.provisioningPath = `/home/${v}`), (v) => `/home/${v}`],
];

describe('spec rules refuse shell syntax in URLs, paths, device and interface names', () => {
  test.each(fields.flatMap(([field, set, expectedValue]) => payloads.filter((p) => !(field === 'install.ignitionBaseUrl' && p === '-rf')).map((p) => [field, p, set, expectedValue] as const)))(
    '%s = %j is refused, naming the field, the value and the fix',
    (field, payload, set, expectedValue) => {
      const issues = issuesFor(set, payload).filter((i) => i.path === field);
      expect(issues).toHaveLength(1);
      expect(issues[0].value).toBe(expectedValue(payload));
      expect(issues[0].message).toMatch(/e\.g\. /);
    },
  );

  test('every bad field of one spec is reported at once', () => {
    const issues = specIssues(lacaveWith((s) => fields.forEach(([, set]) => set(s, payloads[0]))));
    expect(issues.map((i) => i.path).sort()).toEqual(fields.map(([f]) => f).sort());
  });

  test.each([
    ['ftp://elrond.lacave/kubernetes', /scheme "ftp"/],
    ['http://user:secret@elrond.lacave/kubernetes', /"@"/],
    ['http://elrond.lacave/kubernetes?x=1', /"\?"/],
    ['elrond.lacave/kubernetes', /not a URL/],
  ])('install.ignitionBaseUrl %j is refused', (url, message) => {
    const issues = specIssues(lacaveWith((s) => (s.install.ignitionBaseUrl = url))).filter((i) => i.path === 'install.ignitionBaseUrl');
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(message);
  });

  test('ordinary values stay legal: ports, ~user folders, %-escapes, by-id/by-path devices', () => {
    const spec = lacaveWith((s) => {
      s.install.ignitionBaseUrl = 'https://ign.example.org:8443/~admin/a,b=c+d%20e';
      s.install.disk = '/dev/disk/by-id/wwn-0x5000c500a1b2c3d4';
      s.nodes[0].installDisk = '/dev/disk/by-path/pci-0000:00:1f.2-ata-1';
      s.nodes[0].cephDisks = ['nvme0n1', '/dev/disk/by-id/nvme-Samsung_SSD_970_EVO_1TB_S467NX0M123456'];
      s.nodes[3].interface = 'enp3s0.100';
      s.pki.provisioningPath = '/srv/pki/lacave-2026_v1';
    });
    expect(specIssues(spec)).toEqual([]);
  });
});

describeWithTool('bash', 'the one quoting helper, judged by bash', () => {
  const words = [...payloads, "it's", '"double"', '*', '~', '!event', 'a\\b', '', 'plain', '--flag=value', '#comment', '{a,b}', '[x]', '&', '|', '<in', '>out'];
  const argsOf = (line: string, stubs: string) => {
    const r = spawnSync('bash', ['-c', `${stubs}\n${line}`], { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`bash failed on ${line}: ${r.stderr}`);
    return r.stdout.split('\0').slice(0, -1);
  };
  const PRINT_ARGS = "args() { printf '%s\\0' \"$@\"; }";

  test('every word comes back verbatim, nothing runs', () => {
    expect(argsOf(shellCommand(['args', ...words]), PRINT_ARGS)).toEqual(words);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('a path under $DIST expands the variable only', () => {
    const rel = 'manifests/$(touch x)/`y`/"z"\\.yaml';
    expect(argsOf(`DIST=/d; args ${shellPathUnder('DIST', rel)}`, PRINT_ARGS)).toEqual([`/d/${rel}`]);
  });

  test('words that need nothing stay bare (readable commands)', () => {
    expect(shellQuote('http://elrond.lacave/kubernetes/kube01.ign')).toBe('http://elrond.lacave/kubernetes/kube01.ign');
    expect(shellQuote('~admin')).toBe("'~admin'");
  });

  test("fcc/INSTALL.md: the documented commands, run with stub programs, receive the spec's values verbatim", () => {
    const base = 'https://ign.example.org:8443/~admin/a,b=c+d%20e';
    const disk = '/dev/disk/by-path/pci-0000:00:1f.2-ata-1';
    const r = render(
      lacaveWith((s) => {
        s.install.ignitionBaseUrl = base;
        s.install.flatcarLegacyIgnition = true;
        s.nodes[0].installDisk = disk;
        s.nodes[1].os = 'flatcar';
        s.nodes[1].installDisk = disk;
      }),
    );
    const guide = r.files['fcc/INSTALL.md'];
    const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    const inline = [...guide.matchAll(/`((?:curl|sudo (?:coreos-installer|flatcar-install)) [^`]*)`/g)].map((m) => m[1]);
    const stubs = ['sudo() { "$@"; }', ...['coreos-installer', 'flatcar-install', 'curl'].map((p) => `${p}() { printf '%s\\0' ${p} "$@"; }`)].join('\n');
    const script = [...blocks, ...inline].join('\n');
    const syntax = spawnSync('bash', ['-n', '-c', script], { encoding: 'utf8' });
    expect([syntax.status, syntax.stderr, script]).toEqual([0, '', script]);
    if (toolAvailable('shellcheck')) {
      const sc = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: `#!/bin/bash\n${script}`, encoding: 'utf8' });
      expect(sc.stdout).toBe('');
    }
    const printed = argsOf(script, stubs);
    expect(printed).toEqual(expect.arrayContaining([`${base}/kube01.ign`, disk, `${base}/kube02.ign`, `${base}/kube02-ignition.json`]));
    const kube01 = printed.indexOf('coreos-installer');
    expect(printed.slice(kube01, kube01 + 5)).toEqual(['coreos-installer', 'install', disk, '--ignition-url', `${base}/kube01.ign`]);
    expect(inline.length).toBeGreaterThanOrEqual(2); // the legacy Flatcar commands, in the text
    expect(fs.existsSync(marker)).toBe(false);
  });
});
