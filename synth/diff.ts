/**
 * `npm run synth -- --diff`: what a synth would change in `dist/<cluster>/`, written nowhere.
 * Kubernetes objects are compared by identity (group, kind, namespace, name) across the manifest
 * files, so a change reads "~ Deployment nexus/nexus3" rather than a text diff; other files by
 * content and mode. Files synth did not create (Kubespray's credentials…) are never "removed".
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import type { OutputFile } from '../output/files';
import { isManifestFile, readObjects } from '../output/objects';
import { describe, groupOf, type ManifestObject } from '../output/manifest-objects';
import { CREATED_FILES_LIST } from './write';

export interface OutputChange {
  readonly change: '+' | '-' | '~';
  /** `Deployment nexus/nexus3 (manifests/30-nexus.yaml)` or `file inventory/inventory.ini`. */
  readonly what: string;
}

/** The files synth created last time in `dir`, with their content and mode. */
function readPrevious(dir: string): OutputFile[] {
  if (!fs.existsSync(dir)) return [];
  let created: string[] = [];
  try {
    created = JSON.parse(fs.readFileSync(path.join(dir, CREATED_FILES_LIST), 'utf8')) as string[];
  } catch {
    created = [];
  }
  return created
    .filter((p) => fs.existsSync(path.join(dir, p)))
    .map((p) => ({ path: p, content: fs.readFileSync(path.join(dir, p), 'utf8'), mode: fs.statSync(path.join(dir, p)).mode & 0o777 }));
}

const identity = (o: ManifestObject) => `${groupOf(o.apiVersion)}/${o.kind}/${o.namespace ?? ''}/${o.name}`;

export function diffOutput(previous: readonly OutputFile[], next: readonly OutputFile[]): OutputChange[] {
  const changes: OutputChange[] = [];
  const before = new Map(readObjects(previous).objects.map((o) => [identity(o), o]));
  const after = new Map(readObjects(next).objects.map((o) => [identity(o), o]));
  const where = (o: ManifestObject) => `${describe(o)} (${o.file})`;
  for (const [key, o] of after) {
    const old = before.get(key);
    if (!old) changes.push({ change: '+', what: where(o) });
    else if (!isDeepStrictEqual(old.body, o.body)) changes.push({ change: '~', what: where(o) });
    else if (old.file !== o.file) changes.push({ change: '~', what: `${where(o)}: moved from ${old.file}` });
  }
  for (const [key, o] of before) if (!after.has(key)) changes.push({ change: '-', what: where(o) });

  const prev = new Map(previous.map((f) => [f.path, f]));
  const nextPaths = new Set(next.map((f) => f.path));
  for (const f of next) {
    const old = prev.get(f.path);
    const manifest = isManifestFile(f.path);
    if (!old) changes.push({ change: '+', what: `file ${f.path}` });
    else if (old.content !== f.content || (old.mode ?? 0o644) !== (f.mode ?? 0o644)) {
      // A manifest whose objects did not change can still differ in layout or order.
      const objectsChanged = changes.some((c) => c.what.endsWith(`(${f.path})`) || c.what.endsWith(`from ${f.path}`));
      if (!manifest) changes.push({ change: '~', what: `file ${f.path}${old.content === f.content ? ' (mode)' : ''}` });
      else if (!objectsChanged) changes.push({ change: '~', what: `file ${f.path} (same objects, different text)` });
    }
  }
  for (const f of previous) if (!nextPaths.has(f.path)) changes.push({ change: '-', what: `file ${f.path}` });
  return changes;
}

/** The changes synth would make to `<distRoot>/<cluster>/`. */
export function diffClusterOutput(distRoot: string, cluster: string, next: readonly OutputFile[]): OutputChange[] {
  return diffOutput(readPrevious(path.join(distRoot, cluster)), next);
}
