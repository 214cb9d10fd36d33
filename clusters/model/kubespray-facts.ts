/**
 * What each Kubespray release installs, read from `upstream/kubespray/releases.json` (derived
 * from Kubespray's own checksums and defaults by `npm run upstream:kubespray`; never edited by hand).
 */
import facts from '../../upstream/kubespray/releases.json';

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

const parts = (tag: string) => tag.replace(/^v/, '').split('.').map(Number);

/**
 * The facts of a release as a spec names it: `v2.14.2` is that tag; `v2.31` is the newest patch
 * of v2.31 (what a checkout of the release branch installs). Undefined when no tag matches.
 */
export function kubesprayReleaseFacts(release: string): KubesprayReleaseFacts | undefined {
  const wanted = parts(release);
  const matching = RELEASES.filter((r) => {
    const p = parts(r.tag);
    return p[0] === wanted[0] && p[1] === wanted[1] && (wanted.length < 3 || p[2] === wanted[2]);
  });
  return matching.sort((a, b) => parts(b.tag)[2] - parts(a.tag)[2])[0];
}

/** Every release tag with facts, oldest first. */
export const kubesprayTags = (): readonly KubesprayReleaseFacts[] => RELEASES;
