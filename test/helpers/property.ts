/**
 * Seeded generators for the property tests (test/model/property.test.ts): a small PRNG of our own
 * (mulberry32: 32-bit state, good enough to spread specs, and reproducible from its seed), valid
 * cluster specs built within the spec rules, and one-defect variants each naming the field a
 * refusal must name.
 */
import type { ClusterSpec, NodeSpec, TenantSpec } from '../../clusters/model';
import { kubesprayReleaseFacts } from '../../clusters/model/kubespray-facts';
import lacave from '../../clusters/lacave';

export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A DNS label of lower-case letters and digits (starting with a letter), 1 to `max` long. */
  label(max = 12): string {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let s = this.pick([...letters]);
    for (let i = this.int(0, max - 1); i > 0; i--) s += this.pick([...letters, ...'0123456789-']);
    return s.replace(/-+$/, '') || 'x';
  }
}

/** Valid label values and namespace names that YAML 1.1 reads as something else than a string. */
const YAML11_WORDS = ['no', 'yes', 'on', 'off', 'y', 'n', 'true', 'null', '0x1f', '1e3', '012', '1-2', '0b101'];

/** Node networks that stay clear of Kubespray's default pod and service ranges (10.233.0.0/17). */
const NETWORKS: ReadonlyArray<{ base: [number, number, number]; prefix: number }> = [
  { base: [192, 168, 1], prefix: 24 },
  { base: [192, 168, 50], prefix: 24 },
  { base: [172, 20, 0], prefix: 16 },
  { base: [10, 10, 0], prefix: 16 },
  { base: [10, 42, 7], prefix: 24 },
];

/** Releases and their Kubernetes versions, from Kubespray's own data. */
const RELEASES = ['v2.14', 'v2.18', 'v2.22', 'v2.25', 'v2.28', 'v2.30', 'v2.31'];

const COMPONENTS = ['certManager', 'rookCeph', 'nexus', 'registry', 'dashboard', 'keycloak', 'logging', 'tracing', 'monitoring', 'graylog'] as const;

/** A spec that every rule accepts, named `name` (the file name it will be written under). */
export function validSpec(r: Random, name: string): ClusterSpec {
  const net = r.pick(NETWORKS);
  const [a, b, c] = net.base;
  const ip = (host: number) => (net.prefix === 24 ? `${a}.${b}.${c}.${host}` : `${a}.${b}.${Math.floor(host / 250)}.${(host % 250) + 1}`);
  const count = r.int(1, 6);
  const etcdCount = count >= 3 && r.chance(0.6) ? 3 : 1;
  const nodes: NodeSpec[] = Array.from({ length: count }, (_, i) => {
    const roles: NodeSpec['roles'] = [];
    if (i === 0 || (i < etcdCount && r.chance(0.5))) roles.push('control-plane');
    if (i < etcdCount) roles.push('etcd');
    if (i === count - 1 || roles.length === 0 || r.chance(0.7)) roles.push('worker');
    return {
      name: `${r.label(6)}${i}`,
      ip: ip(10 + i * 3 + r.int(0, 2)),
      roles,
      ...(r.chance(0.3) ? { os: r.pick(['fcos', 'flatcar'] as const) } : {}),
      ...(r.chance(0.5) ? { cephDisks: [r.pick(['sdb', 'vdb', 'nvme1n1'])] } : {}),
      ...(r.chance(0.3) ? { labels: { [r.label(8)]: r.chance(0.5) ? r.pick(YAML11_WORDS) : r.label(8) } } : {}),
      ...(r.chance(0.2) && i > 0 ? { ingress: false } : {}),
      ...(r.chance(0.2) ? { interface: r.pick(['eth0', 'enp3s0', 'ens18']) } : {}),
    };
  });
  const release = r.pick(RELEASES);
  const kubernetesVersion = r.pick(kubesprayReleaseFacts(release)!.kubernetesVersions);
  const on = Object.fromEntries(COMPONENTS.map((c) => [c, r.chance(0.7)])) as Record<(typeof COMPONENTS)[number], boolean>;
  if (!on.logging) on.tracing = false; // tracing stores in the logging Elasticsearch
  const cephNodes = nodes.filter((n) => n.cephDisks?.length).length;
  const useAll = cephNodes === 0;
  const components: Record<string, object> = {};
  for (const c of COMPONENTS) if (!on[c]) components[c] = { enabled: false };
  if (on.rookCeph) components.rookCeph = { replicaSize: r.int(1, useAll ? count : cephNodes) };
  if (!on.certManager) components.certManager = { enabled: false, existingClusterIssuer: `${r.label(8)}-issuer` };
  const domain = `${r.label(10)}.${r.pick(['org', 'net', 'lan', 'example'])}`;
  const tenants: TenantSpec[] = Array.from({ length: r.int(0, 3) }, (_, i) => ({ name: `${r.pick(['team', 'app', 'dev'])}-${r.label(6)}${i}`, ...(r.chance(0.3) ? { quota: { pods: r.int(10, 200) } } : {}) }));
  // Strings a YAML 1.1 reader (Ansible, kubectl) would take for booleans or numbers, as tenant names.
  if (r.chance(0.4)) tenants.push({ name: r.pick(YAML11_WORDS.filter((w) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(w))) });
  if (r.chance(0.3)) tenants.push({ name: 'default' });
  const gateway = ip(1);
  return {
    name,
    domain,
    kubernetesVersion,
    network: { gateway, prefix: net.prefix, dnsServers: [gateway] },
    nodes,
    ssh: { authorizedKeys: lacave.ssh.authorizedKeys },
    ...(on.keycloak || r.chance(0.5) ? { oidc: { clientId: `kube${name}` } } : {}),
    kubespray: { release },
    install: { ignitionBaseUrl: `http://boot.${domain}/ignition` },
    components,
    tenants,
    ...(r.chance(0.2) ? { storageClass: 'local-path' } : {}),
  };
}

