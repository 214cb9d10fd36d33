/**
 * `npm run init -- --name NAME --domain DOMAIN --nodes IP1,IP2,… --gateway IP --ssh-key-file FILE
 * [--prefix 24] [--dns IP] [--format yaml|ts] [--os fcos|flatcar] [--ignition-url URL]`:
 * writes `clusters/NAME.yaml` (or `.ts`), a spec that synthesizes as it is. Roles by node count
 * (1: all roles; 2: one control-plane+etcd+worker and a worker; 3: three control-plane+etcd+worker;
 * more: three such control planes, the rest workers). Components that need facts init cannot know
 * (Ceph disks, the OIDC client of Keycloak) start switched off, with a comment saying how to turn
 * them on; every default left out is spelled out in a comment, from the JSON Schema of the spec.
 * Refuses to overwrite a spec, and a private key given as the key file. Nothing secret is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Document, isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import type * as TS from 'typescript';
import type { ClusterSpec, NodeSpec } from '../clusters/model';
import { validateSpec } from '../clusters/model';
import { GENERATOR_SPEC_RULES } from '../synth/spec-rules';
import { kubesprayReleaseFacts } from '../clusters/model/kubespray-facts';
import { versions } from '../clusters/model/versions';
import { CLUSTER_SCHEMA_FILE } from './cluster-schema';

export interface InitOptions {
  readonly name: string;
  readonly domain: string;
  readonly nodes: readonly string[];
  readonly gateway: string;
  readonly sshKeyFile: string;
  readonly prefix: number;
  readonly dns?: string;
  readonly format: 'yaml' | 'ts';
  readonly os: 'fcos' | 'flatcar';
  readonly ignitionUrl?: string;
  /** @default - the project's clusters/ */
  readonly clustersDir: string;
}

export class InitError extends Error {}

const USAGE =
  'usage: npm run init -- --name NAME --domain DOMAIN --nodes IP1,IP2,… --gateway IP --ssh-key-file FILE [--prefix 24] [--dns IP] [--format yaml|ts] [--os fcos|flatcar] [--ignition-url URL]';

export function parseInitArgs(argv: readonly string[], clustersDir: string): InitOptions {
  const values = new Map<string, string>();
  const known = ['name', 'domain', 'nodes', 'gateway', 'ssh-key-file', 'prefix', 'dns', 'format', 'os', 'ignition-url', 'clusters-dir'];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !known.includes(m[1])) throw new InitError(`unknown argument ${argv[i]}; ${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new InitError(`--${m[1]} needs a value; ${USAGE}`);
    values.set(m[1], value);
  }
  const missing = ['name', 'domain', 'nodes', 'gateway', 'ssh-key-file'].filter((k) => !values.has(k));
  if (missing.length) throw new InitError(`missing ${missing.map((k) => `--${k}`).join(', ')}; ${USAGE}`);
  const format = values.get('format') ?? 'yaml';
  if (format !== 'yaml' && format !== 'ts') throw new InitError(`--format ${format}: expected yaml or ts`);
  const os = values.get('os') ?? 'fcos';
  if (os !== 'fcos' && os !== 'flatcar') throw new InitError(`--os ${os}: expected fcos or flatcar`);
  const prefix = values.has('prefix') ? Number(values.get('prefix')) : 24;
  if (!Number.isInteger(prefix)) throw new InitError(`--prefix ${values.get('prefix')}: expected a whole number such as 24`);
  return {
    name: values.get('name')!,
    domain: values.get('domain')!,
    nodes: values.get('nodes')!.split(',').map((s) => s.trim()).filter(Boolean),
    gateway: values.get('gateway')!,
    sshKeyFile: values.get('ssh-key-file')!,
    prefix,
    dns: values.get('dns'),
    format,
    os,
    ignitionUrl: values.get('ignition-url'),
    clustersDir: values.has('clusters-dir') ? path.resolve(values.get('clusters-dir')!) : clustersDir,
  };
}

/** Public keys of the key file; a private key is refused (it must never reach a spec or the repository). */
export function readPublicKeys(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InitError(`--ssh-key-file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (/PRIVATE KEY/.test(text) || /^-----BEGIN /m.test(text)) {
    throw new InitError(`--ssh-key-file ${file}: this is a private key; give the public key (${file.endsWith('.pub') ? 'the matching .pub file' : `${file}.pub`}), never the private one`);
  }
  const keys = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (keys.length === 0) throw new InitError(`--ssh-key-file ${file}: no public key in it`);
  return keys;
}

/** Roles by node count, as the issue asks. */
export function rolesFor(index: number, count: number): NodeSpec['roles'] {
  const full: NodeSpec['roles'] = ['control-plane', 'etcd', 'worker'];
  if (count === 2) return index === 0 ? full : ['worker'];
  return index < 3 ? full : ['worker'];
}

