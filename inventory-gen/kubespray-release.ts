/**
 * What changes from one Kubespray release to another for an inventory: group names, the
 * `group_vars/` folder of the cluster group and the format of `kube_version`.
 */

import { parseKubesprayRelease, type KubesprayModel } from '../clusters/model/model';

/** A Kubespray release as `major.minor`, comparable (`KubesprayModel` is one). */
export interface KubesprayRelease {
  readonly major: number;
  readonly minor: number;
}

/** Negative when `a` is older than `b`. */
export function compareReleases(a: KubesprayRelease, b: KubesprayRelease): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** A release this project spells itself (`v2.16`): always parses. */
export const knownRelease = (text: string): KubesprayRelease => parseKubesprayRelease(text)!;

/**
 * Releases the variable catalog (`kubespray-variables.ts`) describes: from the seed's pinned fork
 * (v2.14) to the default. A release outside this range is refused rather than guessed at.
 */
export const CATALOGUED_RELEASES = { oldest: 'v2.14', newest: 'v2.31' } as const;

export function isCatalogued(r: KubesprayRelease): boolean {
  return compareReleases(r, knownRelease(CATALOGUED_RELEASES.oldest)) >= 0 && compareReleases(r, knownRelease(CATALOGUED_RELEASES.newest)) <= 0;
}

/** Kubespray v2.28 dropped the leading `v` of `kube_version`. */
const KUBE_VERSION_WITHOUT_V = knownRelease('v2.28');

/** The Kubespray group names of one release: all current, or all legacy, never mixed. */
export interface KubesprayGroupNames {
  readonly controlPlane: string;
  readonly node: string;
  readonly etcd: string;
  readonly calicoRouteReflector: string;
  /** The parent group; `group_vars/<cluster>/` holds the cluster-wide settings. */
  readonly cluster: string;
}

const CURRENT_GROUPS: KubesprayGroupNames = { controlPlane: 'kube_control_plane', node: 'kube_node', etcd: 'etcd', calicoRouteReflector: 'calico_rr', cluster: 'k8s_cluster' };
const LEGACY_GROUPS: KubesprayGroupNames = { controlPlane: 'kube-master', node: 'kube-node', etcd: 'etcd', calicoRouteReflector: 'calico-rr', cluster: 'k8s-cluster' };

/** The group names of the spec's release (`model.kubespray.legacyNames`: before v2.16, which renamed them). */
export function groupNames(kubespray: Pick<KubesprayModel, 'legacyNames'>): KubesprayGroupNames {
  return kubespray.legacyNames ? LEGACY_GROUPS : CURRENT_GROUPS;
}

/** `kube_version` as the release reads it: `v1.19.3` before v2.28, `1.35.4` since (v2.28 asserts on a leading `v`). */
export function kubeVersionFor(r: KubesprayRelease, kubernetesVersion: string): string {
  const bare = kubernetesVersion.replace(/^v/, '');
  return compareReleases(r, KUBE_VERSION_WITHOUT_V) < 0 ? `v${bare}` : bare;
}
