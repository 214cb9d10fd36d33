/**
 * A Kubespray release, in one place: how a spec spells it (`v2.31`, `v2.14.2`), how two compare,
 * which releases the project catalogues, and what changes from one release to another for an
 * inventory (group names, `kube_version` format, etcd's default). The model, the inventory
 * generator and `scripts/derive-kubespray-facts.ts` all read releases through this module.
 */

/** A Kubespray release as `major.minor` (and the patch when the spec names a tag), comparable. */
export interface KubesprayRelease {
  readonly major: number;
  readonly minor: number;
  /** Set when a tag is named (`v2.14.2`); a release branch (`v2.31`) has none. */
  readonly patch?: number;
}

/** `v2.31`, `2.31`, `v2.14.2` → the release; anything else → undefined. */
export function parseKubesprayRelease(release: string): KubesprayRelease | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(release);
  if (!m) return undefined;
  return m[3] === undefined ? { major: Number(m[1]), minor: Number(m[2]) } : { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** The release branch of a release or tag, as a spec writes it: `v2.31.2` → `v2.31`. */
export const releaseBranch = (r: KubesprayRelease): string => `v${r.major}.${r.minor}`;

/** A release this project spells itself (`v2.16`): always parses. */
export function knownRelease(text: string): KubesprayRelease {
  const r = parseKubesprayRelease(text);
  if (!r) throw new Error(`not a Kubespray release: ${text}`);
  return r;
}

/** Negative when `a` is older than `b`, by `major.minor` (patches of one release compare equal). */
export function compareReleases(a: KubesprayRelease, b: KubesprayRelease): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** Whether `r` is older than the release `than` (e.g. `v2.16`). */
export const releaseBefore = (r: KubesprayRelease, than: string): boolean => compareReleases(r, knownRelease(than)) < 0;

/**
 * Releases the variable catalog (`kubespray-variables.ts`) and the committed facts
 * (`upstream/kubespray/releases.json`) describe: from the seed's pinned fork (v2.14) to the
 * default. A release outside this range is refused rather than guessed at.
 */
export const CATALOGUED_RELEASES = { oldest: 'v2.14', newest: 'v2.31' } as const;

export function isCatalogued(r: KubesprayRelease): boolean {
  return !releaseBefore(r, CATALOGUED_RELEASES.oldest) && compareReleases(r, knownRelease(CATALOGUED_RELEASES.newest)) <= 0;
}

/** Kubespray v2.16 renamed the groups (`kube-master` → `kube_control_plane`, …). */
export const usesLegacyGroupNames = (r: KubesprayRelease): boolean => releaseBefore(r, 'v2.16');

/** Before v2.18 etcd ran in Docker by default, which a crio or containerd node does not have. */
export const etcdDefaultsToDocker = (r: KubesprayRelease): boolean => releaseBefore(r, 'v2.18');

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
export function groupNames(kubespray: { readonly legacyNames: boolean }): KubesprayGroupNames {
  return kubespray.legacyNames ? LEGACY_GROUPS : CURRENT_GROUPS;
}

/** `kube_version` as the release reads it: `v1.19.3` before v2.28, `1.35.4` since (v2.28 asserts on a leading `v`). */
export function kubeVersionFor(r: KubesprayRelease, kubernetesVersion: string): string {
  const bare = kubernetesVersion.replace(/^v/, '');
  return releaseBefore(r, 'v2.28') ? `v${bare}` : bare;
}
