/**
 * Validation of a cluster spec: shape first (types, unknown keys, plaintext secrets), then the
 * rules that make a spec deployable. Every problem is collected; nothing is written unless
 * there are none.
 */
import { clusterSpecShape, SpecIssue } from './schema';
import type { ClusterSpec, NodeSpec } from './spec';
import { ipv4ToInt, isIpv4, networkOf, sameNetwork } from './ipv4';
import { buildModel, ClusterModel, defaultLockServiceIp, LOCK_SERVICE_OFFSET, serviceNetworkOf } from './model';
import { parseKubesprayRelease } from './kubespray-release';
import { checkKubesprayVariables } from './kubespray-rules';
import { checkWordValues } from './word-rules';
import { checkClusterRules } from './cluster-rules';

export type { SpecIssue } from './schema';

/** Thrown when a spec has problems; `issues` lists them all. */
export class SpecError extends Error {
  /** `locate` gives the line of a field path in the spec file, when the file format can tell. */
  constructor(readonly source: string, readonly issues: readonly SpecIssue[], locate?: SpecLocator) {
    super(formatIssues(source, issues, locate));
    this.name = 'SpecError';
  }
}

/** Line (1-based) of a field path such as `nodes[1].ip` in a spec file; undefined when unknown. */
export type SpecLocator = (path: string) => number | undefined;

export function formatIssues(source: string, issues: readonly SpecIssue[], locate?: SpecLocator): string {
  const at = (path: string) => {
    const line = locate?.(path);
    return line === undefined ? '' : `${source}:${line}: `;
  };
  const lines = issues.map((i) => `  - ${at(i.path)}${i.path || '(spec)'}: ${i.value === undefined ? '(missing)' : JSON.stringify(i.value)} — ${i.message}`);
  return `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the cluster spec; nothing was written:\n${lines.join('\n')}`;
}

const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A search domain may be a single label (seed 000 searches "lacave"). */
const SEARCH_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;
const K8S_VERSION = /^v?\d+\.\d+\.\d+$/;
const QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const SSH_KEY = /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( .*)?$/;
const DURATION = /^\d+(ms|s|m|h|d|w|y)$/;
const BYTES = /^\d+(B|KB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)$/;

/** Reports one problem of a spec: the field path, the value found, and the fix. */
export type AddIssue = (path: string, value: unknown, message: string) => void;

/**
 * A rule that needs a generator's knowledge (e.g. which variables the inventory derives): the
 * model knows no generator, so the pipeline passes these in (`synth/spec-rules.ts`). Runs only
 * on a spec whose shape is right, after the model's own rules.
 */
export type SpecRule = (spec: ClusterSpec, add: AddIssue) => void;

/**
 * Checks a spec and returns the model, or throws a SpecError listing every problem. `rules` are
 * the generators' rules, which the pipeline passes (`GENERATOR_SPEC_RULES`).
 */
export function validateSpec(spec: unknown, source = 'cluster spec', rules: readonly SpecRule[] = []): ClusterModel {
  const issues = specIssues(spec, rules);
  if (issues.length > 0) throw new SpecError(source, issues);
  return buildModel(spec as ClusterSpec);
}

/** Problems of a spec, without throwing. */
export function specIssues(spec: unknown, rules: readonly SpecRule[] = []): SpecIssue[] {
  const issues: SpecIssue[] = [];
  clusterSpecShape(spec, '', issues);
  if (issues.length === 0) checkRules(spec as ClusterSpec, issues, rules);
  return issues;
}

