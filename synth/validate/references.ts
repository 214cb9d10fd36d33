/**
 * Duplicates and dangling references between the objects of a cluster output:
 * Certificate / issuer annotation → Issuer or ClusterIssuer; Ingress and Gateway API routes →
 * Service and port; route → Gateway and listener; Gateway listener → TLS Secret (across namespaces
 * only with a ReferenceGrant); anything with a `storageClassName` → StorageClass; secretKeyRef,
 * envFrom secretRef, secret volumes, imagePullSecrets, Ingress TLS → Secret; (Cluster)RoleBinding
 * → Role or ClusterRole.
 * A target counts when it is produced by the output, by an operator for a produced custom
 * resource, or exists outside (see produced.ts).
 */
import { BUILT_IN_CLUSTER_ROLES, externalObjects, type ExternalObjects } from './produced';
import { operatorOutputs, type NamedTarget, type ServiceTarget } from '../../output/operator-outputs';
import { groupOf, type ManifestObject } from '../../output/manifest-objects';

export interface ReferenceProblem {
  readonly object: ManifestObject;
  readonly message: string;
}

/** Cluster-scoped built-in kinds, by `group/kind` (custom kinds say it in their CRD). */
const CLUSTER_SCOPED = new Set(
  [
    '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
    'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
    'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment', 'storage.k8s.io/VolumeAttributesClass',
    'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io/MutatingAdmissionPolicy', 'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
    'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass', 'networking.k8s.io/IngressClass',
    'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR', 'certificates.k8s.io/CertificateSigningRequest',
    'certificates.k8s.io/ClusterTrustBundle', 'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
    'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceSlice',
  ],
);

/** Identity of an object for duplicate detection: group, kind, namespace (if namespaced), name. */
export function objectKey(o: ManifestObject, namespaced: boolean): string {
  return `${groupOf(o.apiVersion)}/${o.kind}/${namespaced ? o.namespace ?? 'default' : ''}/${o.name}`;
}

export interface ReferenceContext {
  /** `group/kind` of the custom kinds that are namespaced (from their CRDs). */
  readonly customScopes?: ReadonlyMap<string, boolean>;
  readonly external?: ExternalObjects;
}

/** Visits every nested value of an object with the key it is found under. */
function walk(value: unknown, visit: (key: string, value: any) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(k, v);
      walk(v, visit);
    }
  }
}

/** The Secrets an object reads, by name (in its own namespace). */
export function secretReferences(o: ManifestObject): Array<{ name: string; via: string }> {
  const refs: Array<{ name: string; via: string }> = [];
  walk(o.body.spec ?? o.body, (key, v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      if (key === 'imagePullSecrets' && Array.isArray(v)) for (const s of v) if (s?.name) refs.push({ name: s.name, via: 'imagePullSecrets' });
      return;
    }
    if (key === 'secretKeyRef' && typeof v.name === 'string' && v.optional !== true) refs.push({ name: v.name, via: `secretKeyRef ${v.name}/${v.key}` });
    if (key === 'secretRef' && typeof v.name === 'string' && v.optional !== true) refs.push({ name: v.name, via: 'secretRef' });
    if (key === 'secret' && typeof v.secretName === 'string' && v.optional !== true) refs.push({ name: v.secretName, via: 'secret volume' });
  });
  if (groupOf(o.apiVersion) === 'networking.k8s.io' && o.kind === 'Ingress') {
    for (const t of o.body.spec?.tls ?? []) if (t?.secretName) refs.push({ name: t.secretName, via: 'tls.secretName' });
  }
  return refs;
}

/** The StorageClasses an object names (PVCs, claim templates, custom resources). */
export function storageClassReferences(o: ManifestObject): string[] {
  const refs: string[] = [];
  if (o.kind === 'StorageClass') return refs;
  walk(o.body, (key, v) => {
    if (key === 'storageClassName' && typeof v === 'string' && v !== '') refs.push(v);
  });
  return refs;
}

