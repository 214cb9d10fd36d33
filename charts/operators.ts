/**
 * `operators/`: the upstream operators the charts need, installed from their pinned release
 * manifests by `kubectl apply --server-side -k dist/<cluster>/operators`. Upstream files are
 * referenced by URL, never copied; where this cluster needs a different setting than upstream,
 * it is a kustomize patch in `operators/patches/`.
 */
import type { ClusterModel } from '../clusters/model';
import { versions } from '../clusters/model/versions';
import type { OutputFile } from '../output/files';
import { Document } from 'yaml';
import { documentToYaml, toYaml, toYamlStream } from '../output/serialize';
import { MANAGED_BY, OPERATORS_OWNER_LABEL } from './lib/component-chart';

/** One upstream operator release. */
export interface OperatorRelease {
  /** Short name, e.g. `rook`. */
  readonly name: string;
  /** The pinned version (from `versions`). */
  readonly version: string;
  /** Release manifests or remote kustomize bases, in apply order. */
  readonly resources: readonly string[];
  /** Namespaces the release expects to exist without creating them. */
  readonly namespaces?: readonly string[];
}

const bare = (v: string) => v.replace(/^v/, '');
const rookExample = (file: string) => `https://raw.githubusercontent.com/rook/rook/${versions.rook}/deploy/examples/${file}`;

/** The operator releases a cluster needs, for its enabled components. */
export function operatorReleases(model: ClusterModel): OperatorRelease[] {
  const c = model.components;
  const releases: Array<OperatorRelease | false> = [
    {
      name: 'envoy-gateway',
      version: versions.envoyGateway,
      // The release's own install.yaml: Gateway API CRDs (the experimental channel of the
      // version it is built against), Envoy Gateway's CRDs, its namespace and controller. The
      // platform Gateway (manifests/11-gateway.yaml) configures the proxies; see docs/gateway.md.
      resources: [`https://github.com/envoyproxy/gateway/releases/download/${versions.envoyGateway}/install.yaml`],
    },
    c.certManager.enabled && {
      name: 'cert-manager',
      version: versions.certManager,
      resources: [`https://github.com/cert-manager/cert-manager/releases/download/${versions.certManager}/cert-manager.yaml`],
    },
    c.rookCeph.enabled && {
      name: 'rook',
      version: versions.rook,
      // Since Rook v1.17 the CSI driver is run by the ceph-csi operator: csi-operator.yaml is required.
      resources: ['crds.yaml', 'common.yaml', 'csi-operator.yaml', 'operator.yaml'].map(rookExample),
    },
    c.monitoring.enabled && {
      name: 'prometheus-operator-crds',
      version: versions.prometheusOperator,
      resources: [`https://github.com/prometheus-operator/prometheus-operator/releases/download/${versions.prometheusOperator}/stripped-down-crds.yaml`],
    },
    c.logging.enabled && {
      name: 'eck',
      version: versions.eck,
      resources: ['crds.yaml', 'operator.yaml'].map((f) => `https://download.elastic.co/downloads/eck/${bare(versions.eck)}/${f}`),
    },
    c.keycloak.enabled && {
      name: 'crunchy-pgo',
      version: versions.crunchyPgo,
      // PGO publishes no single release manifest: its kustomize base at the release tag.
      resources: [`https://github.com/CrunchyData/postgres-operator//config/default?ref=${versions.crunchyPgo}`],
      namespaces: [model.names.namespaces.postgresOperator],
    },
  ];
  return releases.filter((r): r is OperatorRelease => r !== false);
}

/** A strategic-merge patch of an upstream object, kept as an object until it is written. */
export interface OperatorPatch {
  /** File name under `operators/patches/`. */
  readonly file: string;
  /** Why upstream's value is not right for this cluster (a comment in the kustomization). */
  readonly reason: string;
  readonly patch: Record<string, unknown>;
}

