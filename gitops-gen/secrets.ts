/**
 * Which namespaces need each Secret the spec says exists (`model.externalSecrets`), found in the
 * rendered output: a manifest object or a Helm release's values naming the Secret under a
 * secret-ish key (`secretKeyRef.name`, `secret.secretName`, `existingSecret`, a ClusterIssuer's
 * `ca.secretName`…). One Secret may be needed in several namespaces (the OIDC client secret:
 * Keycloak's realm and the dashboard proxy).
 */
import type { ClusterModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import type { HelmRelease } from '../charts/lib/helm-release';
import type { ManifestObject } from '../output/manifest-objects';

export interface SecretNeed {
  readonly namespace: string;
  readonly name: string;
}

/** Paths (last few keys) under which a string names a Secret. */
const SECRETISH = /secret/i;

function mentions(value: unknown, name: string, path: readonly string[] = []): boolean {
  if (typeof value === 'string') return value === name && path.slice(-3).some((k) => SECRETISH.test(k));
  if (Array.isArray(value)) return value.some((v) => mentions(v, name, path));
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => mentions(v, name, [...path, k]));
  return false;
}

/** Namespace a cluster-scoped object reads its Secrets from. */
function secretNamespaceOf(o: ManifestObject): string | undefined {
  if (o.namespace) return o.namespace;
  // cert-manager reads a ClusterIssuer's Secrets from its cluster resource namespace.
  if (o.kind === 'ClusterIssuer') return platformNamespaces.certManager;
  return undefined;
}

/** The Secrets a group of objects (one manifest file) needs, sorted. */
export function secretsNeededByObjects(model: ClusterModel, objects: readonly ManifestObject[]): SecretNeed[] {
  const needs = new Map<string, SecretNeed>();
  for (const s of model.externalSecrets) {
    for (const o of objects) {
      const namespace = secretNamespaceOf(o);
      if (namespace && mentions(o.body, s.secretName)) needs.set(`${namespace}/${s.secretName}`, { namespace, name: s.secretName });
    }
  }
  return sorted(needs);
}

/** The Secrets a Helm release's values name, in the release's namespace. */
export function secretsNeededByRelease(model: ClusterModel, release: HelmRelease): SecretNeed[] {
  const needs = new Map<string, SecretNeed>();
  for (const s of model.externalSecrets) {
    if (mentions(release.values, s.secretName)) needs.set(`${release.namespace}/${s.secretName}`, { namespace: release.namespace, name: s.secretName });
  }
  return sorted(needs);
}

function sorted(needs: Map<string, SecretNeed>): SecretNeed[] {
  return [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
}
