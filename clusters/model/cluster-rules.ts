/**
 * Spec rules for limits and dependencies that the real tools enforce later (Kubespray's asserts,
 * the API server, cert-manager, the PVC binder): each is checked here, with the reason, so that a
 * spec the real tools would refuse, or a cluster that would come up broken, is a spec error instead.
 * Called by `validateSpec` after the shape check; every problem is reported, none stops the others.
 */
import type { ClusterSpec } from './spec';
import { broadcastOf, ipv4ToInt, isIpv4, networkOf, parseCidr, rangesOverlap } from './ipv4';
import { buildModel, localPathStorageClass, ROOK_STORAGE_CLASS } from './model';
import { parseKubesprayRelease, releaseBranch } from './kubespray-release';
import { kubesprayReleaseFacts } from './kubespray-facts';
import { reservedNamespaceReason } from './reserved-namespaces';
import { versions } from './versions';

type Add = (path: string, value: unknown, message: string) => void;

const on = (c: { enabled?: boolean } | undefined) => c?.enabled ?? true;

export function checkClusterRules(spec: ClusterSpec, add: Add): void {
  checkKubernetesVersion(spec, add);
  checkReservedNamespaces(spec, add);
  checkComponentDependencies(spec, add);
  checkStorageClasses(spec, add);
  checkIngressNodes(spec, add);
  checkNodeAddresses(spec, add);
  checkKubesprayRanges(spec, add);
  checkDerivedNameLimits(spec, add);
}

const bare = (v: string) => v.replace(/^v/, '');
const minorOf = (v: string) => bare(v).split('.').slice(0, 2).join('.');

/**
 * Kubespray's validate_inventory asserts `kube_version in kubeadm_checksums[image_arch]` (and
 * kubelet, kubectl) and `kube_version >= kube_version_min_required`: only versions the release
 * carries checksums for can be installed. The list is Kubespray's own (upstream/kubespray/).
 */
export function checkKubernetesVersion(spec: ClusterSpec, add: Add): void {
  const release = spec.kubespray?.release ?? versions.kubespray;
  const parsed = parseKubesprayRelease(release);
  if (!/^v?\d+\.\d+\.\d+$/.test(spec.kubernetesVersion) || !parsed) return; // reported by the syntax rules
  const facts = kubesprayReleaseFacts(release);
  if (!facts) {
    // A release outside the catalogue is reported by the Kubespray rules; a patch newer than the data is reported here.
    const minor = releaseBranch(parsed);
    const known = kubesprayReleaseFacts(minor);
    if (known) add('kubespray.release', release, `no data for this Kubespray tag in upstream/kubespray/releases.json (newest ${minor} tag there: ${known.tag}): write ${minor} or ${known.tag}, or regenerate the data (npm run upstream:kubespray)`);
    return;
  }
  const wanted = bare(spec.kubernetesVersion);
  const installable = facts.kubernetesVersions;
  if (installable.includes(wanted)) return;
  const newestPerMinor = installable.filter((v, i) => installable.findIndex((w) => minorOf(w) === minorOf(v)) === i);
  const range = `${installable[installable.length - 1]}–${installable[0]}`;
  add(
    'kubernetesVersion',
    spec.kubernetesVersion,
    `${wanted} is not installable by Kubespray ${release} (${facts.tag} installs ${range}, from its checksums): pick one of ${newestPerMinor.join(', ')}, or set kubespray.release to a release that installs ${wanted}`,
  );
}

/** A tenant's quota, LimitRange and admin RoleBindings must not land in a system namespace. */
export function checkReservedNamespaces(spec: ClusterSpec, add: Add): void {
  (spec.tenants ?? []).forEach((t, i) => {
    const reason = reservedNamespaceReason(t.name);
    if (reason) add(`tenants[${i}].name`, t.name, `a reserved namespace: ${reason}; name the tenant after the team, e.g. "team-${spec.name}"`);
  });
}

/** Components that publish a host name (an Ingress with a certificate of the platform's issuer). */
export function publishingComponents(spec: ClusterSpec): string[] {
  const c = spec.components ?? {};
  const published: string[] = [];
  if (on(c.rookCeph)) published.push('rookCeph (Ceph dashboard)');
  if (on(c.nexus)) published.push('nexus');
  if (on(c.registry)) published.push('registry');
  if (on(c.keycloak)) published.push('keycloak');
  if (on(c.logging)) published.push('logging (Kibana)');
  if (on(c.logging) && on(c.tracing)) published.push('tracing');
  if (on(c.monitoring)) published.push('monitoring (Grafana)');
  if (on(c.graylog)) published.push('graylog');
  if (on(c.dashboard)) published.push('dashboard (Headlamp)');
  return published;
}