export function checkReferences(objects: readonly ManifestObject[], ctx: ReferenceContext = {}): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const external = ctx.external ?? externalObjects(undefined);
  const isNamespaced = (o: ManifestObject) => {
    const gk = `${groupOf(o.apiVersion)}/${o.kind}`;
    return ctx.customScopes?.get(gk) ?? !CLUSTER_SCOPED.has(gk);
  };
  const ns = (o: ManifestObject) => o.namespace ?? 'default';

  // Duplicates: two documents for one object would silently overwrite each other on apply.
  const seen = new Map<string, ManifestObject>();
  for (const o of objects) {
    const key = objectKey(o, isNamespaced(o));
    const first = seen.get(key);
    if (first) problems.push({ object: o, message: `duplicate object: also in ${first.file} (document ${first.index + 1})` });
    else seen.set(key, o);
  }

  const byKind = (group: string, kind: string) => objects.filter((o) => groupOf(o.apiVersion) === group && o.kind === kind);
  const has = (list: readonly NamedTarget[], namespace: string, name: string) => list.some((t) => t.name === name && (t.namespace === '*' || t.namespace === namespace));
  const operators = operatorOutputs(objects);

  // Secrets
  const secrets: NamedTarget[] = [
    ...byKind('', 'Secret').map((s) => ({ namespace: ns(s), name: s.name })),
    ...operators.secrets,
    ...external.secrets,
  ];
  for (const o of objects) {
    for (const ref of secretReferences(o)) {
      if (!has(secrets, ns(o), ref.name)) {
        problems.push({ object: o, message: `${ref.via} → Secret ${ns(o)}/${ref.name}: not produced by the manifests nor by an operator, and not declared external in the spec` });
      }
    }
  }

  // Issuers
  const issuers = byKind('cert-manager.io', 'Issuer').map((i) => ({ namespace: ns(i), name: i.name }));
  const clusterIssuers = new Set([...byKind('cert-manager.io', 'ClusterIssuer').map((i) => i.name), ...external.clusterIssuers]);
  const checkIssuer = (o: ManifestObject, kind: string, name: string, via: string) => {
    if (kind === 'ClusterIssuer' ? !clusterIssuers.has(name) : !has(issuers, ns(o), name)) {
      problems.push({ object: o, message: `${via} → ${kind} ${kind === 'ClusterIssuer' ? '' : `${ns(o)}/`}${name}: no such ${kind} in the manifests` });
    }
  };
  for (const c of byKind('cert-manager.io', 'Certificate')) {
    const ref = c.body.spec?.issuerRef ?? {};
    if (ref.group && ref.group !== 'cert-manager.io') continue; // an external issuer type
    checkIssuer(c, ref.kind ?? 'Issuer', String(ref.name ?? ''), 'issuerRef');
  }
  for (const i of byKind('networking.k8s.io', 'Ingress')) {
    const a = i.body.metadata?.annotations ?? {};
    if (a['cert-manager.io/cluster-issuer']) checkIssuer(i, 'ClusterIssuer', a['cert-manager.io/cluster-issuer'], 'annotation cert-manager.io/cluster-issuer');
    if (a['cert-manager.io/issuer']) checkIssuer(i, 'Issuer', a['cert-manager.io/issuer'], 'annotation cert-manager.io/issuer');
  }

  // Services and ports
  const services: ServiceTarget[] = [
    ...byKind('', 'Service').map((s) => ({
      namespace: ns(s),
      name: s.name,
      ports: s.body.spec?.type === 'ExternalName' ? [] : (s.body.spec?.ports ?? []).flatMap((p: any) => [p.port, p.name].filter((x) => x !== undefined)),
    })),
    ...operators.services,
    ...external.services,
  ];
  for (const i of byKind('networking.k8s.io', 'Ingress')) {
    const backends: any[] = [i.body.spec?.defaultBackend, ...(i.body.spec?.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => p.backend))];
    for (const b of backends) {
      const svc = b?.service;
      if (!svc) continue;
      const port = svc.port?.number ?? svc.port?.name;
      const targets = services.filter((s) => s.namespace === ns(i) && s.name === svc.name);
      if (targets.length === 0) problems.push({ object: i, message: `backend → Service ${ns(i)}/${svc.name}: not produced by the manifests nor by an operator` });
      else if (port !== undefined && !targets.some((t) => t.ports.length === 0 || t.ports.includes(port))) {
        problems.push({ object: i, message: `backend → Service ${ns(i)}/${svc.name} port ${port}: the Service has no such port (has ${[...new Set(targets.flatMap((t) => t.ports))].join(', ')})` });
      }
    }
  }

  problems.push(...checkGatewayReferences(objects, services, secrets));

  // StorageClasses
  const storageClasses = new Set([...byKind('storage.k8s.io', 'StorageClass').map((s) => s.name), ...external.storageClasses]);
  for (const o of objects) {
    for (const sc of storageClassReferences(o)) {
      if (!storageClasses.has(sc)) problems.push({ object: o, message: `storageClassName → StorageClass ${sc}: not produced by the manifests nor declared external (known: ${[...storageClasses].sort().join(', ') || 'none'})` });
    }
  }

  // RBAC
  const roles = byKind('rbac.authorization.k8s.io', 'Role').map((r) => ({ namespace: ns(r), name: r.name }));
  const clusterRoles = new Set([...BUILT_IN_CLUSTER_ROLES, ...byKind('rbac.authorization.k8s.io', 'ClusterRole').map((r) => r.name)]);
  for (const b of [...byKind('rbac.authorization.k8s.io', 'RoleBinding'), ...byKind('rbac.authorization.k8s.io', 'ClusterRoleBinding')]) {
    const ref = b.body.roleRef ?? {};
    const name = String(ref.name ?? '');
    const ok = ref.kind === 'ClusterRole' ? clusterRoles.has(name) || name.startsWith('system:') : b.kind === 'RoleBinding' && has(roles, ns(b), name);
    if (!ok) problems.push({ object: b, message: `roleRef → ${ref.kind} ${ref.kind === 'Role' ? `${ns(b)}/` : ''}${name}: no such ${ref.kind} in the manifests nor built in` });
  }
  return problems;
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'];