/** One defect: what it does to a valid spec, and the field the refusal must name. */
export interface Defect {
  readonly name: string;
  /** Applies the defect; returns the field path the error must name, or undefined when it does not apply to this spec. */
  readonly apply: (spec: any, r: Random) => string | undefined;
}

export const DEFECTS: readonly Defect[] = [
  { name: 'node outside the node network', apply: (s, r) => { const i = r.int(0, s.nodes.length - 1); s.nodes[i].ip = '203.0.113.9'; return `nodes[${i}].ip`; } },
  { name: 'broadcast address', apply: (s, r) => { const i = r.int(0, s.nodes.length - 1); s.nodes[i].ip = s.network.prefix === 24 ? s.network.gateway.replace(/\.\d+$/, '.255') : s.network.gateway.replace(/\.\d+\.\d+$/, '.255.255'); return `nodes[${i}].ip`; } },
  { name: 'duplicate node name', apply: (s) => { if (s.nodes.length < 2) return undefined; s.nodes[1].name = s.nodes[0].name; return 'nodes[1].name'; } },
  { name: 'Kubernetes version the release cannot install', apply: (s) => { s.kubernetesVersion = '1.9.11'; return 'kubernetesVersion'; } },
  { name: 'reserved tenant namespace', apply: (s, r) => { s.tenants.push({ name: r.pick(['kube-system', 'rook-ceph', 'cert-manager', 'monitoring', 'kube-x']) }); return `tenants[${s.tenants.length - 1}].name`; } },
  { name: 'storage class nobody creates', apply: (s) => { s.storageClass = 'nfs-client'; return 'storageClass'; } },
  { name: 'no ingress node', apply: (s) => { s.nodes.forEach((n: any) => (n.ingress = false)); s.components.nexus = {}; return 'nodes'; } },
  { name: 'node network over the pod range', apply: (s) => { s.kubespray.extraVars = { kube_pods_subnet: `${s.network.gateway.replace(/\.\d+$/, '.0')}/18` }; return 'kubespray.extraVars.kube_pods_subnet'; } },
  { name: 'cert-manager off without an issuer', apply: (s) => { s.components.certManager = { enabled: false }; s.components.nexus = {}; return 'components.certManager.existingClusterIssuer'; } },
  { name: 'tracing without logging', apply: (s) => { s.components.logging = { enabled: false }; s.components.tracing = {}; return 'components.tracing.enabled'; } },
  { name: 'unknown key', apply: (s, r) => { const i = r.int(0, s.nodes.length - 1); s.nodes[i].colour = 'blue'; return `nodes[${i}].colour`; } },
  { name: 'wrong type', apply: (s) => { s.network.prefix = String(s.network.prefix); return 'network.prefix'; } },
  { name: 'invalid domain', apply: (s) => { s.domain = `${s.domain}_x`; return 'domain'; } },
  { name: 'even number of etcd members', apply: (s) => { const extra = s.nodes.find((n: any) => !n.roles.includes('etcd')); if (!extra) return undefined; extra.roles.push('etcd'); return 'nodes'; } },
  { name: 'plaintext secret', apply: (s) => { s.oidc = { clientId: 'kube', clientSecret: 'hunter2-plaintext' }; return 'oidc.clientSecret'; } },
  { name: 'not an SSH key', apply: (s) => { s.ssh.authorizedKeys = ['hunter2']; return 'ssh.authorizedKeys[0]'; } },
  { name: 'missing required field', apply: (s) => { delete s.install; return 'install'; } },
];