/** Dependencies between components, each with the reason it exists. */
export function checkComponentDependencies(spec: ClusterSpec, add: Add): void {
  const c = spec.components ?? {};
  const certManager = c.certManager ?? {};
  const existing = certManager.existingClusterIssuer;
  if (on(certManager)) {
    // The platform creates its own CA ClusterIssuer; a second one would never be used.
    if (existing !== undefined) add('components.certManager.existingClusterIssuer', existing, 'only read when components.certManager.enabled is false (the platform then uses this issuer instead of its own CA): remove it, or switch cert-manager off');
  } else {
    const needing = publishingComponents(spec);
    // Every published host gets a cert-manager Certificate; without cert-manager's CA ClusterIssuer
    // they would reference an issuer nobody creates, and no Gateway listener would get its TLS Secret.
    if (needing.length > 0 && existing === undefined) {
      add('components.certManager.existingClusterIssuer', undefined, `cert-manager is off but ${needing.join(', ')} need certificates: name the ClusterIssuer that already exists in the cluster (components.certManager.existingClusterIssuer), or set components.certManager.enabled: true`);
    }
  }
  if (existing !== undefined && !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(existing)) add('components.certManager.existingClusterIssuer', existing, 'not a valid object name (lower-case RFC 1123 subdomain)');
  // Jaeger stores its spans in the logging Elasticsearch: without it the chart was silently dropped.
  if (on(c.tracing) && !on(c.logging)) add('components.tracing.enabled', true, 'tracing stores its spans in the logging Elasticsearch: enable components.logging, or set components.tracing.enabled: false');
}

/**
 * A PVC whose StorageClass nobody creates stays Pending forever. The classes that exist:
 * `rook-ceph-block` (Rook-Ceph on), Kubespray's local-path provisioner (the inventory always
 * enables it), and those the spec declares in `existingStorageClasses`.
 */
export function checkStorageClasses(spec: ClusterSpec, add: Add): void {
  const available = new Map<string, string>();
  if (on(spec.components?.rookCeph)) available.set(ROOK_STORAGE_CLASS, 'Rook-Ceph');
  available.set(localPathStorageClass(spec), "Kubespray's local-path provisioner");
  for (const sc of spec.existingStorageClasses ?? []) available.set(sc, 'existingStorageClasses');
  const list = [...available.keys()].join(', ');
  const check = (path: string, value: string | undefined) => {
    if (value === undefined || available.has(value)) return;
    const hint = value === ROOK_STORAGE_CLASS ? 'enable components.rookCeph, ' : '';
    add(path, value, `no StorageClass of that name exists in this cluster (there are: ${list}): ${hint}pick one of those, or list it in existingStorageClasses if it is installed outside the platform`);
  };
  check('storageClass', spec.storageClass);
  if (on(spec.components?.registry)) check('components.registry.storageClass', spec.components?.registry?.storageClass);
  (spec.existingStorageClasses ?? []).forEach((sc, i) => {
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(sc)) add(`existingStorageClasses[${i}]`, sc, 'not a valid StorageClass name (lower-case RFC 1123 subdomain)');
  });
}

/** The Gateway's Envoy proxies run on the ingress nodes' host network; with none, nothing published is reachable. */
export function checkIngressNodes(spec: ClusterSpec, add: Add): void {
  const published = publishingComponents(spec);
  if (published.length === 0 || spec.nodes.length === 0) return;
  if (!spec.nodes.some((n) => n.ingress ?? true)) {
    add('nodes', spec.nodes.map((n) => n.name), `no ingress node, but ${published.join(', ')} publish hosts: set ingress: true on at least one node (the apps domain's A records point to the ingress nodes)`);
  }
}

/** The network and broadcast addresses of the node network are not host addresses. */
export function checkNodeAddresses(spec: ClusterSpec, add: Add): void {
  const { gateway, prefix } = spec.network;
  if (!isIpv4(gateway) || prefix < 8 || prefix > 30) return;
  const net = networkOf(gateway, prefix);
  const broadcast = broadcastOf(gateway, prefix);
  const cidr = `${net}/${prefix}`;
  const check = (path: string, ip: string, what: string) => {
    if (ip === net) add(path, ip, `is the network address of ${cidr}, not a host address: give ${what} an address from ${intToHost(net, 1)} to ${intToHost(broadcast, -1)}`);
    else if (ip === broadcast) add(path, ip, `is the broadcast address of ${cidr}, not a host address: give ${what} an address from ${intToHost(net, 1)} to ${intToHost(broadcast, -1)}`);
  };
  check('network.gateway', gateway, 'the gateway');
  spec.nodes.forEach((n, i) => isIpv4(n.ip) && check(`nodes[${i}].ip`, n.ip, 'the node'));
}

const intToHost = (ip: string, delta: number) => {
  const n = ipv4ToInt(ip) + delta;
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
};

