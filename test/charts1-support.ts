/** Helpers of the charts1 tests: render a spec's manifests and platform files, find tools and shared data. */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { validateSpec, type ClusterModel } from '../clusters/model';
import { renderPlatformFiles } from '../charts';
import { renderManifests } from '../synth/render';
import type { OutputFile } from '../synth/output';

/** A Kubernetes object as read back from the rendered YAML. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [key: string]: any;
}

export interface Rendered {
  readonly model: ClusterModel;
  /** `manifests/*.yaml` and the platform files, by path. */
  readonly files: Record<string, string>;
  /** Every object of `manifests/`, parsed back from the YAML (what kubectl would read). */
  readonly objects: K8sObject[];
}

export function render(spec: unknown): Rendered {
  const model = validateSpec(spec);
  const out: OutputFile[] = [...renderManifests(model).files, ...renderPlatformFiles(model)];
  const files = Object.fromEntries(out.map((f) => [f.path, f.content]));
  const objects = out.filter((f) => f.path.startsWith('manifests/')).flatMap((f) => parseYamlStream(f.content) as K8sObject[]);
  return { model, files, objects };
}

export function parseYamlStream(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('\n'));
    return d.toJS();
  }).filter((d) => d != null);
}

export const find = (objects: K8sObject[], kind: string, name: string, namespace?: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);

/** `../shared/<sub>` of the project (reference material, pinned CRDs), or undefined when absent. */
export function sharedPath(sub: string): string | undefined {
  const p = path.resolve(__dirname, '..', '..', 'shared', sub);
  return fs.existsSync(p) ? p : undefined;
}

/**
 * Whether a real tool (or shared data) is there. Missing: under CI the test fails; elsewhere it
 * is skipped with a visible notice.
 */
