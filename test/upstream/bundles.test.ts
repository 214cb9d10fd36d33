/**
 * `operators/` checked offline against the committed facts of the upstream bundles
 * (upstream/bundles/, derived by `npm run derive-upstream` from the releases at their tags):
 * every resource has facts of its pinned release, every kustomize patch hits an object the bundle
 * creates (kind, namespace, name, containers, ConfigMap keys), and no object — Namespace
 * included — is written by two sources (our manifests and operators files, or two bundles).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { versions } from '../../clusters/model/versions';
import { operatorReleases } from '../../charts/operators';
import { bundleFile, bundleSources, deriveBundle, renderBundleFacts, type BundleFacts, type BundleObject } from '../../scripts/upstream/bundles';
import { defaultLocations } from '../../scripts/upstream/inputs';
import { PROJECT_ROOT } from '../../output/project-root';
import { parseYamlStream, render } from '../helpers/render';
import { lacaveWith } from '../helpers/specs';

const DIR = path.join(PROJECT_ROOT, 'upstream', 'bundles');
const facts = new Map(bundleSources().map((s) => [s.name, JSON.parse(fs.readFileSync(path.join(DIR, bundleFile(s.name)), 'utf8')) as BundleFacts]));

/** lacave, and lacave with every option that adds an operator patch. */
const variants = {
  lacave: render(lacaveWith(() => undefined)),
  'lacave, every disk an OSD': render(lacaveWith((s) => (s.components = { ...s.components, rookCeph: { ...(s.components?.rookCeph ?? {}), useAllDevices: true } }))),
};

const key = (o: { apiVersion: string; kind: string; namespace?: string; name: string }) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind} ${o.namespace ?? ''}/${o.name}`.replace(/^\//, 'core/');

describe('bundle facts agree with the versions module and the operators kustomization', () => {
  test('every facts file belongs to a release of bundleSources() (npm run derive-upstream removes the others)', () => {
    expect(fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()).toEqual(bundleSources().map((s) => bundleFile(s.name)).sort());
  });

  test('every release records the version the versions module pins', () => {
    for (const [name, f] of facts) expect({ name, release: f.release }).toEqual({ name, release: (versions as Record<string, unknown>)[f.versionKey] });
  });

  test.each(Object.keys(variants))('every resource of %s has facts, derived or explicitly unavailable', (v) => {
    const { model } = variants[v as keyof typeof variants];
    for (const r of operatorReleases(model)) {
      const f = facts.get(r.name);
      expect({ release: r.name, hasFacts: f !== undefined }).toEqual({ release: r.name, hasFacts: true });
      expect(f!.resources.map((x) => x.url)).toEqual(r.resources);
    }
  });
});

describe('bundle facts are not stale', () => {
  // Re-derived from the git mirrors when they are here; a release whose repository is not is skipped with a notice.
  test.each(bundleSources().map((s) => [s.name, s] as const))('%s', (name, source) => {
    const d = deriveBundle(source, defaultLocations());
    if (d.unreachable.length) {
      console.warn(`SKIPPED staleness of upstream/bundles/${name}: not reachable here: ${d.unreachable.join(', ')}`);
      return;
    }
    if (renderBundleFacts(d.facts) !== fs.readFileSync(path.join(DIR, bundleFile(name)), 'utf8')) throw new Error(`upstream/bundles/${bundleFile(name)} is stale: run npm run derive-upstream`);
  }, 60000);
});

/** Objects of the enabled releases, with the release they come from; resources without facts listed apart. */
function bundleObjectsOf(model: Parameters<typeof operatorReleases>[0]): { objects: Array<BundleObject & { release: string }>; unavailable: string[] } {
  const objects: Array<BundleObject & { release: string }> = [];
  const unavailable: string[] = [];
  for (const r of operatorReleases(model)) {
    for (const res of facts.get(r.name)?.resources ?? []) {
      if (!res.objects) unavailable.push(res.url);
      for (const o of res.objects ?? []) objects.push({ ...o, release: r.name });
    }
  }
  return { objects, unavailable };
}

describe.each(Object.keys(variants))('operators of %s', (v) => {
  const { model, output } = variants[v as keyof typeof variants];
  const files = new Map(output.map((f) => [f.path, f.content]));
  const { objects } = bundleObjectsOf(model);

  test('every patch hits an object the bundle creates: kind, namespace, name, containers, ConfigMap keys', () => {
    const kustomization = parse(files.get('operators/kustomization.yaml')!) as { patches?: Array<{ path: string }> };
    const misses: string[] = [];
    for (const p of kustomization.patches ?? []) {
      const patch = parse(files.get(`operators/${p.path}`)!) as any;
      const target = objects.find((o) => o.kind === patch.kind && o.name === patch.metadata?.name && (o.namespace ?? undefined) === (patch.metadata?.namespace ?? undefined));
      if (!target) {
        misses.push(`${p.path}: no ${patch.kind} ${patch.metadata?.namespace}/${patch.metadata?.name} in the bundles`);
        continue;
      }
      const pod = patch.spec?.template?.spec ?? {};
      for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
        if (!target.containers?.some((t) => t.name === c.name)) misses.push(`${p.path}: ${target.kind} ${target.name} has no container ${c.name} (has ${target.containers?.map((t) => t.name).join(', ')})`);
      }
      for (const k of Object.keys(patch.data ?? {})) if (!target.dataKeys?.includes(k)) misses.push(`${p.path}: ConfigMap ${target.name} has no key ${k}: a typo is ignored silently`);
    }
    expect(misses).toEqual([]);
  });

  test('no object, Namespace included, is written by two sources', () => {
    const ours = [...files]
      .filter(([p]) => p.startsWith('manifests/') || p === 'operators/namespaces.yaml' || /^operators\/.*\.yaml$/.test(p) && !p.includes('kustomization') && !p.includes('/patches/'))
      .flatMap(([p, content]) => (parseYamlStream(content) as any[]).map((o) => ({ source: p, key: key({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata?.namespace, name: o.metadata?.name }) })));
    const writers = new Map<string, string[]>();
    for (const o of ours) writers.set(o.key, [...(writers.get(o.key) ?? []), o.source]);
    for (const o of objects) writers.set(key(o), [...(writers.get(key(o)) ?? []), `bundle ${o.release}`]);
    const twice = [...writers].filter(([, w]) => w.length > 1).map(([k, w]) => `${k}: ${w.join(' and ')}`);
    expect(twice).toEqual([]);
  });
});
