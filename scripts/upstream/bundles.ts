/**
 * The objects each operator bundle of `operators/` creates, derived from the plain YAML of the
 * pinned release in its repository (or its kustomize base, built with `kubectl kustomize`) and
 * committed as `upstream/bundles/<release>.json`: kind, namespace, name, containers and images,
 * ConfigMap keys, webhooks. A release asset the repository does not hold in plain YAML (a Helm
 * chart rendered at release time) is recorded as unavailable, with its URL: never invented.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { versions } from '../../clusters/model/versions';
import { pinned, sha256, tagCommit, type InputLocations } from './inputs';
import type { BundleFacts, BundleObject, BundleResourceFacts } from '../../upstream/facts';

/** How the objects of one resource of a release are derived. */
export type BundleDerivation =
  /** Plain YAML files of the repository at the tag. */
  | { readonly repo: string; readonly tag: string; readonly paths: readonly string[]; readonly note?: string }
  /** `kubectl kustomize` of a folder of the repository at the tag (the release is that base). */
  | { readonly repo: string; readonly tag: string; readonly kustomize: string; readonly note?: string }
  /** Not in plain YAML anywhere in the repository: which file is needed, and why. */
  | { readonly unavailable: string };

export interface BundleResourceSource {
  /** The resource exactly as the operators kustomization lists it. */
  readonly url: string;
  readonly derive: BundleDerivation;
}

export interface BundleSource {
  /** `OperatorRelease.name`. */
  readonly name: string;
  /** Key of the release in the versions module (a source whose key the module no longer has is left out). */
  readonly versionKey: string;
  readonly resources: readonly BundleResourceSource[];
}

/** Loosely typed: a pin a component's replacement removed leaves its source out (see `pinned`). */
const v = versions as unknown as Record<string, string>;
const bare = (s: string) => s.replace(/^v/, '');

/** Every operator release `operators/` may install (see charts/operators.ts). */
export function bundleSources(): BundleSource[] {
  const rook = (f: string): BundleResourceSource => ({ url: `https://raw.githubusercontent.com/rook/rook/${v.rook}/deploy/examples/${f}`, derive: { repo: 'rook/rook', tag: v.rook, paths: [`deploy/examples/${f}`] } });
  const all: BundleSource[] = [
    {
      name: 'ingress-nginx',
      versionKey: 'ingressNginx',
      resources: [
        {
          url: `https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-${v.ingressNginx}/deploy/static/provider/baremetal/deploy.yaml`,
          derive: { repo: 'kubernetes/ingress-nginx', tag: `controller-${v.ingressNginx}`, paths: ['deploy/static/provider/baremetal/deploy.yaml'] },
        },
      ],
    },
    {
      name: 'kubernetes-dashboard',
      versionKey: 'kubernetesDashboard',
      resources: [{ url: `https://raw.githubusercontent.com/kubernetes/dashboard/${v.kubernetesDashboard}/aio/deploy/recommended.yaml`, derive: { repo: 'kubernetes/dashboard', tag: v.kubernetesDashboard, paths: ['aio/deploy/recommended.yaml'] } }],
    },
    {
      name: 'envoy-gateway',
      versionKey: 'envoyGateway',
      resources: [
        {
          url: `https://github.com/envoyproxy/gateway/releases/download/${v.envoyGateway}/install.yaml`,
          derive: {
            unavailable: `release asset rendered at release time by \`helm template\` of charts/gateway-crds-helm and charts/gateway-helm (tools/make/kube.mk, generate-manifests); the repository holds only the templates (needed in shared/: install.yaml of Envoy Gateway ${v.envoyGateway})`,
          },
        },
      ],
    },
    {
      name: 'cert-manager',
      versionKey: 'certManager',
      resources: [
        {
          url: `https://github.com/cert-manager/cert-manager/releases/download/${v.certManager}/cert-manager.yaml`,
          derive: { unavailable: `release asset rendered from the Helm chart deploy/charts/cert-manager at release time; the repository holds only the templates (needed in shared/: cert-manager.yaml of ${v.certManager})` },
        },
      ],
    },
    { name: 'rook', versionKey: 'rook', resources: ['crds.yaml', 'common.yaml', 'csi-operator.yaml', 'operator.yaml'].map(rook) },
    {
      name: 'prometheus-operator-crds',
      versionKey: 'prometheusOperator',
      resources: [
        {
          url: `https://github.com/prometheus-operator/prometheus-operator/releases/download/${v.prometheusOperator}/stripped-down-crds.yaml`,
          derive: {
            repo: 'prometheus-operator/prometheus-operator',
            tag: v.prometheusOperator,
            paths: ['example/prometheus-operator-crd/'],
            note: 'the release asset is these CRDs with their descriptions stripped: the same objects',
          },
        },
      ],
    },
    {
      name: 'eck',
      versionKey: 'eck',
      resources: [
        { url: `https://download.elastic.co/downloads/eck/${bare(v.eck)}/crds.yaml`, derive: { repo: 'elastic/cloud-on-k8s', tag: v.eck, paths: ['config/crds/v1/all-crds.yaml'] } },
        {
          url: `https://download.elastic.co/downloads/eck/${bare(v.eck)}/operator.yaml`,
          derive: { unavailable: `release asset rendered from the Helm chart deploy/eck-operator at release time; the repository holds only the templates (needed in shared/: operator.yaml of ECK ${bare(v.eck)})` },
        },
      ],
    },
    {
      name: 'crunchy-pgo',
      versionKey: 'crunchyPgo',
      resources: [{ url: `https://github.com/CrunchyData/postgres-operator//config/default?ref=${v.crunchyPgo}`, derive: { repo: 'CrunchyData/postgres-operator', tag: v.crunchyPgo, kustomize: 'config/default' } }],
    },
  ];
  return all.filter((source) => pinned(source.versionKey) !== undefined);
}

