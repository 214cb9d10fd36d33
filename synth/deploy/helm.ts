/**
 * Helm releases of the platform. A generator that writes `helm/<release>.values.yaml` declares
 * here where the chart comes from: the deploy playbook and script install exactly that,
 * pinned, and a values file without a declaration stops synth with the fix.
 */
import type { ClusterModel } from '../../clusters/model';

export interface HelmRelease {
  /** Release name, e.g. `kube-prometheus-stack`. */
  readonly name: string;
  readonly namespace: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Chart repository URL. */
  readonly repoUrl: string;
  /** Pinned chart version. */
  readonly version: string;
}

/** Releases by values file name (`helm/<key>.values.yaml`). */
export type HelmReleaseTable = Readonly<Record<string, (model: ClusterModel) => HelmRelease>>;

export const HELM_RELEASES: HelmReleaseTable = {};

export function helmReleaseFor(model: ClusterModel, valuesFile: string, table: HelmReleaseTable = HELM_RELEASES): HelmRelease {
  const key = valuesFile.replace(/^helm\//, '').replace(/\.values\.ya?ml$/, '');
  const declare = table[key];
  if (!declare) {
    throw new Error(`${valuesFile}: no Helm release declared for it: add "${key}" (name, namespace, chart, repoUrl, pinned version) to HELM_RELEASES in synth/deploy/helm.ts`);
  }
  return declare(model);
}