function checkRules(spec: ClusterSpec, issues: SpecIssue[], rules: readonly SpecRule[]): void {
  const add: AddIssue = (path, value, message) => issues.push({ path, value, message });

  if (!LABEL.test(spec.name)) add('name', spec.name, 'not an RFC 1123 label: use lower-case letters, digits and "-", at most 63 characters, e.g. "lacave"');
  const domain = (path: string, v: string | undefined, pattern = DOMAIN) => {
    if (v !== undefined && !pattern.test(v)) add(path, v, 'not a valid DNS domain: use lower-case labels separated by dots, e.g. "lacave.info"');
  };
  domain('domain', spec.domain);
  domain('appsDomain', spec.appsDomain);
  domain('clusterDomain', spec.clusterDomain);
  domain('network.searchDomain', spec.network.searchDomain, SEARCH_DOMAIN);
  if (!K8S_VERSION.test(spec.kubernetesVersion)) add('kubernetesVersion', spec.kubernetesVersion, 'expected a Kubernetes release such as "1.35.4"');

  checkNetwork(spec, add);
  checkNodes(spec, add);

  spec.ssh.authorizedKeys.forEach((k, i) => {
    if (!SSH_KEY.test(k)) add(`ssh.authorizedKeys[${i}]`, k, 'not an OpenSSH public key: paste one line of ~/.ssh/id_*.pub ("ssh-ed25519 AAAA… comment")');
  });
  if (spec.ssh.authorizedKeys.length === 0) add('ssh.authorizedKeys', [], 'at least one public key is needed, or nobody can log in to the nodes');
  if (spec.ssh.user !== undefined && !/^[a-z_][a-z0-9_-]{0,31}$/.test(spec.ssh.user)) add('ssh.user', spec.ssh.user, 'not a valid Linux user name');

  if (spec.pki) {
    const pem = spec.pki.rootCaCertificate;
    if (/PRIVATE KEY/.test(pem)) add('pki.rootCaCertificate', '<redacted>', 'contains a private key: give only the certificate, and the key as an existing Secret (pki.caKeySecretName)');
    else if (!/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/.test(pem.trim() + '\n')) add('pki.rootCaCertificate', pem.slice(0, 40), 'expected one PEM certificate ("-----BEGIN CERTIFICATE-----" … "-----END CERTIFICATE-----")');
    if (spec.pki.rootCaFileName !== undefined && !/^[\w.-]+\.(pem|crt)$/.test(spec.pki.rootCaFileName)) add('pki.rootCaFileName', spec.pki.rootCaFileName, 'expected a file name ending in .pem or .crt, without a directory');
    if (spec.pki.caKeySecretName !== undefined && !LABEL.test(spec.pki.caKeySecretName)) add('pki.caKeySecretName', spec.pki.caKeySecretName, 'not a valid Secret name');
    // The nodes trust rootCaCertificate; without its key cert-manager would sign with a root of
    // its own, and every platform certificate would be untrusted by the nodes and by Kubespray's OIDC.
    if (spec.pki.caKeySecretName === undefined && (spec.components?.certManager?.enabled ?? true)) {
      add('pki.caKeySecretName', undefined, 'the nodes trust pki.rootCaCertificate but cert-manager cannot sign with it: name the kubernetes.io/tls Secret (cert-manager namespace) that holds this CA and its key, or remove pki to let cert-manager make its own root');
    }
  }

  if (spec.oidc) {
    if (spec.oidc.realm !== undefined && !/^[A-Za-z0-9_-]+$/.test(spec.oidc.realm)) add('oidc.realm', spec.oidc.realm, 'a realm name is letters, digits, "-" and "_"');
    if (!/^[A-Za-z0-9_.-]+$/.test(spec.oidc.clientId)) add('oidc.clientId', spec.oidc.clientId, 'a client id is letters, digits, ".", "-" and "_"');
  }

  const release = spec.kubespray?.release;
  if (release !== undefined && !parseKubesprayRelease(release)) add('kubespray.release', release, 'expected a Kubespray release such as "v2.31" or "v2.14.2"');
  else checkKubesprayVariables(spec, add);

  checkWordValues(spec, add);

  checkComponents(spec, add);
  checkTenants(spec, add);
  checkUpdates(spec, add);
  if (spec.storageClass !== undefined && !LABEL.test(spec.storageClass)) add('storageClass', spec.storageClass, 'not a valid StorageClass name');
  // Limits and dependencies of the real tools (Kubespray's versions and ranges, namespaces, issuers, storage, ingress).
  checkClusterRules(spec, add);
  if (spec.gitops) checkGitOps(spec.gitops, add);
  for (const rule of rules) rule(spec, add);
}

/**
 * The deployment repository's coordinates end up in Argo CD objects (and nowhere else): strict
 * forms, so that no value can carry credentials, whitespace, quotes or shell/YAML syntax.
 */
