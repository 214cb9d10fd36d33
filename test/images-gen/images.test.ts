/**
 * `dist/<cluster>/images.txt` lists every image the platform runs: every `image:` of the
 * manifests (read here from the YAML text, not with the generator's walk), every container
 * image of the enabled operator bundles and the charts' default images; sorted, deterministic.
 */
import * as fs from 'fs';
import * as path from 'path';
import { platformHelmReleases } from '../../charts';
import { operatorReleases } from '../../charts/operators';
import type { BundleFacts } from '../../scripts/upstream/bundles';
import { PROJECT_ROOT } from '../../output/project-root';
import { render } from '../helpers/render';
import { lacaveWith } from '../helpers/specs';

const lacave = render(lacaveWith(() => undefined));
const listed = (files: Record<string, string>) => files['images.txt'].split('\n').filter((l) => l && !l.startsWith('#'));

describe('images.txt', () => {
  const images = listed(lacave.files);

  test('lists every image found in manifests/', () => {
    const inManifests = new Set<string>();
    for (const [p, content] of Object.entries(lacave.files)) {
      if (!p.startsWith('manifests/')) continue;
      for (const m of content.matchAll(/^\s*(?:-\s+)?image:\s*["']?([^\s"']+)["']?\s*$/gm)) inManifests.add(m[1]);
    }
    expect(inManifests.size).toBeGreaterThan(3);
    expect([...inManifests].filter((i) => !images.includes(i))).toEqual([]);
  });

  test("lists every container image of the enabled operator bundles", () => {
    const fromBundles = operatorReleases(lacave.model).flatMap((r) => {
      const f = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'upstream', 'bundles', `${r.name}.json`), 'utf8')) as BundleFacts;
      return f.resources.flatMap((res) => (res.objects ?? []).flatMap((o) => (o.containers ?? []).map((c) => c.image)));
    });
    expect(fromBundles.length).toBeGreaterThanOrEqual(3);
    expect(fromBundles.filter((i) => !images.includes(i))).toEqual([]);
  });

  test("lists the charts' images, our overrides applied, switched-off sections left out", () => {
    const mongo = platformHelmReleases(lacave.model).find((r) => r.chart === 'mongodb');
    if (mongo) {
      expect(images.some((i) => i.startsWith('docker.io/bitnamilegacy/mongodb:'))).toBe(true);
      expect(images.some((i) => i.startsWith('docker.io/bitnami/mongodb:'))).toBe(false); // overridden
      expect(images.some((i) => i.includes('bitnami/mongodb-exporter'))).toBe(false); // metrics.enabled: false
    }
    expect(images).toContain('quay.io/prometheus-operator/prometheus-operator:v0.93.0');
    expect(images.some((i) => i.startsWith('docker.io/grafana/grafana:'))).toBe(true); // sub-chart
  });

  test('sorted, unique, deterministic; a switched-off component takes its images away', () => {
    expect(images).toEqual([...new Set(images)].sort());
    expect(render(lacaveWith(() => undefined)).files['images.txt']).toBe(lacave.files['images.txt']);
    const withoutMonitoring = listed(render(lacaveWith((s) => (s.components = { ...s.components, monitoring: { enabled: false } }))).files);
    expect(withoutMonitoring.some((i) => i.includes('prometheus-operator'))).toBe(false);
  });
});
