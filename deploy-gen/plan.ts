/**
 * The deploy plan of a cluster output, in apply order, as data: the operators kustomization
 * (then its CRDs Established and its Deployments Available), each manifest file in name order
 * (after the CRDs of the custom kinds it uses are Established; then its own CRDs, Deployments
 * and cert-manager resources are waited on), the Helm releases, and the consoles' URLs.
 * `playbook.ts` and `script.ts` render the same plan for Ansible and for kubectl/helm.
 * It reads the model, the platform's objects by manifest file as the charts rendered them (handed
 * over by the pipeline, never parsed back from YAML), the operator stages and Helm releases the
 * charts declare (each Helm values file checked to be in the output).
 */
import type { ClusterModel } from '../clusters/model';
import { groupOf, type RenderedPlatform } from '../output/manifest-objects';
import type { HelmRelease } from '../charts/lib/helm-release';
import { operatorReleases, operatorStages } from '../charts/operators';
import { requiredSecrets, type RequiredSecret } from './secrets';
import { immutableChecks, type ImmutableCheck } from './immutable';
import { crdName, isBuiltInGroup } from './kinds';
import { ownerSelectors, pruneResources, retiredReleases, type DesiredSource, type RetiredRelease } from './prune';

export { crdName, isBuiltInGroup } from './kinds';

/** One object to wait for, and the condition. */
export interface ObjectWait {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly condition: string;
}

export type DeployStep =
  | { readonly type: 'secrets'; readonly secrets: readonly RequiredSecret[] }
  | { readonly type: 'immutable'; readonly checks: readonly ImmutableCheck[] }
  | { readonly type: 'prune'; readonly selectors: readonly string[]; readonly resources: readonly string[]; readonly sources: readonly DesiredSource[] }
  | { readonly type: 'retired'; readonly releases: readonly RetiredRelease[] }
  | { readonly type: 'kustomize'; readonly dir: string }
  | { readonly type: 'manifest'; readonly file: string; readonly needsCrds: readonly string[]; readonly waits: readonly ObjectWait[] }
  | { readonly type: 'helm'; readonly valuesFile: string; readonly release: HelmRelease }
  | { readonly type: 'consoles'; readonly urls: ReadonlyArray<{ readonly name: string; readonly url: string }> };

/** Field manager of every apply, so that server-side apply knows our fields. */
export const FIELD_MANAGER = 'kube-cluster-as-code';

/** Seconds to wait for each condition (overridable at run time). */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/** Custom kinds whose operators set a `Ready` condition worth waiting for before going on. */
const READY_KINDS = new Set(['cert-manager.io/ClusterIssuer', 'cert-manager.io/Issuer', 'cert-manager.io/Certificate']);

/**
 * The consoles the cluster publishes: the hosts of `model.hosts` among `model.publishedHosts`
 * (a host without a route, such as Prometheus's, answers 404).
 */
export function consoleUrls(model: ClusterModel): Array<{ name: string; url: string }> {
  const published = new Set(model.publishedHosts.map((p) => p.host));
  const h = model.hosts;
  const consoles: Array<[string, string]> = [
    ['Keycloak', h.keycloak],
    ['Cluster UI (Headlamp)', h.dashboard],
    ['Ceph dashboard', h.cephDashboard],
    ['Nexus', h.nexus],
    ['Nexus Docker registry', h.docker],
    ['Internal registry', h.registry],
    ['Kibana', h.kibana],
    ['Jaeger', h.jaeger],
    ['Grafana', h.grafana],
    ['Prometheus', h.prometheus],
    ['Alertmanager', h.alertmanager],
    ['Graylog', h.graylog],
  ];
  return consoles.filter(([, host]) => published.has(host)).map(([name, host]) => ({ name, url: `https://${host}/` }));
}

export function planDeploy(model: ClusterModel, platform: RenderedPlatform, helmReleases: readonly HelmRelease[] = []): DeployStep[] {
  const { files } = platform;
  const steps: DeployStep[] = [];
  const manifests = [...platform.manifests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifestFiles = manifests.map((m) => m.path);
  const objects = manifests.flatMap((m) => m.objects);
  // Before anything is applied: the Secrets the admin creates must be there.
  steps.push({ type: 'secrets', secrets: requiredSecrets(model, objects, helmReleases) });
  // Then, still before any apply: the fields the API server refuses to update.
  steps.push({ type: 'immutable', checks: immutableChecks(objects) });
  // The operator kustomizations, cert-manager's stage first (the others' webhooks need it).
  const kustomizeDirs = operatorStages(model);
  for (const dir of kustomizeDirs) steps.push({ type: 'kustomize', dir });
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
  for (const { path: file, objects: mine } of manifests) {
    const needsCrds = [...new Set(mine.filter((o) => !isBuiltInGroup(groupOf(o.apiVersion))).map((o) => crdName(groupOf(o.apiVersion), o.kind, crds)))]
      .filter((name) => !mine.some((o) => o.kind === 'CustomResourceDefinition' && o.name === name))
      .sort();
    const waits: ObjectWait[] = [];
    for (const o of mine) {
      const gk = `${groupOf(o.apiVersion)}/${o.kind}`;
      const condition =
        gk === 'apiextensions.k8s.io/CustomResourceDefinition'
          ? 'Established'
          : gk === 'apps/Deployment'
            ? 'Available'
            : gk === 'batch/Job'
              ? 'Complete'
              : READY_KINDS.has(gk)
                ? 'Ready'
                : undefined;
      if (condition) waits.push({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace, condition });
    }
    steps.push({ type: 'manifest', file, needsCrds, waits });
  }
  for (const release of helmReleases) {
    const valuesFile = `helm/${release.valuesFile}`;
    if (!files.some((f) => f.path === valuesFile)) throw new Error(`Helm release ${release.name}: its values file ${valuesFile} is not in the output`);
    steps.push({ type: 'helm', valuesFile, release });
  }
  // Removal comes last, once what replaces a component runs.
  const sources: DesiredSource[] = [...(manifestFiles.length ? [{ files: manifestFiles }] : []), ...kustomizeDirs.map((dir) => ({ kustomize: dir }))];
  steps.push({ type: 'prune', selectors: ownerSelectors(model), resources: pruneResources(objects), sources });
  const retired = retiredReleases(operatorReleases(model).flatMap((r) => r.resources));
  if (retired.length) steps.push({ type: 'retired', releases: retired });
  steps.push({ type: 'consoles', urls: consoleUrls(model) });
  return steps;
}