/** Ranges to suggest when the default ones overlap the node network (each /18, disjoint from the other variable's). */
const FREE_RANGE_CANDIDATES: Record<string, readonly string[]> = {
  kube_pods_subnet: ['10.233.64.0/18', '172.30.64.0/18', '192.168.192.0/18'],
  kube_service_addresses: ['10.233.0.0/18', '172.30.0.0/18', '192.168.128.0/18'],
};

/**
 * Kubespray routes the pod and service ranges inside the cluster: a node network that overlaps
 * them makes nodes (and the gateway, the DNS servers) unreachable from pods. The ranges are the
 * release's defaults (upstream/kubespray/) unless kubespray.extraVars sets them.
 */
export function checkKubesprayRanges(spec: ClusterSpec, add: Add): void {
  const { gateway, prefix } = spec.network;
  const release = spec.kubespray?.release ?? versions.kubespray;
  const facts = parseKubesprayRelease(release) ? kubesprayReleaseFacts(release) : undefined;
  const extra = spec.kubespray?.extraVars ?? {};
  const ranges: Array<[string, string, unknown]> = [
    ['kube_pods_subnet', 'pod', extra.kube_pods_subnet ?? facts?.kubePodsSubnet],
    ['kube_service_addresses', 'service', extra.kube_service_addresses ?? facts?.kubeServiceAddresses],
  ];
  const parsed: Array<{ variable: string; text: string; range: { first: number; last: number } }> = [];
  for (const [variable, what, value] of ranges) {
    if (value === undefined) continue;
    const range = parseCidr(value);
    const fromSpec = variable in extra;
    if (!range) {
      if (fromSpec) add(`kubespray.extraVars.${variable}`, value, `not an IPv4 CIDR block such as 10.233.64.0/18 (Kubespray's ${what} range)`);
      continue;
    }
    parsed.push({ variable, text: String(value), range });
    if (!isIpv4(gateway) || prefix < 8 || prefix > 32) continue;
    const nodeNet = parseCidr(`${networkOf(gateway, prefix)}/${prefix}`)!;
    if (rangesOverlap(nodeNet, range)) {
      const where = fromSpec ? `kubespray.extraVars.${variable}` : `Kubespray ${release}'s default ${variable}`;
      const free = FREE_RANGE_CANDIDATES[variable].find((c) => !rangesOverlap(parseCidr(c)!, nodeNet));
      add(
        fromSpec ? `kubespray.extraVars.${variable}` : 'network.gateway',
        fromSpec ? value : `${networkOf(gateway, prefix)}/${prefix}`,
        `the node network ${networkOf(gateway, prefix)}/${prefix} overlaps the ${what} range ${value} (${where}): pods could not reach the nodes; set kubespray.extraVars.${variable} to a range outside the node network${free ? `, e.g. ${free}` : ''}, or renumber the node network`,
      );
    }
  }
  if (parsed.length === 2 && rangesOverlap(parsed[0].range, parsed[1].range)) {
    add('kubespray.extraVars', { kube_pods_subnet: parsed[0].text, kube_service_addresses: parsed[1].text }, 'the pod and service ranges overlap: Kubespray needs them disjoint; change one of them');
  }
}

/** One name the model derives from a spec field, and the upstream limit it must respect. */
interface DerivedName {
  readonly field: string;
  readonly value: string;
  readonly derived: string;
  readonly limit: number;
  /** What the derived name is and why the limit exists. */
  readonly what: string;
}

/**
 * Names the model derives from `name`, `domain`, `appsDomain` (model.names, model.hosts) must fit
 * the limits of the tools that receive them; otherwise the API server, ECK, Helm or cert-manager
 * refuse the object at deploy time. Only the tightest limit per field is reported, with the length
 * the field may have.
 */
