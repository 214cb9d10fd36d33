/**
 * The Secrets a deploy needs before it touches the cluster: every Secret the output references by
 * name that nothing in the output produces. The admin creates them (values never pass through
 * the spec or `dist/`); the deploy checks they exist, with their keys, and prints the
 * `kubectl create secret …` command of each missing one, with placeholders for the values.
 */
import type { ClusterModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import type { HelmRelease } from '../charts/lib/helm-release';
import { groupOf, type ManifestObject } from '../output/manifest-objects';
import { operatorOutputs } from '../output/operator-outputs';

/** One Secret the cluster must hold before the deploy. */
export interface RequiredSecret {
  readonly namespace: string;
  readonly name: string;
  /** Keys the output reads (sorted); empty when only the Secret is referenced (a whole volume). */
  readonly keys: readonly string[];
  /** `kubernetes.io/tls` Secrets are created from files, not literals. */
  readonly tls: boolean;
  /** What references it (`Deployment nexus/nexus3`, `helm release monitoring/kube-prometheus-stack`). */
  readonly referencedBy: readonly string[];
}

interface Reference {
  readonly namespace: string;
  readonly name: string;
  readonly key?: string;
  readonly tls?: boolean;
  readonly by: string;
}

const describeObject = (o: ManifestObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

/** Secret references in one object: env `secretKeyRef`, `envFrom.secretRef`, secret volumes, TLS of Ingresses and Gateways, CA of issuers. */
function referencesOf(o: ManifestObject): Reference[] {
  const refs: Reference[] = [];
  const by = describeObject(o);
  const gk = `${groupOf(o.apiVersion)}/${o.kind}`;
  if (gk === 'cert-manager.io/ClusterIssuer' || gk === 'cert-manager.io/Issuer') {
    const ns = gk === 'cert-manager.io/Issuer' ? (o.namespace ?? 'default') : platformNamespaces.certManager; // cert-manager's --cluster-resource-namespace, by default its own
    const ca = o.body.spec?.ca?.secretName;
    if (typeof ca === 'string') refs.push({ namespace: ns, name: ca, key: 'tls.key', tls: true, by }, { namespace: ns, name: ca, key: 'tls.crt', tls: true, by });
    return refs;
  }
  if (!o.namespace) return refs;
  const ns = o.namespace;
  const walk = (v: unknown, parentKey: string | undefined): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, parentKey));
    if (!v || typeof v !== 'object') return;
    const r = v as Record<string, unknown>;
    if (parentKey === 'secretKeyRef' && typeof r.name === 'string') {
      if (r.optional !== true) refs.push({ namespace: ns, name: r.name, key: typeof r.key === 'string' ? r.key : undefined, by });
      return;
    }
    if (parentKey === 'secretRef' && typeof r.name === 'string') {
      if (r.optional !== true) refs.push({ namespace: ns, name: r.name, by });
      return;
    }
    if (parentKey === 'secret' && typeof r.secretName === 'string') {
      if (r.optional !== true) refs.push({ namespace: ns, name: r.secretName, by });
      return;
    }
    if (parentKey === 'imagePullSecrets' && typeof r.name === 'string') {
      refs.push({ namespace: ns, name: r.name, by });
      return;
    }
    for (const [k, child] of Object.entries(r)) walk(child, k);
  };
  // Ingress TLS Secrets are written by cert-manager (a Certificate of the output) or required.
  if (gk === 'networking.k8s.io/Ingress') {
    for (const t of (o.body.spec?.tls ?? []) as Array<{ secretName?: string }>) if (t.secretName) refs.push({ namespace: ns, name: t.secretName, tls: true, by });
    return refs;
  }
  // A Gateway's listener certificates, possibly in other namespaces (allowed by ReferenceGrants).
  if (gk === 'gateway.networking.k8s.io/Gateway') {
    for (const l of (o.body.spec?.listeners ?? []) as Array<{ tls?: { certificateRefs?: Array<{ group?: string; kind?: string; name?: string; namespace?: string }> } }>) {
      for (const c of l.tls?.certificateRefs ?? []) if (c.name && (c.group ?? '') === '' && (c.kind ?? 'Secret') === 'Secret') refs.push({ namespace: c.namespace ?? ns, name: c.name, tls: true, by });
    }
    return refs;
  }
  walk(o.body.spec, undefined);
  return refs;
}

/** Secrets an operator writes for a custom resource of the output (the table the validator reads too). */
function producedBy(objects: readonly ManifestObject[]): (namespace: string, name: string) => boolean {
  const produced = new Set(operatorOutputs(objects).secrets.map((s) => `${s.namespace}/${s.name}`));
  return (namespace, name) => produced.has(`${namespace}/${name}`);
}

/** Where the Helm values name one of the model's external Secrets: the release's namespace. */
function helmReferences(model: ClusterModel, releases: readonly HelmRelease[]): Reference[] {
  const refs: Reference[] = [];
  const external = new Map(model.externalSecrets.map((s) => [s.secretName, s] as const));
  for (const r of releases) {
    const seen = new Set<string>();
    const walk = (v: unknown) => {
      if (typeof v === 'string' && external.has(v)) seen.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(r.values);
    for (const name of seen) {
      const keys = model.externalSecrets.filter((s) => s.secretName === name).map((s) => s.key);
      for (const key of keys) refs.push({ namespace: r.namespace, name, key, by: `helm release ${r.namespace}/${r.name}` });
    }
  }
  return refs;
}

/**
 * The Secrets to check before the deploy: every reference of the manifests that the output does
 * not produce, and the model's external Secrets where the Helm values name them; sorted.
 */
export function requiredSecrets(model: ClusterModel, objects: readonly ManifestObject[], releases: readonly HelmRelease[] = []): RequiredSecret[] {
  const produced = producedBy(objects);
  const refs = [...objects.flatMap(referencesOf), ...helmReferences(model, releases)].filter((r) => !produced(r.namespace, r.name));
  const external = new Map<string, Set<string>>();
  for (const s of model.externalSecrets) external.set(s.secretName, (external.get(s.secretName) ?? new Set()).add(s.key));
  const byId = new Map<string, { namespace: string; name: string; keys: Set<string>; tls: boolean; by: Set<string> }>();
  for (const r of refs) {
    const id = `${r.namespace}/${r.name}`;
    const entry = byId.get(id) ?? { namespace: r.namespace, name: r.name, keys: new Set<string>(), tls: false, by: new Set<string>() };
    if (r.key) entry.keys.add(r.key);
    // Keys the model declares for an external Secret are all checked, wherever it is referenced.
    for (const k of external.get(r.name) ?? []) entry.keys.add(k);
    entry.tls ||= r.tls === true;
    entry.by.add(r.by);
    byId.set(id, entry);
  }
  return [...byId.values()]
    .map((e) => ({ namespace: e.namespace, name: e.name, keys: [...e.keys].sort(), tls: e.tls, referencedBy: [...e.by].sort() }))
    .sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1));
}

/** The command that creates a missing Secret, with `<placeholders>` where the admin puts the values. */
export function createSecretCommand(s: RequiredSecret): string[] {
  if (s.tls) return ['kubectl', 'create', 'secret', 'tls', s.name, '--namespace', s.namespace, '--cert=<path to the certificate (PEM)>', '--key=<path to the private key (PEM)>'];
  const keys = s.keys.length > 0 ? s.keys : ['<key>'];
  return ['kubectl', 'create', 'secret', 'generic', s.name, '--namespace', s.namespace, ...keys.map((k) => `--from-literal=${k}=<${k === '<key>' ? 'value' : k}>`)];
}
