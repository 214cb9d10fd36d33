/** A spec rendered in memory as synth renders it, with its manifests parsed back from the YAML (what kubectl reads). */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { validateSpec, type ClusterModel } from '../../clusters/model';
import type { OutputFile } from '../../output/files';
import { cacheKey, fileIdentity, memo } from '../../synth/cache';
import { PROJECT_ROOT } from '../../output/project-root';

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
  /** Every file of `dist/<cluster>/`, as synth would write it (with its mode). */
  readonly output: readonly OutputFile[];
  /** The same files' text, by path. */
  readonly files: Record<string, string>;
  /** Every object of `manifests/`. */
  readonly objects: K8sObject[];
  /** The objects of one manifest file, by chart id (`40-keycloak` → `manifests/40-keycloak.yaml`). */
  readonly objectsOf: (chart: string) => K8sObject[];
}

/** The documents of a YAML stream; a syntax error throws. */
export function parseYamlStream(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('\n'));
      return d.toJS();
    })
    .filter((d) => d != null);
}

/**
 * Everything a rendering depends on besides the spec: the sources and data of the render path and
 * the installed packages (package-lock.json), by path, size and modification time.
 */
const RENDER_INPUTS = ['charts', 'clusters', 'imports', 'inventory-gen', 'fcc-gen', 'topology-gen', 'output', 'dns-gen', 'deploy-gen', 'gitops-gen', 'images-gen', 'synth', 'upstream', 'package-lock.json', 'tsconfig.json'];

let renderCode: string | undefined;
function renderCodeIdentity(): string {
  if (renderCode) return renderCode;
  const ids: string[] = [];
  const visit = (abs: string) => {
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const name of fs.readdirSync(abs).sort()) visit(path.join(abs, name));
    else ids.push(fileIdentity(abs));
  };
  for (const rel of RENDER_INPUTS) visit(path.join(PROJECT_ROOT, rel));
  return (renderCode = cacheKey(...ids));
}

/**
 * The files synth renders for this model. Many test files render the same spec (lacave): the files
 * are remembered in build/.cache by spec and code (`SYNTH_NO_CACHE=render` turns it off), and the
 * charts are loaded only on a miss.
 */
function renderedFiles(spec: unknown, model: ClusterModel): readonly OutputFile[] {
  // `undefined` is kept apart from an absent key: a test may set a field to undefined on purpose.
  const key = cacheKey('test-render-1', renderCodeIdentity(), JSON.stringify(spec, (_k, v) => (v === undefined ? '\u0000undefined' : v)));
  return memo<readonly OutputFile[]>('render', key, () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { renderCluster } = require('../../synth/render') as typeof import('../../synth/render');
    return renderCluster(model).files;
  });
}

export function render(spec: unknown): Rendered {
  const model = validateSpec(spec);
  const output = renderedFiles(spec, model);
  const files = Object.fromEntries(output.map((f) => [f.path, f.content]));
  const byFile = new Map(output.filter((f) => f.path.startsWith('manifests/')).map((f) => [f.path, parseYamlStream(f.content) as K8sObject[]]));
  return { model, output, files, objects: [...byFile.values()].flat(), objectsOf: (chart) => byFile.get(`manifests/${chart}.yaml`) ?? [] };
}

/** The object of that kind and name; `namespace` must match exactly (none: a cluster-scoped object). */
export const find = (objects: readonly K8sObject[], kind: string, name: string, namespace?: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);

/** Every object of that kind (and name, when given), in any namespace. */
export const ofKind = (objects: readonly K8sObject[], kind: string, name?: string) => objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

/** `customTags` for reading inventory files with the `yaml` package: Ansible's `!vault` and `!unsafe` scalars read as their text. */
export const ANSIBLE_TAGS = ['!vault', '!unsafe'].map((tag) => ({ tag, resolve: (text: string) => text }));
