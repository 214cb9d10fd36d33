/**
 * Objects an operator writes for a custom resource of the output (cert-manager writes a
 * Certificate's Secret, ECK its `-es-http` Service…): they exist in the cluster without being in
 * the manifests. The validator accepts references to them; the deploy plan does not ask the admin
 * to create those Secrets. Small and explicit, from each operator's documented naming scheme.
 */
import { groupOf, type ManifestObject } from './manifest-objects';

/** A Service and its ports, as far as a reference needs them. */
export interface ServiceTarget {
  readonly namespace: string;
  readonly name: string;
  /** Port numbers and port names; empty means "any port" (e.g. ExternalName). */
  readonly ports: ReadonlyArray<number | string>;
}

/** A namespaced object (Secret, Issuer, Role) by namespace and name; `namespace: '*'` matches any. */
export interface NamedTarget {
  readonly namespace: string;
  readonly name: string;
}

/** What one produced custom resource makes its operator create. */
export interface OperatorOutput {
  readonly secrets?: (o: ManifestObject) => string[];
  readonly services?: (o: ManifestObject) => Array<{ name: string; ports: Array<number | string> }>;
}

/**
 * Keyed by `group/kind`. Names follow each operator's documented naming scheme; ports are the
 * service ports (number and name) the operator exposes.
 */
export const OPERATOR_OUTPUTS: Readonly<Record<string, OperatorOutput>> = {
  // cert-manager: the signed certificate goes to spec.secretName.
  'cert-manager.io/Certificate': { secrets: (o) => (o.body.spec?.secretName ? [o.body.spec.secretName] : []) },
  // cert-manager's ingress-shim: an Ingress annotated with an issuer gets its TLS Secrets.
  'networking.k8s.io/Ingress': {
    secrets: (o) => {
      const a = o.body.metadata?.annotations ?? {};
      if (!a['cert-manager.io/cluster-issuer'] && !a['cert-manager.io/issuer']) return [];
      return (o.body.spec?.tls ?? []).map((t: any) => t.secretName).filter(Boolean);
    },
  },
  // ECK: <name>-es-elastic-user (password of `elastic`), <name>-es-http-certs-public, Service <name>-es-http.
  'elasticsearch.k8s.elastic.co/Elasticsearch': {
    secrets: (o) => [`${o.name}-es-elastic-user`, `${o.name}-es-http-certs-public`],
    services: (o) => [{ name: `${o.name}-es-http`, ports: [9200, 'https', 'http'] }],
  },
  'kibana.k8s.elastic.co/Kibana': {
    secrets: (o) => [`${o.name}-kb-http-certs-public`],
    services: (o) => [{ name: `${o.name}-kb-http`, ports: [5601, 'https', 'http'] }],
  },
  'apm.k8s.elastic.co/ApmServer': {
    secrets: (o) => [`${o.name}-apm-token`, `${o.name}-apm-http-certs-public`],
    services: (o) => [{ name: `${o.name}-apm-http`, ports: [8200, 'https', 'http'] }],
  },
  // Crunchy PGO v5: one <cluster>-pguser-<user> Secret per user (the cluster's name when none is listed).
  'postgres-operator.crunchydata.com/PostgresCluster': {
    secrets: (o) => {
      const users: string[] = (o.body.spec?.users ?? []).map((u: any) => u.name).filter(Boolean);
      return (users.length ? users : [o.name]).map((u) => `${o.name}-pguser-${u}`);
    },
    services: (o) => [{ name: `${o.name}-primary`, ports: [5432, 'postgres'] }],
  },
  // Rook: the mgr dashboard Service (HTTPS on 8443 when ssl, else HTTP on 7000), the admin password, and
  // the mon keyring Secret the toolbox reads (ceph-username, ceph-secret).
  'ceph.rook.io/CephCluster': {
    secrets: () => ['rook-ceph-dashboard-password', 'rook-ceph-mon'],
    services: () => [{ name: 'rook-ceph-mgr-dashboard', ports: [8443, 'https-dashboard', 7000, 'http-dashboard'] }],
  },
  // prometheus-operator: the governing Services of the StatefulSets.
  'monitoring.coreos.com/Prometheus': { services: () => [{ name: 'prometheus-operated', ports: [9090, 'web'] }] },
  'monitoring.coreos.com/Alertmanager': { services: () => [{ name: 'alertmanager-operated', ports: [9093, 'web'] }] },
};

/** Secrets and Services that the operators will write for the produced custom resources. */
export function operatorOutputs(objects: readonly ManifestObject[]): { secrets: NamedTarget[]; services: ServiceTarget[] } {
  const secrets: NamedTarget[] = [];
  const services: ServiceTarget[] = [];
  for (const o of objects) {
    const out = OPERATOR_OUTPUTS[`${groupOf(o.apiVersion)}/${o.kind}`];
    if (!out) continue;
    const namespace = o.namespace ?? 'default';
    for (const name of out.secrets?.(o) ?? []) secrets.push({ namespace, name });
    for (const s of out.services?.(o) ?? []) services.push({ namespace, ...s });
  }
  return { secrets, services };
}
