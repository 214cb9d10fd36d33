/**
 * Strict JSON Schemas of the custom kinds, derived from the CRDs of the pinned releases and
 * committed under `upstream/schemas/` (loaded at run time by synth/validate/committed-schemas.ts):
 * one file per kind with its served versions, and `index.json` (kinds, scopes, the release and
 * the upstream files each came from).
 */
import { parseAllDocuments } from 'yaml';
import { versions } from '../../clusters/model/versions';
import { strictSchemaBody } from '../../synth/validate/schemas';
import type { JsonSchema } from '../../synth/validate/core-schemas';
import { describeInput, pinned, sha256, type ReadInput, type UpstreamInput } from './inputs';

/** The CRDs of one pinned release. */
export interface CrdSource {
  /** Short name, e.g. `cert-manager`. */
  readonly name: string;
  /** Key of the release in the versions module. */
  /** Key of the release in the versions module (a source whose key the module no longer has is left out). */
  readonly versionKey: string;
  /** The CRD files (any non-CRD document in them is ignored). */
  readonly input: UpstreamInput;
  /**
   * Only the CRDs of these API groups (a release asset that also carries another project's CRDs).
   * @default - every CRD of the input
   */
  readonly groups?: readonly string[];
}

/** Loosely typed: a pin a component's replacement removed leaves its source out (see `pinned`). */
const v = versions as unknown as Record<string, string>;
const bare = (s: string) => s.replace(/^v/, '');

/** Every release whose custom kinds the project writes (or may write). */
export function crdSources(): CrdSource[] {
  const all: CrdSource[] = [
    {
      name: 'cert-manager',
      versionKey: 'certManager',
      input: { repo: 'cert-manager/cert-manager', tag: v.certManager, file: `cert-manager-${v.certManager}-crds.yaml`, url: `https://github.com/cert-manager/cert-manager/releases/download/${v.certManager}/cert-manager.crds.yaml` },
    },
    {
      name: 'rook',
      versionKey: 'rook',
      input: { repo: 'rook/rook', tag: v.rook, file: `rook-${v.rook}-crds.yaml`, url: `https://raw.githubusercontent.com/rook/rook/${v.rook}/deploy/examples/crds.yaml` },
    },
    {
      name: 'eck',
      versionKey: 'eck',
      input: { repo: 'elastic/cloud-on-k8s', tag: v.eck, file: `eck-${v.eck}-crds.yaml`, url: `https://download.elastic.co/downloads/eck/${bare(v.eck)}/crds.yaml` },
    },
    {
      name: 'prometheus-operator',
      versionKey: 'prometheusOperator',
      input: { repo: 'prometheus-operator/prometheus-operator', tag: v.prometheusOperator, file: `prometheus-operator-${v.prometheusOperator}-crds.yaml`, url: `https://github.com/prometheus-operator/prometheus-operator/releases/download/${v.prometheusOperator}/stripped-down-crds.yaml` },
    },
    {
      name: 'crunchy-pgo',
      versionKey: 'crunchyPgo',
      input: { repo: 'CrunchyData/postgres-operator', tag: v.crunchyPgo, file: `crunchy-pgo-${v.crunchyPgo}-crds.yaml`, url: `https://github.com/CrunchyData/postgres-operator/tree/${v.crunchyPgo}/config/crd/bases` },
    },
    {
      // The experimental channel: what Envoy Gateway's install.yaml and gateway-helm chart install.
      name: 'gateway-api',
      versionKey: 'gatewayApi',
      input: { repo: 'kubernetes-sigs/gateway-api', tag: v.gatewayApi, file: `gateway-api-${v.gatewayApi}-experimental-crds.yaml`, url: `https://github.com/kubernetes-sigs/gateway-api/releases/download/${v.gatewayApi}/experimental-install.yaml` },
      groups: ['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'],
    },
    {
      name: 'envoy-gateway',
      versionKey: 'envoyGateway',
      input: { repo: 'envoyproxy/gateway', tag: v.envoyGateway, path: 'charts/gateway-helm/charts/crds/crds/generated/', url: `https://github.com/envoyproxy/gateway/releases/download/${v.envoyGateway}/install.yaml` },
      groups: ['gateway.envoyproxy.io'],
    },
  ];
  return all.filter((source) => pinned(source.versionKey) !== undefined);
}

/** One custom kind as committed. */
export interface DerivedKind {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** Served versions, strict schema each (`null`: the CRD declares none). */
  readonly versions: Record<string, JsonSchema | null>;
  /** `CrdSource.name`. */
  readonly source: string;
}

/** What `index.json` records of a source. */
export interface DerivedSourceRecord {
  readonly name: string;
  readonly release: string;
  readonly versionKey: string;
  readonly from: string;
  /** Commit of the tag, when read from a git mirror. */
  readonly commit?: string;
  /** sha256 of each upstream file read, in order. */
  readonly sha256: readonly string[];
}

/** The kinds of one source's CRD files. Throws on a YAML error or a source without any CRD. */
export function deriveKinds(source: CrdSource, read: ReadInput): { kinds: DerivedKind[]; record: DerivedSourceRecord } {
  const kinds: DerivedKind[] = [];
  const visit = (body: any) => {
    if (!body || typeof body !== 'object') return;
    if (Array.isArray(body.items)) for (const i of body.items) visit(i);
    if (body.kind !== 'CustomResourceDefinition' || !body.spec?.group || !body.spec?.names?.kind) return;
    if (source.groups && !source.groups.includes(body.spec.group)) return;
    const versionsOut: Record<string, JsonSchema | null> = {};
    for (const ver of body.spec.versions ?? []) {
      if (ver.served === false) continue;
      const schema = ver.schema?.openAPIV3Schema as JsonSchema | undefined;
      versionsOut[ver.name] = schema ? strictSchemaBody(schema) : null;
    }
    kinds.push({ group: body.spec.group, kind: body.spec.names.kind, plural: body.spec.names.plural, namespaced: body.spec.scope !== 'Cluster', versions: versionsOut, source: source.name });
  };
  for (const f of read.files) {
    for (const doc of parseAllDocuments(f.text) as any[]) {
      if (doc.errors?.length) throw new Error(`${source.name}: ${f.name}: YAML error: ${doc.errors[0].message}`);
      visit(doc.toJS({ maxAliasCount: -1 }));
    }
  }
  if (kinds.length === 0) throw new Error(`${source.name}: no CustomResourceDefinition in ${read.files.map((f) => f.name).join(', ')}`);
  kinds.sort((a, b) => (`${a.group}/${a.kind}` < `${b.group}/${b.kind}` ? -1 : 1));
  return {
    kinds,
    record: {
      name: source.name,
      release: pinned(source.versionKey)!,
      versionKey: source.versionKey,
      from: describeInput(source.input),
      ...(read.commit ? { commit: read.commit } : {}),
      sha256: read.files.map((f) => sha256(f.text)),
    },
  };
}

/** File of a kind under `upstream/schemas/`: `cert-manager.io/certificate.json`. */
export const kindFile = (k: { group: string; kind: string }) => `${k.group}/${k.kind.toLowerCase()}.json`;
