/**
 * The Kubernetes objects of a cluster output: every YAML document with an `apiVersion` and a
 * `kind`, from the files that `kubectl apply` would be given (Ansible inventories, Helm values
 * and kustomizations are not objects of the cluster).
 */
import { parseAllDocuments } from 'yaml';
import type { OutputFile } from '../output';

/** One object and where it was found. */
export interface ManifestObject {
  /** Path of its file, relative to `dist/<cluster>/`. */
  readonly file: string;
  /** Index of the document in the file (0-based). */
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Namespace as written (undefined for cluster-scoped objects and for namespaced ones without it). */
  readonly namespace?: string;
  readonly body: Record<string, any>;
}

/** A problem in a file that is not about one object (YAML syntax). */
export interface FileProblem {
  readonly file: string;
  readonly message: string;
}

/** Kinds that are never applied to the cluster even though they look like objects. */
const NOT_CLUSTER_OBJECTS = new Set(['kustomize.config.k8s.io/Kustomization', 'kustomize.config.k8s.io/Component', 'v1/Config']);

/** Folders whose YAML is not Kubernetes objects (Ansible inventory, Helm values). */
const NOT_MANIFEST_DIRS = ['inventory/', 'helm/', 'fcc/'];

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Whether a file may hold objects to apply. */
export function isManifestFile(file: string): boolean {
  return /\.ya?ml$/.test(file) && !NOT_MANIFEST_DIRS.some((d) => file.startsWith(d)) && !file.includes('/kustomization.') && !/^deploy\.ya?ml$/.test(file);
}

/** Folders holding a kustomization: their files are kustomize inputs (patches…), not objects to apply as they are. */
function kustomizeDirs(files: readonly OutputFile[]): string[] {
  return files.map((f) => /^(.*\/)kustomization\.ya?ml$/.exec(f.path)?.[1]).filter((d): d is string => d !== undefined);
}

/** Parses the objects of the given files; YAML errors are returned, not thrown. */
export function readObjects(files: readonly OutputFile[]): { objects: ManifestObject[]; problems: FileProblem[] } {
  const objects: ManifestObject[] = [];
  const problems: FileProblem[] = [];
  const kustomize = kustomizeDirs(files);
  for (const f of files) {
    if (!isManifestFile(f.path) || kustomize.some((d) => f.path.startsWith(d))) continue;
    const docs = parseAllDocuments(f.content);
    if (!Array.isArray(docs)) continue; // an empty stream
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) {
        problems.push({ file: f.path, message: `document ${index + 1}: YAML error: ${doc.errors[0].message}` });
        return;
      }
      const body = doc.toJS() as unknown;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return;
      const b = body as Record<string, any>;
      if (typeof b.apiVersion !== 'string' || typeof b.kind !== 'string') return;
      if (NOT_CLUSTER_OBJECTS.has(`${groupOf(b.apiVersion) || 'v1'}/${b.kind}`)) return;
      const items: Record<string, any>[] = b.kind === 'List' && Array.isArray(b.items) ? b.items : [b];
      for (const item of items) {
        objects.push({
          file: f.path,
          index,
          apiVersion: String(item.apiVersion ?? ''),
          kind: String(item.kind ?? ''),
          name: String(item.metadata?.name ?? ''),
          namespace: typeof item.metadata?.namespace === 'string' ? item.metadata.namespace : undefined,
          body: item,
        });
      }
    });
  }
  return { objects, problems };
}

/** `Deployment nexus/nexus3`, `ClusterRole admin`: how a problem names an object. */
export function describe(o: Pick<ManifestObject, 'kind' | 'name' | 'namespace'>): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name || '<no name>'}`;
}