export function initialSpec(o: InitOptions, keys: readonly string[]): ClusterSpec {
  const facts = kubesprayReleaseFacts(versions.kubespray);
  const width = Math.max(2, String(o.nodes.length).length);
  return {
    name: o.name,
    domain: o.domain,
    kubernetesVersion: facts?.kubernetesVersions[0] ?? '1.35.4',
    network: { gateway: o.gateway, prefix: o.prefix, dnsServers: [o.dns ?? o.gateway] },
    nodes: o.nodes.map((ip, i) => ({ name: `node${String(i + 1).padStart(width, '0')}`, ip, os: o.os, roles: rolesFor(i, o.nodes.length) })),
    ssh: { authorizedKeys: [...keys] },
    install: { ignitionBaseUrl: o.ignitionUrl ?? `http://provisioning.${o.domain}/${o.name}` },
    components: {
      rookCeph: { enabled: false },
      keycloak: { enabled: false },
    },
  };
}

/** Why a field is there or off, as comment lines (keyed by the field's path). */
function explanations(o: InitOptions): Record<string, string[]> {
  return {
    '': [
      `Cluster ${o.name}, started by \`npm run init\`. Every field is documented in clusters/cluster.schema.json`,
      '(and clusters/model/spec.ts); the "Left to their defaults" comments list what you may add.',
      '`npm run synth -- --cluster NAME` writes dist/NAME/ from this file.',
    ],
    kubernetesVersion: [`The newest Kubernetes Kubespray ${versions.kubespray} installs.`],
    nodes: ['Node names are yours to change (they become host names); roles follow the node count.'],
    install: ['Where you serve dist/<name>/fcc/*.ign over HTTP for the installer: change it to your web server.'],
    'components.rookCeph': [
      'Off: Ceph needs raw disks init cannot know. To turn it on: list each node\'s empty disks',
      '(nodes[].cephDisks, e.g. [sdb]) and remove `enabled: false` (replicaSize ≤ nodes with disks).',
      'Until then the platform stores its volumes on Kubespray\'s local-path provisioner.',
    ],
    'components.keycloak': [
      'Off: Keycloak serves the cluster\'s OIDC login. To turn it on, add an `oidc:` section',
      '(oidc.clientId, e.g. kube<name>), create the Secrets it names (see `npm run synth` output',
      'and deploy.sh), then remove `enabled: false`.',
    ],
    gitops: [
      'To deploy with Argo CD from a git repository instead of deploy.sh, add:',
      'gitops: { repoUrl: https://git.example.org/ops/deploy.git, revision: main, path: <name> }',
      '(docs/gitops.md).',
    ],
  };
}

type JsonSchema = { [k: string]: any };

/** `key: default  # description` lines for the optional properties of `schemaRef` that `value` leaves out. */
function defaultLines(schema: JsonSchema, ref: JsonSchema, value: Record<string, unknown>): string[] {
  const def = ref.$ref ? schema.definitions[ref.$ref.replace('#/definitions/', '')] : ref;
  if (!def?.properties) return [];
  const required: string[] = def.required ?? [];
  return Object.entries(def.properties as Record<string, JsonSchema>)
    .filter(([k]) => !(k in value) && !required.includes(k))
    .map(([k, p]) => {
      const text = (p.description ?? '').split('\n\n');
      const defaultText = p.default !== undefined ? JSON.stringify(p.default) : (text.find((t: string) => t.startsWith('Default: ')) ?? 'Default: -').replace(/^Default: /, '');
      const what = text[0] === '' || text[0].startsWith('Default: ') ? '' : `  — ${text[0].replace(/\n/g, ' ')}`;
      return `${k}: ${defaultText}${what}`;
    });
}

function propertySchema(schema: JsonSchema, parent: JsonSchema, key: string): JsonSchema | undefined {
  const def = parent.$ref ? schema.definitions[parent.$ref.replace('#/definitions/', '')] : parent;
  return def?.properties?.[key];
}

/** The YAML spec: a Document with comments, never text pasted together. */
export function yamlSpec(spec: ClusterSpec, o: InitOptions): string {
  const schema = JSON.parse(fs.readFileSync(CLUSTER_SCHEMA_FILE, 'utf8')) as JsonSchema;
  const why = explanations(o);
  const doc = new Document(spec);
  const comment = (lines: string[]) => lines.map((l) => ` ${l}`).join('\n');
  const annotate = (map: YAMLMap, ref: JsonSchema, at: string) => {
    const obj = (map.toJSON() ?? {}) as Record<string, unknown>;
    for (const pair of map.items as Pair[]) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const path = at ? `${at}.${key}` : key;
      const lines = [...(why[path] ?? [])];
      const sub = propertySchema(schema, ref, key);
      if (isMap(pair.value) && sub) annotate(pair.value, sub, path);
      if (lines.length) pair.key.commentBefore = comment(lines);
    }
    const defaults = defaultLines(schema, ref, obj);
    if (defaults.length) {
      const heading = at ? `Left to their defaults in ${at}:` : 'Left to their defaults:';
      map.comment = comment([heading, ...defaults.map((d) => `  ${d}`)]);
    }
  };
  annotate(doc.contents as YAMLMap, { $ref: '#/definitions/ClusterSpec' }, '');
  doc.commentBefore = comment(['yaml-language-server: $schema=./cluster.schema.json', ...why['']]);
  const tail = comment(why.gitops);
  doc.comment = doc.comment ? `${doc.comment}\n${tail}` : tail;
  return doc.toString({ lineWidth: 0 });
}

