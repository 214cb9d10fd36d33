/**
 * `gitops-gen/crds/`: the CRDs the `gitops/` output is checked against (Argo CD's Application,
 * External Secrets' ExternalSecret), derived from the releases of ./crd-sources.ts that list
 * `gitops` kinds (`npm run derive-upstream -- --only gitops`). Each CRD is reduced to what
 * validation reads (group, names, scope, served versions' openAPIV3Schema without descriptions,
 * `status` and `operation`), with its source recorded in an annotation. Nothing upstream is
 * committed as it is.
 */
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT } from '../../output/project-root';
import type { CrdSource } from './crd-sources';
import { describeInput, pinned, type ReadInput } from './inputs';

export const GITOPS_CRD_DIR = path.join(PROJECT_ROOT, 'gitops-gen', 'crds');

/** `gitops-gen/crds/` file of a kind: `argo-cd-v3.5.1-application.json`. */
export const gitopsCrdFile = (source: CrdSource, kind: string) => `${source.name}-${pinned(source.versionKey)}-${kind.slice(kind.lastIndexOf('/') + 1).toLowerCase()}.json`;

function strip(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strip);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'description').map(([k, v]) => [k, strip(v)]));
}

/** The reduced CRD of one upstream CRD body. */
export function reduceCrd(source: CrdSource, crd: any): object {
  const { repo, tag, path: file } = source.input;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crd.metadata.name, annotations: { 'kube-cluster-as-code/derived-from': file ? `https://github.com/${repo}/blob/${tag}/${file}` : source.input.url } },
    spec: {
      group: crd.spec.group,
      names: { kind: crd.spec.names.kind, plural: crd.spec.names.plural },
      scope: crd.spec.scope,
      versions: crd.spec.versions
        .filter((v: any) => v.served !== false)
        .map((v: any) => {
          const schema = structuredClone(v.schema.openAPIV3Schema);
          // Status and operation are written by the controller, never by us.
          delete schema.properties?.status;
          delete schema.properties?.operation;
          return { name: v.name, served: true, storage: v.storage, schema: { openAPIV3Schema: strip(schema) } };
        }),
    },
  };
}

/** `gitops-gen/crds/` file → content for the `gitops` kinds of one source. Throws naming every listed kind the files lack. */
export function deriveGitopsCrds(source: CrdSource, read: ReadInput): Map<string, string> {
  const files = new Map<string, string>();
  const wanted = new Set(source.gitops ?? []);
  for (const f of read.files) {
    for (const doc of parseAllDocuments(f.text) as any[]) {
      if (doc.errors?.length) throw new Error(`${source.name}: ${f.name}: YAML error: ${doc.errors[0].message}`);
      const crd = doc.toJS();
      const key = `${crd?.spec?.group}/${crd?.spec?.names?.kind}`;
      if (crd?.kind !== 'CustomResourceDefinition' || !wanted.has(key)) continue;
      files.set(gitopsCrdFile(source, key), `${JSON.stringify(reduceCrd(source, crd), null, 1)}\n`);
      wanted.delete(key);
    }
  }
  if (wanted.size) throw new Error(`${source.name} ${pinned(source.versionKey)}: no CustomResourceDefinition of ${[...wanted].join(', ')} in ${describeInput(source.input)}: fix its \`gitops\` in scripts/upstream/crd-sources.ts`);
  return files;
}
