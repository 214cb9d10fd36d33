import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { images, versions } from '../../clusters/model/versions';
import { imageTag, kubernetesSupportLine, pinnedComponents, supportStatus, supportTableProblems } from '../../clusters/model/support';
import { runVersions } from '../../synth/versions-cli';
import { supportWarnings, synth } from '../../synth/cli';

const ROOT = path.resolve(__dirname, '..', '..');
const runCli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'versions.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('support table (clusters/model/support.ts)', () => {
  test('every pin of the versions module has an entry for its current version, and every entry names a pin', () => {
    expect(supportTableProblems()).toEqual([]);
  });

  test('the pins are every versions entry and every image not tagged by the versions entry of its name', () => {
    const names = pinnedComponents().map((p) => p.name);
    for (const key of Object.keys(versions)) expect(names).toContain(`versions.${key}`);
    for (const [key, image] of Object.entries(images)) {
      const own = (versions as Record<string, unknown>)[key];
      expect(names.includes(`images.${key}`)).toBe(own === undefined || String(own) !== imageTag(image));
    }
  });

  test('a missing entry, an entry naming no pin and a stale version are each reported', () => {
    const pins = [
      { name: 'versions.a', version: 'v1' },
      { name: 'versions.b', version: 'v2' },
    ];
    const entry = supportStatus['versions.certManager'];
    const problems = supportTableProblems(pins, { 'versions.b': { ...entry, version: 'v1' }, 'versions.gone': entry });
    expect(problems).toEqual([
      expect.stringMatching(/^versions\.a \(v1\) has no support entry/),
      expect.stringMatching(/^versions\.b is v2 but its support entry was assessed for v1/),
      expect.stringMatching(/^support entry versions\.gone names no pin/),
    ]);
  });

  test('image tags are read after the last colon of the name, digests ignored', () => {
    expect(imageTag('quay.io/ceph/ceph:v20.2.4')).toBe('v20.2.4');
    expect(imageTag('localhost:5000/x/y:1.2')).toBe('1.2');
    expect(imageTag('localhost:5000/x/y')).toBe('');
    expect(imageTag('r.io/x:1.0@sha256:abc')).toBe('1.0');
  });

  test('every entry cites an https source, a real end date and the day it was read', () => {
    for (const [name, e] of Object.entries(supportStatus)) {
      expect([name, e.source]).toEqual([name, expect.stringMatching(/^https:\/\/\S+/)]);
      expect([name, new Date(`${e.endOfSupport}T00:00:00Z`).toISOString().slice(0, 10)]).toEqual([name, e.endOfSupport]);
      expect([name, e.asOf]).toEqual([name, expect.stringMatching(/^\d{4}-\d{2}-\d{2}\b/)]);
    }
  });
});

describe('npm run versions', () => {
  const pinCount = pinnedComponents().length;

  test('prints one row per pin with its version, end of support and source, and exits 0', () => {
    const r = runCli();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(pinCount + 1);
    for (const pin of pinnedComponents()) {
      const row = rows.find((l) => l.startsWith(`${pin.name} `));
      expect(row).toBeDefined();
      expect(row).toContain(` ${pin.version} `);
      expect(row).toContain(supportStatus[pin.name].source);
      expect(row).toContain(supportStatus[pin.name].endOfSupport);
    }
  });

  test('--check on a day before every end of support exits 0', () => {
    const r = runCli('--check', '--date', '2020-01-01');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('every pinned component is supported on 2020-01-01');
    expect(r.status).toBe(0);
  });

  test('--check on a far-future day exits 1 and names every component', () => {
    const r = runCli('--check', '--date=2099-01-01');
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(pinCount + 1);
    for (const pin of pinnedComponents()) expect(lines.some((l) => l.startsWith(`${pin.name} `) && l.includes('past support on 2099-01-01'))).toBe(true);
    expect(lines[lines.length - 1]).toBe(`${pinCount} components past support on 2099-01-01`);
  });

  test('--check names exactly the components whose end of support is on or before the day', () => {
    // The earliest end of support of the table: at least one entry is past support that day.
    const day = Object.values(supportStatus).map((e) => e.endOfSupport).sort()[0];
    const expected = Object.entries(supportStatus).filter(([, e]) => e.endOfSupport <= day).map(([n]) => n).sort();
    expect(expected.length).toBeGreaterThan(0);
    const r = runVersions(['--check', '--date', day]);
    const named = r.err.filter((l) => l.includes(`: past support on ${day}`)).map((l) => l.split(' ')[0]).sort();
    expect(named).toEqual(expected);
    expect(r.code).toBe(1);
    // The day before the earliest of them, none is named for that one.
    const [earliestName, earliest] = Object.entries(supportStatus).sort(([, a], [, b]) => a.endOfSupport.localeCompare(b.endOfSupport))[0];
    const dayBefore = new Date(Date.parse(`${earliest.endOfSupport}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const r2 = runVersions(['--check', '--date', dayBefore]);
    expect(r2.err.some((l) => l.startsWith(`${earliestName} `))).toBe(false);
  });

  test('--check without --date judges today (UTC)', () => {
    const r = runVersions(['--check'], '2031-05-06');
    expect(r.out[0]).toContain('on 2031-05-06');
    expect(runVersions(['--check'], '2020-01-01').code).toBe(0);
  });

  test('a bad date or argument exits 2 with the usage', () => {
    for (const args of [['--date', '2026-02-30'], ['--date'], ['--date', '01/12/2026'], ['--bogus']]) {
      const r = runCli(...args);
      expect([args, r.status]).toEqual([args, 2]);
      expect(r.stderr).toContain('usage: versions [--check] [--date YYYY-MM-DD]');
      expect(r.stdout).toBe('');
    }
  });
});

describe('npm run synth warns about components past support', () => {
  test('one warning line per component past support on the day, none before', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'versions-synth-'));
    const late = synth({ clusters: ['lacave'], outDir: out, validate: false, supportDate: '2099-01-01' }).filter((l) => l.startsWith('warning: '));
    // One per pin, and lacave's Kubernetes (1.35: patches end 2027-02-28).
    expect(late).toHaveLength(pinnedComponents().length + 1);
    expect(late).toContain('warning: lacave: Kubernetes 1.35.4: past support on 2099-01-01 (1.35 patches ended 2027-02-28; https://kubernetes.io/releases/patch-releases/)');
    for (const pin of pinnedComponents()) expect(late.filter((l) => l.startsWith(`warning: ${pin.name} `))).toHaveLength(1);
    expect(supportWarnings('2020-01-01')).toEqual([]);
    expect(kubernetesSupportLine('x', '1.35.4', '2027-02-27')).toBeUndefined();
    expect(kubernetesSupportLine('x', 'v1.33.2', '2026-11-29')).toMatch(/^x: Kubernetes v1\.33\.2: past support on 2026-11-29 \(1\.33 patches ended 2026-06-28/);
    expect(kubernetesSupportLine('x', '1.99.0', '2020-01-01')).toMatch(/no end of support recorded for 1\.99/);
  });
});