function checkGitOps(g: NonNullable<ClusterSpec['gitops']>, add: Add) {
  const https = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~%+-]+)+\/?$/;
  const ssh = /^ssh:\/\/[a-z_][a-z0-9_-]*@[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~+-]+)+\/?$/;
  const scp = /^[a-z_][a-z0-9_-]*@[A-Za-z0-9.-]+:[A-Za-z0-9._~+-]+(\/[A-Za-z0-9._~+-]+)*$/;
  if (/^https?:\/\/[^/]*@/.test(g.repoUrl)) add('gitops.repoUrl', '<redacted>', 'credentials in the URL would be written to the deployment repository: give the URL without them and put them in an Argo CD repository Secret');
  else if (!https.test(g.repoUrl) && !ssh.test(g.repoUrl) && !scp.test(g.repoUrl)) add('gitops.repoUrl', g.repoUrl, 'expected a git URL such as "https://git.example.org/ops/deploy.git", "ssh://git@git.example.org/ops/deploy.git" or "git@git.example.org:ops/deploy.git"');
  if (g.revision !== undefined) {
    const r = g.revision;
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(r) || r.includes('..') || r.includes('//') || r.endsWith('/') || r.endsWith('.lock') || r.endsWith('.') || r.length > 200) {
      add('gitops.revision', r, 'expected a branch, tag or commit such as "main", "v1.2.0" or a 40-hex commit (letters, digits, ".", "_", "-", "/")');
    }
  }
  if (g.path !== undefined && g.path !== '.' && !/^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/.test(g.path)) {
    add('gitops.path', g.path, 'expected a relative folder of the repository such as "lacave" or "clusters/lacave" ("." for the root; no "..", no leading "/")');
  }
  if (g.secretStore !== undefined && !LABEL.test(g.secretStore)) add('gitops.secretStore', g.secretStore, 'not a valid ClusterSecretStore name (RFC 1123 label)');
}

type Add = AddIssue;

function checkNetwork(spec: ClusterSpec, add: Add) {
  const n = spec.network;
  if (!isIpv4(n.gateway)) add('network.gateway', n.gateway, 'not an IPv4 address such as 192.168.1.1');
  if (n.prefix < 8 || n.prefix > 30) add('network.prefix', n.prefix, 'a node network prefix must be from 8 to 30, e.g. 24');
  n.dnsServers.forEach((d, i) => isIpv4(d) || add(`network.dnsServers[${i}]`, d, 'not an IPv4 address'));
  if (n.dnsServers.length === 0) add('network.dnsServers', [], 'at least one DNS server is needed');
  n.upstreamDnsServers?.forEach((d, i) => isIpv4(d) || add(`network.upstreamDnsServers[${i}]`, d, 'not an IPv4 address'));
}

function checkNodes(spec: ClusterSpec, add: Add) {
  const { gateway, prefix } = spec.network;
  const netOk = isIpv4(gateway) && prefix >= 8 && prefix <= 30;
  const seenNames = new Map<string, number>();
  const seenIps = new Map<string, number>();
  if (spec.nodes.length === 0) add('nodes', [], 'a cluster needs at least one node');
  spec.nodes.forEach((node: NodeSpec, i) => {
    const p = `nodes[${i}]`;
    if (!LABEL.test(node.name)) add(`${p}.name`, node.name, 'not an RFC 1123 host name: lower-case letters, digits and "-", at most 63 characters, e.g. "kube01"');
    const prevName = seenNames.get(node.name);
    if (prevName !== undefined) add(`${p}.name`, node.name, `duplicate node name (also nodes[${prevName}]): give each node its own name`);
    else seenNames.set(node.name, i);

    if (!isIpv4(node.ip)) add(`${p}.ip`, node.ip, 'not an IPv4 address such as 192.168.1.21');
    else {
      const prevIp = seenIps.get(node.ip);
      if (prevIp !== undefined) add(`${p}.ip`, node.ip, `duplicate IP address (also nodes[${prevIp}].ip): give each node its own address`);
      else seenIps.set(node.ip, i);
      if (netOk && !sameNetwork(node.ip, gateway, prefix)) add(`${p}.ip`, node.ip, `outside the node network ${networkOf(gateway, prefix)}/${prefix} (gateway ${gateway}): use an address in that network or fix network.gateway/prefix`);
      if (node.ip === gateway) add(`${p}.ip`, node.ip, 'is the gateway address: give the node its own address');
    }
    if (node.roles.length === 0) add(`${p}.roles`, [], "a node needs at least one role: 'control-plane', 'etcd' or 'worker'");
    if (new Set(node.roles).size !== node.roles.length) add(`${p}.roles`, node.roles, 'a role is listed twice');
    for (const [k, v] of Object.entries(node.labels ?? {})) {
      if (!LABEL_KEY.test(k)) add(`${p}.labels`, k, 'not a valid Kubernetes label key, e.g. "disktype"');
      if (!LABEL_VALUE.test(v)) add(`${p}.labels.${k}`, v, 'not a valid Kubernetes label value: at most 63 letters, digits, "-", "_", "."');
    }
  });

  if (spec.nodes.length > 0 && !spec.nodes.some((n) => n.roles.includes('control-plane'))) {
    add('nodes', spec.nodes.map((n) => n.name), "no control-plane node: give at least one node the role 'control-plane'");
  }
  if (spec.nodes.length > 0 && !spec.nodes.some((n) => n.roles.includes('worker'))) {
    add('nodes', spec.nodes.map((n) => n.name), "no node runs workloads: give at least one node the role 'worker'");
  }
  const etcd = spec.nodes.filter((n) => n.roles.includes('etcd')).map((n) => n.name);
  if (spec.nodes.length > 0 && etcd.length === 0) add('nodes', spec.nodes.map((n) => n.name), "no etcd member: give 1, 3 or 5 nodes the role 'etcd'");
  else if (etcd.length % 2 === 0 && etcd.length > 0) add('nodes', etcd, `${etcd.length} etcd members: Kubespray refuses an even number; add or remove the 'etcd' role on one node`);
}