// The shape of the committed facts is read at run time too (images-gen): it lives in the leaf upstream/facts.ts.
export type { BundleFacts, BundleObject, BundleResourceFacts } from '../../upstream/facts';
export { bundleFile } from '../../upstream/facts';

/** An image reference with a registry or repository path and a tag or digest. */
const IMAGE_REF = /^[a-z0-9.-]+(?::\d+)?\/[^\s:@]+(?::[\w.-]+)?(?:@sha256:[0-9a-f]{64})?$/;

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

function podSpec(body: any): any {
  if (body.kind === 'CronJob') return body.spec?.jobTemplate?.spec?.template?.spec;
  if (body.kind === 'Pod') return body.spec;
  return WORKLOADS.has(body.kind) ? body.spec?.template?.spec : undefined;
}

/** The facts of one object (kustomize and plain YAML alike). */
export function bundleObject(body: any): BundleObject | undefined {
  if (!body?.kind || !body?.metadata?.name) return undefined;
  const pod = podSpec(body);
  const containers = pod
    ? [
        ...(pod.initContainers ?? []).map((c: any) => ({ name: String(c.name), image: String(c.image), init: true as const })),
        ...(pod.containers ?? []).map((c: any) => ({ name: String(c.name), image: String(c.image) })),
      ]
    : undefined;
  const envImages = pod
    ? [...(pod.initContainers ?? []), ...(pod.containers ?? [])]
        .flatMap((c: any) => (c.env ?? []).filter((e: any) => /IMAGE/.test(String(e.name)) && typeof e.value === 'string' && IMAGE_REF.test(e.value)))
        .map((e: any) => ({ name: String(e.name), image: String(e.value) }))
        .sort((a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1))
    : [];
  const webhooks = /WebhookConfiguration$/.test(body.kind)
    ? (body.webhooks ?? []).map((w: any) => ({ name: String(w.name), ...(w.clientConfig?.service ? { service: `${w.clientConfig.service.namespace}/${w.clientConfig.service.name}` } : {}) }))
    : undefined;
  return {
    apiVersion: String(body.apiVersion),
    kind: String(body.kind),
    ...(body.metadata.namespace ? { namespace: String(body.metadata.namespace) } : {}),
    name: String(body.metadata.name),
    ...(containers ? { containers } : {}),
    ...(envImages.length ? { envImages } : {}),
    ...(body.kind === 'ConfigMap' ? { dataKeys: Object.keys(body.data ?? {}).sort() } : {}),
    ...(webhooks ? { webhooks } : {}),
  };
}