/** Settings of Rook's upstream `operator.yaml` this cluster changes. */
export function rookOperatorPatches(model: ClusterModel): OperatorPatch[] {
  if (!model.components.rookCeph.enabled) return [];
  const patches: OperatorPatch[] = [];
  if (model.components.rookCeph.useAllDevices) {
    patches.push({
      file: 'rook-discovery-daemon.yaml',
      reason: 'every empty disk is an OSD: the discovery daemon finds disks added later (the reference ran it)',
      patch: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'rook-ceph-operator-config', namespace: model.names.namespaces.rookCeph },
        data: { ROOK_ENABLE_DISCOVERY_DAEMON: 'true' },
      },
    });
  }
  if (model.nodes.some((n) => n.os === 'fcos')) {
    patches.push({
      file: 'rook-hostpath-privileged.yaml',
      reason: 'Fedora CoreOS enforces SELinux: Ceph daemons writing to /var/lib/rook must run privileged (as on OpenShift)',
      patch: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'rook-ceph-operator', namespace: model.names.namespaces.rookCeph },
        spec: { template: { spec: { containers: [{ name: 'rook-ceph-operator', env: [{ name: 'ROOK_HOSTPATH_REQUIRES_PRIVILEGED', value: 'true' }] }] } } },
      },
    });
  }
  return patches;
}

/** Folder of the stage that must be running before the other operators are applied. */
export const CERT_MANAGER_STAGE = 'operators/cert-manager';

/** Folder of the kustomization of every other operator release. */
export const OPERATORS_STAGE = 'operators';

/**
 * The operator kustomizations a cluster's output holds, in apply order: cert-manager's stage
 * (when cert-manager is on), then `operators/` (when any other release is).
 */
export function operatorStages(model: ClusterModel): string[] {
  const names = operatorReleases(model).map((r) => r.name);
  return [...(names.includes('cert-manager') ? [CERT_MANAGER_STAGE] : []), ...(names.some((n) => n !== 'cert-manager') ? [OPERATORS_STAGE] : [])];
}

/**
 * The project's ownership label on every object of a kustomization (the deploy prunes by it);
 * selectors and pod templates untouched, so upstream's workloads and Services stay as they are.
 */
const ownerLabels = (model: ClusterModel) => [{ pairs: { [OPERATORS_OWNER_LABEL]: model.name }, includeSelectors: false, includeTemplates: false }];

/** `operators/kustomization.yaml`, its patches and the namespaces upstream leaves to the admin; cert-manager's stage. */
export function renderOperatorFiles(model: ClusterModel): OutputFile[] {
  // cert-manager is a stage of its own, applied and Available first: other releases
  // (Rook, ECK, PGO webhooks) and our Issuers and Certificates need its CRDs and webhook.
  const all = operatorReleases(model);
  const certManager = all.filter((r) => r.name === 'cert-manager');
  const releases = all.filter((r) => r.name !== 'cert-manager');
  const files: OutputFile[] = certManager.map((r) => {
    const doc = new Document({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...r.resources], labels: ownerLabels(model) });
    doc.commentBefore = ` ${r.name} ${r.version} of ${model.name}, before the other operators (their Issuers and Certificates need it).
 kubectl apply --server-side -k <this folder>, then wait for its Deployments to be Available.`;
    return { path: `${CERT_MANAGER_STAGE}/kustomization.yaml`, content: documentToYaml(doc) };
  });
  if (releases.length === 0) return files;
  const patches = rookOperatorPatches(model);
  const namespaces = releases.flatMap((r) => r.namespaces ?? []);
  const labels = { 'app.kubernetes.io/part-of': model.name, 'app.kubernetes.io/managed-by': MANAGED_BY };

  if (namespaces.length > 0) {
    const docs = namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'app.kubernetes.io/name': name, ...labels } } }));
    files.push({ path: 'operators/namespaces.yaml', content: toYamlStream(docs) });
  }
  for (const p of patches) files.push({ path: `operators/patches/${p.file}`, content: toYaml(p.patch) });

  const kustomization: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...(namespaces.length > 0 ? ['namespaces.yaml'] : []), ...releases.flatMap((r) => r.resources)],
    labels: ownerLabels(model),
  };
  if (patches.length > 0) kustomization.patches = patches.map((p) => ({ path: `patches/${p.file}` }));
  const doc = new Document(kustomization);
  doc.commentBefore = ` Operators of ${model.name}: ${releases.map((r) => `${r.name} ${r.version}`).join(', ')}.\n kubectl apply --server-side -k <this folder>${certManager.length ? ` (after ${CERT_MANAGER_STAGE}/)` : ''}`;
  patches.forEach((p, i) => {
    const item = doc.getIn(['patches', i], true) as { commentBefore?: string };
    item.commentBefore = ` ${p.reason}`;
  });
  files.push({ path: `${OPERATORS_STAGE}/kustomization.yaml`, content: documentToYaml(doc) });
  return files;
}