/** Whether a ReferenceGrant in `to.namespace` lets `from` (group/kind in its namespace) read the target. */
function granted(grants: readonly ManifestObject[], from: { group: string; kind: string; namespace: string }, to: { group: string; kind: string; namespace: string; name: string }): boolean {
  return grants.some(
    (g) =>
      (g.namespace ?? 'default') === to.namespace &&
      (g.body.spec?.from ?? []).some((f: any) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace) &&
      (g.body.spec?.to ?? []).some((t: any) => (t.group ?? '') === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name)),
  );
}

/**
 * Gateway API: every route's parent Gateway and listener exist; every backendRef names an
 * existing Service and port; every listener's certificate is an existing Secret, readable by
 * the Gateway (same namespace or a ReferenceGrant); an HTTPS listener has a certificate.
 */
function checkGatewayReferences(objects: readonly ManifestObject[], services: readonly ServiceTarget[], secrets: readonly NamedTarget[]): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const ns = (o: ManifestObject) => o.namespace ?? 'default';
  const of = (kind: string) => objects.filter((o) => groupOf(o.apiVersion) === GATEWAY_GROUP && o.kind === kind);
  const gateways = of('Gateway');
  const grants = of('ReferenceGrant');
  for (const gw of gateways) {
    for (const l of gw.body.spec?.listeners ?? []) {
      const refs: any[] = l.tls?.certificateRefs ?? [];
      if ((l.protocol === 'HTTPS' || l.protocol === 'TLS') && (l.tls?.mode ?? 'Terminate') === 'Terminate' && refs.length === 0) {
        problems.push({ object: gw, message: `listener ${l.name}: ${l.protocol} without a certificate (tls.certificateRefs)` });
      }
      for (const ref of refs) {
        if ((ref.group ?? '') !== '' || (ref.kind ?? 'Secret') !== 'Secret') continue;
        const namespace = ref.namespace ?? ns(gw);
        if (!secrets.some((t) => t.name === ref.name && (t.namespace === '*' || t.namespace === namespace))) {
          problems.push({ object: gw, message: `listener ${l.name} certificateRef → Secret ${namespace}/${ref.name}: not produced by the manifests nor by an operator` });
        }
        if (namespace !== ns(gw) && !granted(grants, { group: GATEWAY_GROUP, kind: 'Gateway', namespace: ns(gw) }, { group: '', kind: 'Secret', namespace, name: ref.name })) {
          problems.push({ object: gw, message: `listener ${l.name} certificateRef → Secret ${namespace}/${ref.name}: no ReferenceGrant in ${namespace} lets Gateways of ${ns(gw)} read it` });
        }
      }
    }
  }
  for (const route of objects.filter((o) => groupOf(o.apiVersion) === GATEWAY_GROUP && ROUTE_KINDS.includes(o.kind))) {
    for (const p of route.body.spec?.parentRefs ?? []) {
      if ((p.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (p.kind ?? 'Gateway') !== 'Gateway') continue;
      const namespace = p.namespace ?? ns(route);
      const gw = gateways.find((g) => ns(g) === namespace && g.name === p.name);
      if (!gw) problems.push({ object: route, message: `parentRef → Gateway ${namespace}/${p.name}: no such Gateway in the manifests` });
      else if (p.sectionName && !(gw.body.spec?.listeners ?? []).some((l: any) => l.name === p.sectionName)) {
        problems.push({ object: route, message: `parentRef → Gateway ${namespace}/${p.name} listener ${p.sectionName}: the Gateway has no such listener` });
      }
    }
    for (const rule of route.body.spec?.rules ?? []) {
      for (const b of rule.backendRefs ?? []) {
        if ((b.group ?? '') !== '' || (b.kind ?? 'Service') !== 'Service') continue;
        const namespace = b.namespace ?? ns(route);
        const targets = services.filter((s) => s.namespace === namespace && s.name === b.name);
        if (targets.length === 0) problems.push({ object: route, message: `backendRef → Service ${namespace}/${b.name}: not produced by the manifests nor by an operator` });
        else if (!targets.some((t) => t.ports.length === 0 || t.ports.includes(b.port))) {
          problems.push({ object: route, message: `backendRef → Service ${namespace}/${b.name} port ${b.port}: the Service has no such port (has ${[...new Set(targets.flatMap((t) => t.ports))].join(', ')})` });
        }
        if (namespace !== ns(route) && !granted(grants, { group: GATEWAY_GROUP, kind: route.kind, namespace: ns(route) }, { group: '', kind: 'Service', namespace, name: b.name })) {
          problems.push({ object: route, message: `backendRef → Service ${namespace}/${b.name}: no ReferenceGrant in ${namespace} lets ${route.kind}s of ${ns(route)} use it` });
        }
      }
    }
  }
  return problems;
}
