/**
 * Strict JSON Schemas of the custom kinds, derived from the CRDs of the pinned releases and
 * committed under `upstream/schemas/` (loaded at run time by synth/validate/committed-schemas.ts):
 * one file per kind with its served versions, and `index.json` (kinds, scopes, the release and
 * the upstream files each came from). The releases: `crdSources()` of ./crd-sources.ts.
 */
import { parseAllDocuments } from 'yaml';
import { strictSchemaBody } from '../../synth/validate/schemas';
import type { JsonSchema } from '../../synth/validate/core-schemas';
import type { CrdSource } from './crd-sources';
import { describeInput, pinned, sha256, type ReadInput } from './inputs';

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