export function objectsOfYaml(texts: ReadonlyArray<{ name: string; text: string }>): BundleObject[] {
  const out: BundleObject[] = [];
  for (const t of texts) {
    for (const doc of parseAllDocuments(t.text) as any[]) {
      if (doc.errors?.length) throw new Error(`${t.name}: YAML error: ${doc.errors[0].message}`);
      const body = doc.toJS({ maxAliasCount: -1 });
      const items = body?.kind?.endsWith?.('List') && Array.isArray(body.items) ? body.items : [body];
      for (const item of items) {
        const o = bundleObject(item);
        if (o) out.push(o);
      }
    }
  }
  return out;
}

const git = (dir: string, args: string[], encoding: 'utf8' | 'buffer' = 'utf8') =>
  execFileSync('git', ['-C', dir, ...args], { encoding: encoding as any, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] }) as unknown as string;

function mirrorOf(at: InputLocations, repo: string): string | undefined {
  return at.mirrors.map((m) => path.join(m, repo.replace('/', '+'), 'repo')).find((d) => fs.existsSync(d));
}

/** Derives one resource; undefined when its repository is not reachable here. */
export function deriveBundleResource(r: BundleResourceSource, at: InputLocations): BundleResourceFacts | undefined {
  const d = r.derive;
  if ('unavailable' in d) return { url: r.url, derivedFrom: `unavailable: ${d.unavailable}` };
  const dir = mirrorOf(at, d.repo);
  const commit = dir && tagCommit(dir, d.tag);
  if (!dir || !commit) return undefined;
  let texts: Array<{ name: string; text: string }>;
  let from: string;
  if ('paths' in d) {
    const names = d.paths.flatMap((p) => (p.endsWith('/') ? git(dir, ['ls-tree', '-r', '--name-only', commit, p]).split('\n').filter((n) => /\.ya?ml$/.test(n) && !/kustomization\.ya?ml$/.test(n)).sort() : [p]));
    texts = names.map((n) => ({ name: n, text: git(dir, ['show', `${commit}:${n}`]) }));
    from = `${d.repo}@${d.tag}:${d.paths.join(',')}`;
  } else {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    try {
      const tar = execFileSync('git', ['-C', dir, 'archive', '--format=tar', commit, path.posix.dirname(d.kustomize)], { maxBuffer: 1 << 28 });
      execFileSync('tar', ['-x', '-C', tmp], { input: tar });
      const built = execFileSync('kubectl', ['kustomize', path.join(tmp, d.kustomize)], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
      texts = [{ name: `kubectl kustomize ${d.kustomize}`, text: built }];
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    from = `kubectl kustomize ${d.repo}@${d.tag}:${d.kustomize}`;
  }
  return { url: r.url, derivedFrom: from, commit, sha256: texts.map((t) => sha256(t.text)), ...(d.note ? { note: d.note } : {}), objects: objectsOfYaml(texts) };
}

/** The facts of one release; `unreachable` lists the resources whose repository is not here. */
export function deriveBundle(source: BundleSource, at: InputLocations): { facts: BundleFacts; unreachable: string[] } {
  const resources: BundleResourceFacts[] = [];
  const unreachable: string[] = [];
  for (const r of source.resources) {
    const f = deriveBundleResource(r, at);
    if (f) resources.push(f);
    else unreachable.push(`${source.name}: ${r.url} (${'repo' in r.derive ? `${r.derive.repo}@${r.derive.tag}` : ''})`);
  }
  return {
    facts: {
      generatedBy: 'npm run derive-upstream (scripts/upstream/bundles.ts); do not edit',
      name: source.name,
      release: pinned(source.versionKey)!,
      versionKey: source.versionKey,
      resources,
    },
    unreachable,
  };
}

export const renderBundleFacts = (f: BundleFacts) => `${JSON.stringify(f, null, 1)}\n`;