/** The TypeScript spec: built with the TypeScript factory and printer, comments as synthetic comments. */
export function tsSpec(spec: ClusterSpec, o: InitOptions): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ts = require('typescript') as typeof TS;
  const f = ts.factory;
  const why = explanations(o);
  const withComment = <T extends TS.Node>(node: T, lines: string[] | undefined): T => {
    for (const l of lines ?? []) ts.addSyntheticLeadingComment(node, ts.SyntaxKind.SingleLineCommentTrivia, ` ${l}`, true);
    return node;
  };
  const schema = JSON.parse(fs.readFileSync(CLUSTER_SCHEMA_FILE, 'utf8')) as JsonSchema;
  const literal = (v: unknown, at: string, ref: JsonSchema | undefined): TS.Expression => {
    if (typeof v === 'string') return f.createStringLiteral(v, true);
    if (typeof v === 'number') return f.createNumericLiteral(v);
    if (typeof v === 'boolean') return v ? f.createTrue() : f.createFalse();
    if (Array.isArray(v)) {
      const items = ref?.items as JsonSchema | undefined;
      return f.createArrayLiteralExpression(v.map((x, i) => literal(x, `${at}[${i}]`, items)), true);
    }
    const entries = Object.entries(v as object);
    const properties = entries.map(([k, x]) => {
      const path = at ? `${at}.${k}` : k;
      const key = /^[A-Za-z_$][\w$]*$/.test(k) ? f.createIdentifier(k) : f.createStringLiteral(k, true);
      return withComment(f.createPropertyAssignment(key, literal(x, path, ref && propertySchema(schema, ref, k))), why[path]);
    });
    // The same "left to their defaults" list as in a YAML spec, after the last property.
    const defaults = ref && !/\[\d+\]$/.test(at) ? defaultLines(schema, ref, v as Record<string, unknown>) : [];
    if (defaults.length && properties.length) {
      const last = properties[properties.length - 1];
      for (const l of [at ? `Left to their defaults in ${at}:` : 'Left to their defaults:', ...defaults.map((d) => `  ${d}`)]) {
        ts.addSyntheticTrailingComment(last, ts.SyntaxKind.SingleLineCommentTrivia, ` ${l}`, true);
      }
    }
    return f.createObjectLiteralExpression(properties, true);
  };
  const imp = f.createImportDeclaration(undefined, f.createImportClause(true, undefined, f.createNamedImports([f.createImportSpecifier(false, undefined, f.createIdentifier('ClusterSpec'))])), f.createStringLiteral('./model', true));
  const decl = f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList([f.createVariableDeclaration('spec', undefined, f.createTypeReferenceNode('ClusterSpec'), literal(spec, '', { $ref: '#/definitions/ClusterSpec' }))], ts.NodeFlags.Const),
  );
  const exp = withComment(f.createExportAssignment(undefined, undefined, f.createIdentifier('spec')), why.gitops);
  const file = f.updateSourceFile(ts.createSourceFile(`${o.name}.ts`, '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS), [withComment(imp, why['']), decl, exp]);
  return ts.createPrinter({ newLine: ts.NewLineKind.LineFeed }).printFile(file);
}

/** Checks the options, writes the spec, returns its path. Writes nothing when anything is wrong. */
export function init(o: InitOptions): string {
  const existing = ['.ts', '.yaml', '.yml'].map((ext) => path.join(o.clustersDir, `${o.name}${ext}`)).filter((p) => fs.existsSync(p));
  if (existing.length) throw new InitError(`${existing.map((p) => path.relative(process.cwd(), p)).join(', ')} already exists: init never overwrites a spec (edit it, or choose another --name)`);
  if (o.nodes.length === 0) throw new InitError('--nodes: give at least one node address, e.g. --nodes 192.168.1.21,192.168.1.22');
  const keys = readPublicKeys(o.sshKeyFile);
  const spec = initialSpec(o, keys);
  // The spec must pass every rule: the same check as synth, with the option names in the message.
  try {
    validateSpec(spec, `npm run init -- --name ${o.name}`, GENERATOR_SPEC_RULES);
  } catch (e) {
    throw new InitError(`${(e as Error).message}\n(the fields come from --name, --domain, --nodes, --gateway, --prefix, --dns, --ssh-key-file, --ignition-url)`);
  }
  const target = path.join(o.clustersDir, `${o.name}.${o.format}`);
  fs.writeFileSync(target, o.format === 'yaml' ? yamlSpec(spec, o) : tsSpec(spec, o), { flag: 'wx' });
  return target;
}

if (require.main === module) {
  try {
    const target = init(parseInitArgs(process.argv.slice(2), path.resolve(__dirname, '..', 'clusters')));
    const name = path.basename(target).replace(/\.(ya?ml|ts)$/, '');
    console.log(`wrote ${path.relative(process.cwd(), target)}; next: npm run synth -- --cluster ${name}`);
  } catch (e) {
    console.error(e instanceof InitError ? e.message : e);
    process.exitCode = 1;
  }
}
