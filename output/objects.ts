/**
 * The Kubernetes objects of a cluster output: every YAML document with an `apiVersion` and a
 * `kind`, from the files that `kubectl apply` would be given (Ansible inventories, Helm values
 * and kustomizations are not objects of the cluster).
 */
import { parseAllDocuments } from 'yaml';
import type { OutputFile } from './files';
import { collectObjects, type ManifestObject } from './manifest-objects';

/** A problem in a file that is not about one object (YAML syntax). */
export interface FileProblem {
  readonly file: string;
  readonly message: string;
}

/** Folders whose YAML is not Kubernetes objects (Ansible inventory, Helm values). */
const NOT_MANIFEST_DIRS = ['inventory/', 'helm/', 'fcc/'];

/** Whether a file may hold objects to apply. */
export function isManifestFile(file: string): boolean {
  return /\.ya?ml$/.test(file) && !NOT_MANIFEST_DIRS.some((d) => file.startsWith(d)) && !file.includes('/kustomization.') && !/^deploy\.ya?ml$/.test(file);
}

/** Folders holding a kustomization: their files are kustomize inputs (patches…), not objects to apply as they are. */
function kustomizeDirs(files: readonly OutputFile[]): string[] {
  return files.map((f) => /^(.*\/)kustomization\.ya?ml$/.exec(f.path)?.[1]).filter((d): d is string => d !== undefined);
}

interface ParsedFile {
  readonly objects: ManifestObject[];
  readonly problems: FileProblem[];
}

/**
 * Objects of a file, by file: the validator and `--diff` read the rendered files, and parsing
 * thousands of YAML documents is the slow part of a large synth.
 */
const parsedFiles = new WeakMap<OutputFile, ParsedFile>();

/**
 * Declares the objects a rendered file was serialized from, so that they are not parsed back
 * (synth renders manifests from these very objects). `npm run validate` reads files from disk and
 * always parses them.
 */
export function rememberObjects(file: OutputFile, objects: readonly ManifestObject[]): void {
  parsedFiles.set(file, { objects: [...objects], problems: [] });
}

function parseFile(f: OutputFile): ParsedFile {
  const known = parsedFiles.get(f);
  if (known) return known;
  const parsed: ParsedFile = { objects: [], problems: [] };
  const docs = parseAllDocuments(f.content);
  if (Array.isArray(docs)) {
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) parsed.problems.push({ file: f.path, message: `document ${index + 1}: YAML error: ${doc.errors[0].message}` });
      else collectObjects(f.path, index, doc.toJS(), parsed.objects);
    });
  }
  parsedFiles.set(f, parsed);
  return parsed;
}

/** The files `readObjects` reads objects from: manifest files outside the folders of a kustomization. */
export function objectFiles(files: readonly OutputFile[]): OutputFile[] {
  const kustomize = kustomizeDirs(files);
  return files.filter((f) => isManifestFile(f.path) && !kustomize.some((d) => f.path.startsWith(d)));
}

/** Parses the objects of the given files; YAML errors are returned, not thrown. */
export function readObjects(files: readonly OutputFile[]): { objects: ManifestObject[]; problems: FileProblem[] } {
  const objects: ManifestObject[] = [];
  const problems: FileProblem[] = [];
  for (const f of objectFiles(files)) {
    const parsed = parseFile(f);
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  return { objects, problems };
}
