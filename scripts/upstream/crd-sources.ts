/**
 * The one list of the CRD releases the project derives from, each at the version the versions
 * module (clusters/model/versions.ts) pins. Everything derived from CRDs reads it:
 * - `upstream/schemas/` (`npm run derive-upstream -- --only schemas`): strict schemas of every
 *   custom kind of each release (scripts/upstream/crd-schemas.ts);
 * - `imports/` (`npm run import`, i.e. `npm run derive-upstream -- --only imports`): the typed
 *   classes `cdk8s import` generates, for the kinds of `imports` only (scripts/upstream/imports.ts);
 * - `gitops-gen/crds/` (`npm run derive-upstream -- --only gitops`): the reduced CRDs of the
 *   `gitops` kinds, which the `gitops/` output is checked against (scripts/upstream/gitops-crds.ts).
 * Bumping a release is changing its pin in the versions module and re-deriving (docs/upstream-facts.md).
 */
import { versions } from '../../clusters/model/versions';
import { pinned, type UpstreamInput } from './inputs';

/** The CRDs of one pinned release. */
export interface CrdSource {
  /** Short name, e.g. `cert-manager`; names the release in `upstream/schemas/index.json`. */
  readonly name: string;
  /** Key of the release in the versions module (a source whose key the module no longer has is left out). */
  readonly versionKey: string;
  /** The CRD files (any non-CRD document in them is ignored). */
  readonly input: UpstreamInput;
  /**
   * Only the CRDs of these API groups (a release asset that also carries another project's CRDs).
   * @default - every CRD of the input
   */
  readonly groups?: readonly string[];
  /**
   * The custom kinds the charts construct, as `group/Kind`: `npm run import` generates
   * `imports/<group>.ts` with the classes of these kinds only (every served version of each).
   * @default - none: the release feeds the schemas only
   */
  readonly imports?: readonly string[];
  /**
   * The kinds of the `gitops/` output, as `group/Kind`: derived into `gitops-gen/crds/` only. A
   * release with `gitops` kinds is one the admin installs, not the platform: it feeds neither
   * `upstream/schemas/` nor `imports/`.
   * @default - none
   */
  readonly gitops?: readonly string[];
}

/** Loosely typed: a pin a component's replacement removed leaves its source out (see `pinned`). */
const v = versions as unknown as Record<string, string>;
const bare = (s: string) => s.replace(/^v/, '');

