/**
 * The Kubernetes objects of the platform as data: each object of a manifest file with where it
 * is written. The pipeline hands the generators that need the platform's objects (deploy plan,
 * GitOps, image list) the very objects the charts rendered, grouped by manifest file, so that no
 * generator reads its own output back. Parsing files from disk is the validator's business
 * (`objects.ts`).
 */
import type { OutputFile } from './files';

/** One object and where it is written. */
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

/** `manifests/<chart id>.yaml` and the objects written to it, in document order. */
export interface ManifestFile {
  readonly path: string;
  readonly objects: readonly ManifestObject[];
}

/** What the generators after the charts are given: the platform's objects, and its other files. */
export interface RenderedPlatform {
  /** Every manifest file with its objects, as rendered in memory (never parsed back). */
  readonly manifests: readonly ManifestFile[];
  /**
   * The other rendered files (operators kustomizations, Helm values, inventory…), read by path
   * and, for the retired releases' markers, as text; never parsed.
   */
  readonly files: readonly OutputFile[];
}

/** Kinds that are never applied to the cluster even though they look like objects. */
const NOT_CLUSTER_OBJECTS = new Set(['kustomize.config.k8s.io/Kustomization', 'kustomize.config.k8s.io/Component', 'v1/Config']);

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Adds the objects of one document (itself, or the items of a `List`) to `objects`. */
export function collectObjects(file: string, index: number, body: unknown, objects: ManifestObject[]): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const b = body as Record<string, any>;
  if (typeof b.apiVersion !== 'string' || typeof b.kind !== 'string') return;
  if (NOT_CLUSTER_OBJECTS.has(`${groupOf(b.apiVersion) || 'v1'}/${b.kind}`)) return;
  const items: Record<string, any>[] = b.kind === 'List' && Array.isArray(b.items) ? b.items : [b];
  for (const item of items) {
    objects.push({
      file,
      index,
      apiVersion: String(item.apiVersion ?? ''),
      kind: String(item.kind ?? ''),
      name: String(item.metadata?.name ?? ''),
      namespace: typeof item.metadata?.namespace === 'string' ? item.metadata.namespace : undefined,
      body: item,
    });
  }
}

/** A manifest file's objects from the documents it is serialized from. */
export function manifestFile(path: string, docs: readonly unknown[]): ManifestFile {
  const objects: ManifestObject[] = [];
  docs.forEach((body, index) => collectObjects(path, index, body, objects));
  return { path, objects };
}

/** `Deployment nexus/nexus3`, `ClusterRole admin`: how a problem names an object. */
export function describe(o: Pick<ManifestObject, 'kind' | 'name' | 'namespace'>): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name || '<no name>'}`;
}
