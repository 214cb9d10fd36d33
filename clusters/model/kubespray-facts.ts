/**
 * What each Kubespray release installs, read from `upstream/kubespray/releases.json` (derived
 * from Kubespray's own checksums and defaults by `npm run upstream:kubespray`; never edited by hand).
 */
import facts from '../../upstream/kubespray/releases.json';
import { compareReleases, knownRelease, parseKubesprayRelease } from './kubespray-release';

export interface KubesprayReleaseFacts {
  /** The git tag the facts come from, e.g. `v2.31.0`. */
  readonly tag: string;
  /** Its commit in kubernetes-sigs/kubespray. */
  readonly commit: string;
  /** Kubernetes versions (without `v`) the release has kubeadm, kubelet and kubectl checksums for, newest first. */
  readonly kubernetesVersions: readonly string[];
  /** Default `kube_pods_subnet`. */
  readonly kubePodsSubnet: string;
  /** Default `kube_service_addresses`. */
  readonly kubeServiceAddresses: string;
}

const RELEASES: readonly KubesprayReleaseFacts[] = facts.releases;

/**
 * The facts of a release as a spec names it: `v2.14.2` is that tag; `v2.31` is the newest patch
 * of v2.31 (what a checkout of the release branch installs). Undefined when no tag matches.
 */
export function kubesprayReleaseFacts(release: string): KubesprayReleaseFacts | undefined {
  const wanted = parseKubesprayRelease(release);
  if (!wanted) return undefined;
  const matching = RELEASES.map((facts) => ({ facts, tag: knownRelease(facts.tag) })).filter(
    ({ tag }) => compareReleases(tag, wanted) === 0 && (wanted.patch === undefined || tag.patch === wanted.patch),
  );
  return matching.sort((a, b) => (b.tag.patch ?? 0) - (a.tag.patch ?? 0))[0]?.facts;
}

/** Every release tag with facts, oldest first. */
export const kubesprayTags = (): readonly KubesprayReleaseFacts[] => RELEASES;