function checkComponents(spec: ClusterSpec, add: Add) {
  const c = spec.components ?? {};
  const rook = c.rookCeph;
  if (rook?.enabled ?? true) {
    const size = rook?.replicaSize ?? 3;
    const useAll = rook?.useAllDevices ?? spec.nodes.every((n) => !n.cephDisks?.length);
    const cephNodes = useAll ? spec.nodes.length : spec.nodes.filter((n) => n.cephDisks?.length).length;
    if (size > cephNodes) {
      add('components.rookCeph.replicaSize', size, `larger than the ${cephNodes} node(s) ${useAll ? 'of the cluster' : 'with cephDisks'}: with failure domain "host" the pool can never be healthy; lower it or add Ceph disks`);
    }
  }
  const quantities: Array<[string, string | undefined]> = [
    ['components.nexus.storageSize', c.nexus?.storageSize],
    ['components.registry.storageSize', c.registry?.storageSize],
    ['components.keycloak.databaseStorageSize', c.keycloak?.databaseStorageSize],
    ['components.logging.elasticsearchStorageSize', c.logging?.elasticsearchStorageSize],
    ['components.monitoring.prometheusStorageSize', c.monitoring?.prometheusStorageSize],
    ['components.monitoring.alertmanagerStorageSize', c.monitoring?.alertmanagerStorageSize],
    ['components.monitoring.grafanaStorageSize', c.monitoring?.grafanaStorageSize],
    ['components.graylog.mongodbStorageSize', c.graylog?.mongodbStorageSize],
    ['components.graylog.elasticsearchStorageSize', c.graylog?.elasticsearchStorageSize],
  ];
  for (const [path, q] of quantities) if (q !== undefined && !QUANTITY.test(q)) add(path, q, 'not a Kubernetes quantity such as "50Gi"');
  if (c.monitoring?.retention !== undefined && !DURATION.test(c.monitoring.retention)) add('components.monitoring.retention', c.monitoring.retention, 'not a Prometheus duration such as "10d"');
  if (c.monitoring?.retentionSize !== undefined && !BYTES.test(c.monitoring.retentionSize)) add('components.monitoring.retentionSize', c.monitoring.retentionSize, 'not a Prometheus size such as "40GiB"');
  const secretNames: Array<[string, string | undefined]> = [
    ['components.keycloak.adminSecretName', c.keycloak?.adminSecretName],
    ['components.monitoring.grafanaAdminSecretName', c.monitoring?.grafanaAdminSecretName],
    ['components.nexus.adminPassword.secretName', c.nexus?.adminPassword?.secretName],
    ['oidc.clientSecret.secretName', spec.oidc?.clientSecret?.secretName],
    ['components.graylog.secretName', c.graylog?.secretName],
  ];
  for (const [path, n] of secretNames) if (n !== undefined && !LABEL.test(n)) add(path, n, 'not a valid Secret name (RFC 1123 label)');
  if ((c.keycloak?.enabled ?? true) && !spec.oidc) {
    add('components.keycloak.enabled', true, "Keycloak serves the cluster's OIDC realm: add an 'oidc' section (at least { clientId }) or set components.keycloak.enabled: false");
  }
}