export function checkDerivedNameLimits(spec: ClusterSpec, add: Add): void {
  let model: ReturnType<typeof buildModel>;
  try {
    model = buildModel(spec);
  } catch {
    return; // a spec the model cannot build is reported by the other rules
  }
  const c = model.components;
  const { names, hosts } = model;
  const checks: DerivedName[] = [];
  const fromName = (derived: string, limit: number, what: string) => checks.push({ field: 'name', value: spec.name, derived, limit, what });
  // `app.kubernetes.io/part-of: <name>` on every object: a label value is at most 63 characters.
  fromName(spec.name, 63, 'label value app.kubernetes.io/part-of (label values ≤ 63)');
  if (c.logging.enabled) {
    // ECK refuses Elasticsearch, Kibana, Beat and APM Server names over 36 characters (it derives
    // StatefulSet, Service and Secret names from them, e.g. `<es>-es-<nodeSet>`).
    fromName(names.logging.elasticsearch, 36, 'ECK Elasticsearch name (ECK refuses names over 36)');
    fromName(names.logging.kibana, 36, 'ECK Kibana name (ECK refuses names over 36)');
    fromName(names.logging.beat, 36, 'ECK Beat name (ECK refuses names over 36)');
    fromName(names.logging.apmServer, 36, 'ECK APM Server name (ECK refuses names over 36)');
    // A CronJob's name is at most 52: its Jobs are `<name>-<11-digit schedule time>`, job-name label ≤ 63.
    if (c.tracing.enabled) fromName(names.tracing.indexCleaner, 52, 'CronJob of the Jaeger index cleaner (CronJob names ≤ 52)');
  }
  // Helm refuses release names over 53 characters (charts suffix them into 63-character names).
  if (c.monitoring.enabled) fromName(names.monitoring.prometheusRelease, 53, 'Helm release of kube-prometheus-stack (Helm release names ≤ 53)');
  if (c.keycloak.enabled) {
    // The controller-revision-hash label is `<statefulset>-<10-char hash>` and a label value is ≤ 63.
    fromName(names.keycloak.statefulSet, 52, 'Keycloak StatefulSet (controller-revision-hash label <name>-<hash> ≤ 63)');
    // Label value postgres-operator.crunchydata.com/cluster: ≤ 63.
    fromName(names.keycloak.database, 63, 'PostgresCluster of Keycloak (its name is a label value ≤ 63)');
    // The Job gets a `job-name` label (and a batch.kubernetes.io/job-name label) with its name: ≤ 63.
    if (model.oidc) fromName(`${names.keycloak.realmSyncJobPrefix}-xxxxxxxxxx`, 63, 'realm sync Job, x: its 10-character hash (job-name label ≤ 63)');
  }
  // cert-manager: the self-signed CA Certificate (made when pki.caKeySecretName names no existing CA)
  // has commonName `<name> root CA`, an X.509 CN: cert-manager refuses over 64 characters.
  if (c.certManager.enabled && !model.pki?.caKeySecretName) fromName(names.certManager.rootCaCommonName, 64, 'commonName of the cluster CA Certificate (X.509 CN ≤ 64, cert-manager refuses longer)');

  // Hosts: every host is a DNS name (≤ 253, labels ≤ 63 — the labels of the domains are checked by
  // their syntax rule), and our host Certificates (charts/lib/certificate.ts) set commonName = host,
  // which cert-manager refuses over 64 characters.
  const published: Array<[keyof typeof hosts, boolean]> = [
    ['keycloak', c.keycloak.enabled], ['dashboard', c.dashboard.enabled], ['cephDashboard', c.rookCeph.enabled],
    ['nexus', c.nexus.enabled], ['docker', c.nexus.enabled], ['registry', c.registry.enabled],
    ['kibana', c.logging.enabled], ['jaeger', c.tracing.enabled && c.logging.enabled],
    ['grafana', c.monitoring.enabled], ['prometheus', c.monitoring.enabled], ['alertmanager', c.monitoring.enabled],
    ['graylog', c.graylog.enabled], ['apiServer', false],
  ];
  for (const [key, certified] of published) {
    const host = hosts[key];
    // nexus and docker hang under `domain`; the others under `appsDomain` (default `kube.<domain>`).
    const field = key === 'nexus' || key === 'docker' || spec.appsDomain === undefined ? 'domain' : 'appsDomain';
    const value = field === 'domain' ? spec.domain : spec.appsDomain!;
    checks.push({ field, value, derived: host, limit: 253, what: `host ${key} (DNS names ≤ 253)` });
    if (certified && c.certManager.enabled) checks.push({ field, value, derived: host, limit: 64, what: `commonName of the ${key} Certificate (X.509 CN ≤ 64, cert-manager refuses longer)` });
  }
  model.nodes.forEach((n, i) => checks.push({ field: 'domain', value: spec.domain, derived: n.fqdn, limit: 253, what: `FQDN of node ${spec.nodes[i].name} (DNS names ≤ 253)` }));

  // One problem per field: its tightest limit gives the length to shorten it to; the others are listed.
  const over = new Map<string, Array<{ check: DerivedName; max: number }>>();
  for (const check of checks) {
    if (check.derived.length <= check.limit) continue;
    const max = check.limit - (check.derived.length - check.value.length);
    over.set(check.field, [...(over.get(check.field) ?? []), { check, max }]);
  }
  for (const [field, found] of over) {
    const [tightest, ...others] = [...found].sort((a, b) => a.max - b.max);
    const describe = ({ check }: { check: DerivedName }) => `the ${check.what} "${check.derived}" (${check.derived.length} characters, limit ${check.limit})`;
    add(
      field,
      tightest.check.value,
      `too long: it makes ${describe(tightest)}${others.length ? `; also ${others.map(describe).join(', ')}` : ''}: shorten ${field} to at most ${Math.max(tightest.max, 1)} characters`,
    );
  }
}