/** Every release whose custom kinds the project writes (or may write), platform and gitops. */
export function crdSources(): CrdSource[] {
  const all: CrdSource[] = [
    {
      name: 'cert-manager',
      versionKey: 'certManager',
      input: { repo: 'cert-manager/cert-manager', tag: v.certManager, file: `cert-manager-${v.certManager}-crds.yaml`, url: `https://github.com/cert-manager/cert-manager/releases/download/${v.certManager}/cert-manager.crds.yaml` },
      imports: ['cert-manager.io/Certificate', 'cert-manager.io/ClusterIssuer'],
    },
    {
      name: 'rook',
      versionKey: 'rook',
      input: { repo: 'rook/rook', tag: v.rook, file: `rook-${v.rook}-crds.yaml`, url: `https://raw.githubusercontent.com/rook/rook/${v.rook}/deploy/examples/crds.yaml` },
      imports: ['ceph.rook.io/CephBlockPool', 'ceph.rook.io/CephCluster'],
    },
    {
      name: 'eck',
      versionKey: 'eck',
      input: { repo: 'elastic/cloud-on-k8s', tag: v.eck, file: `eck-${v.eck}-crds.yaml`, url: `https://download.elastic.co/downloads/eck/${bare(v.eck)}/crds.yaml` },
      imports: ['apm.k8s.elastic.co/ApmServer', 'beat.k8s.elastic.co/Beat', 'elasticsearch.k8s.elastic.co/Elasticsearch', 'kibana.k8s.elastic.co/Kibana'],
    },
    {
      name: 'prometheus-operator',
      versionKey: 'prometheusOperator',
      input: { repo: 'prometheus-operator/prometheus-operator', tag: v.prometheusOperator, file: `prometheus-operator-${v.prometheusOperator}-crds.yaml`, url: `https://github.com/prometheus-operator/prometheus-operator/releases/download/${v.prometheusOperator}/stripped-down-crds.yaml` },
      imports: ['monitoring.coreos.com/PodMonitor', 'monitoring.coreos.com/ServiceMonitor'],
    },
    {
      // The PostgresCluster CRD only: the project writes no PGAdmin or PGUpgrade.
      name: 'crunchy-pgo',
      versionKey: 'crunchyPgo',
      input: {
        repo: 'CrunchyData/postgres-operator',
        tag: v.crunchyPgo,
        file: `crunchy-pgo-${v.crunchyPgo}-crds.yaml`,
        path: 'config/crd/bases/postgres-operator.crunchydata.com_postgresclusters.yaml',
        url: `https://raw.githubusercontent.com/CrunchyData/postgres-operator/${v.crunchyPgo}/config/crd/bases/postgres-operator.crunchydata.com_postgresclusters.yaml`,
      },
      imports: ['postgres-operator.crunchydata.com/PostgresCluster'],
    },
    {
      // The experimental channel: what Envoy Gateway's install.yaml and gateway-helm chart install.
      name: 'gateway-api',
      versionKey: 'gatewayApi',
      input: { repo: 'kubernetes-sigs/gateway-api', tag: v.gatewayApi, file: `gateway-api-${v.gatewayApi}-experimental-crds.yaml`, url: `https://github.com/kubernetes-sigs/gateway-api/releases/download/${v.gatewayApi}/experimental-install.yaml` },
      groups: ['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'],
      imports: ['gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass', 'gateway.networking.k8s.io/HTTPRoute', 'gateway.networking.k8s.io/ReferenceGrant'],
    },
    {
      name: 'envoy-gateway',
      versionKey: 'envoyGateway',
      input: { repo: 'envoyproxy/gateway', tag: v.envoyGateway, path: 'charts/gateway-helm/charts/crds/crds/generated/', url: `https://github.com/envoyproxy/gateway/releases/download/${v.envoyGateway}/install.yaml` },
      groups: ['gateway.envoyproxy.io'],
      imports: ['gateway.envoyproxy.io/EnvoyProxy'],
    },
    {
      name: 'argo-cd',
      versionKey: 'argoCd',
      input: { repo: 'argoproj/argo-cd', tag: v.argoCd, path: 'manifests/crds/application-crd.yaml', url: `https://raw.githubusercontent.com/argoproj/argo-cd/${v.argoCd}/manifests/crds/application-crd.yaml` },
      gitops: ['argoproj.io/Application'],
    },
    {
      // The chart's tag: the CRDs its version installs.
      name: 'external-secrets',
      versionKey: 'externalSecretsChart',
      input: {
        repo: 'external-secrets/external-secrets',
        tag: `helm-chart-${v.externalSecretsChart}`,
        path: 'config/crds/bases/external-secrets.io_externalsecrets.yaml',
        url: `https://raw.githubusercontent.com/external-secrets/external-secrets/helm-chart-${v.externalSecretsChart}/config/crds/bases/external-secrets.io_externalsecrets.yaml`,
      },
      gitops: ['external-secrets.io/ExternalSecret'],
    },
  ];
  return all.filter((source) => pinned(source.versionKey) !== undefined);
}

/** The releases of the platform's kinds (manifests/, operators/): `upstream/schemas/` and `imports/`. */
export const platformCrdSources = (): CrdSource[] => crdSources().filter((s) => !s.gitops);

/** The releases of the `gitops/` kinds: `gitops-gen/crds/`. */
export const gitopsCrdSources = (): CrdSource[] => crdSources().filter((s) => s.gitops);