function checkTenants(spec: ClusterSpec, add: Add) {
  const seen = new Map<string, number>();
  (spec.tenants ?? []).forEach((t, i) => {
    if (!LABEL.test(t.name)) add(`tenants[${i}].name`, t.name, 'not a valid namespace name: lower-case letters, digits and "-", at most 63 characters');
    const prev = seen.get(t.name);
    if (prev !== undefined) add(`tenants[${i}].name`, t.name, `duplicate tenant (also tenants[${prev}])`);
    else seen.set(t.name, i);
    const q = t.quota ?? {};
    for (const key of ['requestsCpu', 'requestsMemory', 'limitsCpu', 'limitsMemory', 'requestsStorage'] as const) {
      const v = q[key];
      if (v !== undefined && !QUANTITY.test(v)) add(`tenants[${i}].quota.${key}`, v, 'not a Kubernetes quantity such as "4" or "8Gi"');
    }
    const l = t.limits ?? {};
    for (const key of ['defaultRequestCpu', 'defaultRequestMemory', 'defaultLimitCpu', 'defaultLimitMemory'] as const) {
      const v = l[key];
      if (v !== undefined && !QUANTITY.test(v)) add(`tenants[${i}].limits.${key}`, v, 'not a Kubernetes quantity such as "500m" or "512Mi"');
    }
  });
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function checkUpdates(spec: ClusterSpec, add: Add) {
  const u = spec.updates;
  if (!u) return;
  const w = u.window ?? {};
  if (w.start !== undefined && !HH_MM.test(w.start)) add('updates.window.start', w.start, 'expected a UTC time of day HH:MM from 00:00 to 23:59, e.g. "02:00"');
  if (w.days !== undefined) {
    if (w.days.length === 0) add('updates.window.days', [], 'no day: the window would never open and nodes would never reboot into updates; list days, leave days out (every day) or set updates.strategy: "off"');
    const twice = w.days.filter((d, i) => w.days!.indexOf(d) !== i);
    if (twice.length) add('updates.window.days', w.days, `${[...new Set(twice)].join(', ')} listed twice`);
    const flatcar = spec.nodes.filter((n) => n.os === 'flatcar').map((n) => n.name);
    const distinct = new Set(w.days).size;
    if ((u.strategy ?? 'coordinated') === 'coordinated' && flatcar.length && distinct > 1 && distinct < 7) {
      add('updates.window.days', w.days, `Flatcar nodes (${flatcar.join(', ')}) reboot through the Flatcar update operator, whose window opens every day or on one day of the week: give one day or leave days out`);
    }
  }
  if (u.lockServiceIp !== undefined) {
    const net = serviceNetworkOf(spec);
    const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(net);
    if (!isIpv4(u.lockServiceIp)) add('updates.lockServiceIp', u.lockServiceIp, `not an IPv4 address; leave it out for ${m && isIpv4(m[1]) ? defaultLockServiceIp(net) : `the ${LOCK_SERVICE_OFFSET}th address of the service network`}`);
    else if (m && isIpv4(m[1])) {
      const prefix = Number(m[2]);
      const offset = ipv4ToInt(u.lockServiceIp) - ipv4ToInt(networkOf(m[1], prefix));
      if (!sameNetwork(u.lockServiceIp, m[1], prefix)) add('updates.lockServiceIp', u.lockServiceIp, `outside the service network ${net} (kube_service_addresses): a ClusterIP must be in it, e.g. ${defaultLockServiceIp(net)}`);
      // .1 is the API server's Service, .3 CoreDNS (Kubespray skydns_server), .4 its secondary.
      else if ([0, 1, 3, 4].includes(offset) || offset === 2 ** (32 - prefix) - 1) add('updates.lockServiceIp', u.lockServiceIp, `reserved in ${net} (network, broadcast, kubernetes API .1, cluster DNS .3/.4): use another address, e.g. ${defaultLockServiceIp(net)}`);
    }
  }
}
