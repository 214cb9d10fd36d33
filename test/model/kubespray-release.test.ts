/**
 * The one Kubespray-release module: parsing, comparing, the catalogued range and what changes
 * between releases, checked against the release notes' facts (not against its own output); and
 * the split of the `extraVars` rules between the model and the inventory generator.
 */
import { writeFileSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { specIssues } from '../../clusters/model';
import {
  compareReleases,
  etcdDefaultsToDocker,
  groupNames,
  isCatalogued,
  knownRelease,
  kubeVersionFor,
  parseKubesprayRelease,
  releaseBefore,
  releaseBranch,
  usesLegacyGroupNames,
} from '../../clusters/model/kubespray-release';
import { loadClusters } from '../../synth/clusters';
import { lacaveWith } from '../helpers/specs';

describe('parse and compare', () => {
  test('a branch, a tag, with or without v; anything else is not a release', () => {
    expect(parseKubesprayRelease('v2.31')).toEqual({ major: 2, minor: 31 });
    expect(parseKubesprayRelease('2.31')).toEqual({ major: 2, minor: 31 });
    expect(parseKubesprayRelease('v2.14.2')).toEqual({ major: 2, minor: 14, patch: 2 });
    for (const bad of ['master', 'v2', 'v2.31.0-rc1', 'v2.x', '']) expect(parseKubesprayRelease(bad)).toBeUndefined();
    expect(() => knownRelease('master')).toThrow(/not a Kubespray release: master/);
    expect(['v2.31.2', '2.31', 'v2.14'].map((r) => releaseBranch(knownRelease(r)))).toEqual(['v2.31', 'v2.31', 'v2.14']);
  });
  test('minor versions compare as numbers (v2.9 < v2.14), patches of one release are equal', () => {
    expect(compareReleases(knownRelease('v2.9'), knownRelease('v2.14'))).toBeLessThan(0);
    expect(compareReleases(knownRelease('v3.0'), knownRelease('v2.31'))).toBeGreaterThan(0);
    expect(compareReleases(knownRelease('v2.14.2'), knownRelease('v2.14'))).toBe(0);
    expect(releaseBefore(knownRelease('v2.15.9'), 'v2.16')).toBe(true);
    expect(releaseBefore(knownRelease('v2.16.0'), 'v2.16')).toBe(false);
  });
  test('catalogued: v2.14 to v2.31, patches included', () => {
    expect(['v2.13', 'v2.14', 'v2.14.2', 'v2.31', 'v2.31.5', 'v2.32', 'v1.31'].filter((r) => isCatalogued(knownRelease(r)))).toEqual(['v2.14', 'v2.14.2', 'v2.31', 'v2.31.5']);
  });
});

describe('what changes between releases (Kubespray release notes)', () => {
  test('v2.16 renamed the groups: kube-master before, kube_control_plane since', () => {
    expect(groupNames({ legacyNames: usesLegacyGroupNames(knownRelease('v2.15')) }).controlPlane).toBe('kube-master');
    expect(groupNames({ legacyNames: usesLegacyGroupNames(knownRelease('v2.16')) }).controlPlane).toBe('kube_control_plane');
    expect(groupNames({ legacyNames: true }).cluster).toBe('k8s-cluster');
    expect(groupNames({ legacyNames: false }).cluster).toBe('k8s_cluster');
  });
  test('v2.18 made etcd run on the host by default', () => {
    expect(etcdDefaultsToDocker(knownRelease('v2.17'))).toBe(true);
    expect(etcdDefaultsToDocker(knownRelease('v2.18'))).toBe(false);
  });
  test('v2.28 reads kube_version without the leading v', () => {
    expect(kubeVersionFor(knownRelease('v2.27'), '1.31.4')).toBe('v1.31.4');
    expect(kubeVersionFor(knownRelease('v2.28'), 'v1.31.4')).toBe('1.31.4');
  });
});

describe('kubespray.extraVars: the model checks the names a release reads; the pipeline adds the inventory rule', () => {
  const derived = lacaveWith((s) => (s.kubespray.extraVars = { kube_version: '1.34.0' }));
  test('the model alone knows no generator: a derived name is a known Kubespray variable to it', () => {
    expect(specIssues(derived)).toEqual([]);
    expect(specIssues(lacaveWith((s) => (s.kubespray.extraVars = { kube_verison: '1.34.0' }))).map((i) => i.path)).toEqual(['kubespray.extraVars.kube_verison']);
  });
  test('synth (the pipeline loader) refuses a name the inventory already derives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-rules-'));
    writeFileSync(join(dir, 'lacave.yaml'), stringify(derived));
    expect(() => loadClusters(['lacave'], dir)).toThrow(/kubespray\.extraVars\.kube_version: "kube_version" — the inventory already derives kube_version from kubernetesVersion/);
  });
});
