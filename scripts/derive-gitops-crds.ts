/**
 * `npm run derive:gitops-crds -- MIRRORS_DIR`: derives the CRDs the `gitops/` output is validated
 * against from upstream git at the pinned tags (bare mirrors `<owner>+<repo>/repo` under
 * MIRRORS_DIR, or `$MIRRORS_DIR`): Argo CD's Application and External Secrets' ExternalSecret.
 * Writes `gitops-gen/crds/*.json`: each CRD reduced to what validation reads (group, names,
 * scope, served versions' openAPIV3Schema without descriptions and without `status`), with the
 * source and tag recorded in an annotation. Nothing upstream is committed as it is.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { parse } from 'yaml';
import { versions } from '../clusters/model/versions';

export const GITOPS_CRD_DIR = resolve(__dirname, '..', 'gitops-gen', 'crds');

interface Source {
  readonly repo: string;
  readonly tag: string;
  readonly path: string;
  readonly file: string;
}

export const GITOPS_CRD_SOURCES: readonly Source[] = [
  { repo: 'argoproj/argo-cd', tag: versions.argoCd, path: 'manifests/crds/application-crd.yaml', file: `argo-cd-${versions.argoCd}-application.json` },
  {
    repo: 'external-secrets/external-secrets',
    tag: `helm-chart-${versions.externalSecretsChart}`,
    path: 'config/crds/bases/external-secrets.io_externalsecrets.yaml',
    file: `external-secrets-${versions.externalSecretsChart}-externalsecret.json`,
  },
];

function strip(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strip);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'description').map(([k, v]) => [k, strip(v)]));
}

export function deriveCrd(source: Source, yamlText: string): object {
  const crd = parse(yamlText);
  if (crd?.kind !== 'CustomResourceDefinition') throw new Error(`${source.repo}@${source.tag}:${source.path} is not a CRD`);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crd.metadata.name, annotations: { 'kube-cluster-as-code/derived-from': `https://github.com/${source.repo}/blob/${source.tag}/${source.path}` } },
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

if (require.main === module) {
  const mirrors = process.argv[2] ?? process.env.MIRRORS_DIR;
  if (!mirrors) {
    console.error('usage: npm run derive:gitops-crds -- MIRRORS_DIR (bare git mirrors <owner>+<repo>/repo, e.g. from `git clone --mirror`)');
    process.exit(2);
  }
  mkdirSync(GITOPS_CRD_DIR, { recursive: true });
  for (const s of GITOPS_CRD_SOURCES) {
    const gitDir = join(mirrors, s.repo.replace('/', '+'), 'repo');
    const text = execFileSync('git', ['-C', gitDir, 'show', `${s.tag}:${s.path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    writeFileSync(join(GITOPS_CRD_DIR, s.file), JSON.stringify(deriveCrd(s, text), null, 1) + '\n');
    console.log(`derived ${s.file} from ${s.repo}@${s.tag}:${s.path}`);
  }
}
