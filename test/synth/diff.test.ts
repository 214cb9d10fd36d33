import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, parseArgs, synth } from '../../synth/cli';
import { diffOutput } from '../../synth/diff';
import * as render from '../../synth/render';
import { toYamlStream } from '../../output/serialize';
import { readTree } from '../helpers/tree';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'diff-test-'));

/** Every file below `dir` (none when it does not exist). */
const snapshot = (dir: string) => (fs.existsSync(dir) ? readTree(dir) : {});

const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'apps' }, data });

describe('diffOutput', () => {
  test('objects added, removed, changed and moved by kind/namespace/name; other files by content and mode', () => {
    const before = [
      { path: 'manifests/10-a.yaml', content: toYamlStream([cm('keep', { a: '1' }), cm('change', { a: '1' }), cm('gone', {}), cm('move', {})]) },
      { path: 'inventory/inventory.ini', content: '[all]\nkube01\n' },
      { path: 'deploy.sh', content: '#!/bin/sh\n', mode: 0o644 },
      { path: 'fcc/old.ign', content: '{}' },
    ];
    const after = [
      { path: 'manifests/10-a.yaml', content: toYamlStream([cm('keep', { a: '1' }), cm('change', { a: '2' }), cm('new', {})]) },
      { path: 'manifests/20-b.yaml', content: toYamlStream([cm('move', {})]) },
      { path: 'inventory/inventory.ini', content: '[all]\nkube01\nkube02\n' },
      { path: 'deploy.sh', content: '#!/bin/sh\n', mode: 0o755 },
      { path: 'dns/x.zone', content: '' },
    ];
    expect(diffOutput(before, after).map((c) => `${c.change} ${c.what}`)).toEqual([
      '~ ConfigMap apps/change (manifests/10-a.yaml)',
      '+ ConfigMap apps/new (manifests/10-a.yaml)',
      '~ ConfigMap apps/move (manifests/20-b.yaml): moved from manifests/10-a.yaml',
      '- ConfigMap apps/gone (manifests/10-a.yaml)',
      '+ file manifests/20-b.yaml',
      '~ file inventory/inventory.ini',
      '~ file deploy.sh (mode)',
      '+ file dns/x.zone',
      '- file fcc/old.ign',
    ]);
  });

  test('a manifest with the same objects in another layout is a file change only', () => {
    const a = [{ path: 'manifests/10-a.yaml', content: toYamlStream([cm('x', { a: '1' })]) }];
    const b = [{ path: 'manifests/10-a.yaml', content: `# comment\n${a[0].content}` }];
    expect(diffOutput(a, b)).toEqual([{ change: '~', what: 'file manifests/10-a.yaml (same objects, different text)' }]);
    expect(diffOutput(a, a)).toEqual([]);
  });
});

describe('npm run synth -- --diff', () => {
  test('parses --diff, --no-validate and --crds', () => {
    expect(parseArgs(['--diff', '--no-validate', '--crds', 'x', '--crds=y'], 'dist')).toEqual({ clusters: [], outDir: 'dist', validate: false, diff: true, crdPaths: ['x', 'y'] });
    expect(() => parseArgs(['--bogus'], 'dist')).toThrow(/usage: synth .*--diff/);
  });

  test('lists everything on a first run, nothing after a synth, and the change after an edit, writing nothing', () => {
    const out = tmp();
    const first = synth({ clusters: ['lacave'], outDir: out, diff: true });
    expect(first[0]).toMatch(/^lacave: \d+ changes in .* \(nothing written\)$/);
    expect(first).toContain('  + file manifests/70-tenants.yaml');
    expect(first).toContain('  + RoleBinding default/oidc-namespace-admin (manifests/70-tenants.yaml)');
    expect(fs.existsSync(path.join(out, 'lacave'))).toBe(false);

    synth({ clusters: ['lacave'], outDir: out });
    const written = snapshot(path.join(out, 'lacave'));
    expect(synth({ clusters: ['lacave'], outDir: out, diff: true })).toEqual([`lacave: no change in ${path.join(out, 'lacave')}/ (nothing written)`]);

    // an admin edits an object and deletes a file by hand; files synth did not create are not "removed"
    const tenants = path.join(out, 'lacave', 'manifests', '70-tenants.yaml');
    fs.writeFileSync(tenants, fs.readFileSync(tenants, 'utf8').replace('name: oidc-namespace-view', 'name: oidc-namespace-viewer'));
    fs.rmSync(path.join(out, 'lacave', 'deploy.sh'));
    fs.mkdirSync(path.join(out, 'lacave', 'inventory', 'credentials'), { recursive: true });
    fs.writeFileSync(path.join(out, 'lacave', 'inventory', 'credentials', 'x.creds'), 'secret\n');
    const before = snapshot(path.join(out, 'lacave'));
    expect(synth({ clusters: ['lacave'], outDir: out, diff: true })).toEqual([
      `lacave: 3 changes in ${path.join(out, 'lacave')}/ (nothing written)`,
      '  + RoleBinding default/oidc-namespace-view (manifests/70-tenants.yaml)',
      '  - RoleBinding default/oidc-namespace-viewer (manifests/70-tenants.yaml)',
      '  + file deploy.sh',
    ]);
    expect(snapshot(path.join(out, 'lacave'))).toEqual(before);
    expect(Object.keys(written).length).toBeGreaterThan(3);
  });
});

describe('validation at the end of synth', () => {
  afterEach(() => jest.restoreAllMocks());

  /** Makes the lacave output carry a container on an unpinned image. */
  function injectBadManifest() {
    const real = render.renderCluster;
    jest.spyOn(render, 'renderCluster').mockImplementation((model) => {
      const output = real(model);
      const bad = { path: 'manifests/99-bad.yaml', content: toYamlStream([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }]) };
      return { ...output, files: [...output.files, bad] };
    });
  }

  test('problems stop synth before anything is written, with one line per problem', () => {
    injectBadManifest();
    const out = tmp();
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((m) => void errors.push(String(m)));
    expect(main(['--cluster', 'lacave', '--out', out])).toBe(1);
    expect(errors.join('\n').split('\n')).toEqual([
      'lacave: manifests/99-bad.yaml: Pod default/p: [policy] spec.containers[0] (c): image busybox has no tag (means latest): pin a version',
      'lacave: manifests/99-bad.yaml: Pod default/p: [policy] spec.containers[0] (c): no requests.cpu, requests.memory, limits.cpu, limits.memory: every container we author states its requests and limits',
      expect.stringMatching(/^lacave: 2 problems \(2 policy\) in \d+ objects of \d+ files$/),
      'nothing was written (npm run synth -- --no-validate writes anyway)',
    ]);
    expect(fs.existsSync(path.join(out, 'lacave'))).toBe(false);
  });

  test('--no-validate writes anyway', () => {
    injectBadManifest();
    const out = tmp();
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(main(['--cluster', 'lacave', '--out', out, '--no-validate'])).toBe(0);
    expect(fs.existsSync(path.join(out, 'lacave', 'manifests', '99-bad.yaml'))).toBe(true);
  });

  test('a valid output says so', () => {
    const lines = synth({ clusters: ['lacave'], outDir: tmp() });
    expect(lines).toContainEqual(expect.stringMatching(/^lacave: \d+ objects in \d+ files valid \(schemas: kubernetes-models@5\.1\.0 \+ CRDs, strict; references; policy\)$/));
  });
});
