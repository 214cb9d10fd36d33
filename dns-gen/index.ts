/**
 * The BIND zone of the cluster (seed 000: `/etc/bind/lacave.info.db` on the provisioning server):
 * an A record per node, round-robin A records of the apps domain over the ingress nodes — where
 * the platform Gateway's Envoy proxies listen on 80/443 on the host network (charts/gateway.ts) —
 * the wildcard CNAME `*.<appsDomain>`, the API server name over the control-plane nodes, and a
 * CNAME to the apps domain for every host the cluster publishes (`model.publishedHosts`: the
 * Gateway's listeners and HTTPRoutes; a test checks the two agree).
 * The serial is a hash of the records, so the same cluster gives the same bytes.
 */
import { createHash } from 'crypto';
import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../output/files';

export interface ZoneRecord {
  /** Absolute name with the final dot, e.g. `kube01.lacave.info.` */
  readonly name: string;
  readonly type: 'SOA' | 'NS' | 'A' | 'CNAME';
  /** RDATA as written in the zone file (absolute names end with a dot). */
  readonly data: string;
}

export interface Zone {
  /** Origin without the final dot, e.g. `lacave.info`. */
  readonly origin: string;
  readonly ttl: number;
  readonly records: readonly ZoneRecord[];
}

const fqdn = (name: string) => `${name.replace(/\.$/, '')}.`;
const within = (host: string, zone: string) => host === zone || host.endsWith(`.${zone}`);

/** The zones: the site domain, plus the apps domain when it is not inside it. */
export function buildZones(model: ClusterModel, hosts: readonly string[]): Zone[] {
  const origins = [model.domain, ...(within(model.appsDomain, model.domain) ? [] : [model.appsDomain])];
  const nameServer = `ns.${model.domain}`;
  const ingressNodes = model.nodes.filter((n) => n.ingress);
  if (ingressNodes.length === 0) throw new Error(`${model.name}: no node has ingress: true, so ${model.appsDomain} cannot resolve: set nodes[].ingress`);
  const controlPlane = model.nodes.filter((n) => n.controlPlane);
  const clash = model.nodes.find((n) => n.fqdn === nameServer);
  if (clash) throw new Error(`${model.name}: node ${clash.name} has the name server's name ${nameServer}: rename the node`);

  const records: ZoneRecord[] = [
    { name: fqdn(nameServer), type: 'A', data: model.network.dnsServers[0] },
    ...model.nodes.map((n): ZoneRecord => ({ name: fqdn(n.fqdn), type: 'A', data: n.ip })),
    ...ingressNodes.map((n): ZoneRecord => ({ name: fqdn(model.appsDomain), type: 'A', data: n.ip })),
    { name: fqdn(`*.${model.appsDomain}`), type: 'CNAME', data: fqdn(model.appsDomain) },
    // Clients reach the API server on the control-plane nodes, not through the Gateway.
    ...controlPlane.map((n): ZoneRecord => ({ name: fqdn(model.hosts.apiServer), type: 'A', data: n.ip })),
  ];
  const named = new Set(records.map((r) => r.name));
  for (const host of hosts) {
    if (named.has(fqdn(host))) continue;
    if (!origins.some((o) => within(host, o))) {
      throw new Error(`${model.name}: published host ${host} is outside the zones ${origins.join(', ')}: publish it under ${model.appsDomain} or ${model.domain}`);
    }
    records.push({ name: fqdn(host), type: 'CNAME', data: fqdn(model.appsDomain) });
    named.add(fqdn(host));
  }

  return origins.map((origin) => {
    // A record belongs to the most specific zone that contains it.
    const mine = records.filter((r) => origins.filter((o) => within(r.name.slice(0, -1), o)).sort((a, b) => b.length - a.length)[0] === origin);
    const body = [{ name: fqdn(origin), type: 'NS' as const, data: fqdn(nameServer) }, ...mine];
    const serial = (createHash('sha256').update(JSON.stringify(body)).digest().readUInt32BE(0) % 4294967294) + 1;
    const soa: ZoneRecord = { name: fqdn(origin), type: 'SOA', data: `${fqdn(nameServer)} hostmaster.${fqdn(model.domain)} ${serial} 3600 900 1209600 300` };
    return { origin, ttl: 3600, records: [soa, ...body] };
  });
}

/** Zone file text: `$ORIGIN`, `$TTL`, then one record per line with names relative to the origin. */
export function formatZone(zone: Zone): string {
  const origin = fqdn(zone.origin);
  const relative = (name: string) => (name === origin ? '@' : name.endsWith(`.${origin}`) ? name.slice(0, -origin.length - 1) : name);
  const width = Math.max(...zone.records.map((r) => relative(r.name).length)) + 1;
  const lines = [`$ORIGIN ${origin}`, `$TTL ${zone.ttl}`];
  for (const r of zone.records) lines.push(`${relative(r.name).padEnd(width)} IN ${r.type.padEnd(5)} ${r.data}`);
  return `${lines.join('\n')}\n`;
}

/** `dns/<origin>.zone` for each zone, from the model: its nodes and the hosts it publishes. */
export function renderDnsZones(model: ClusterModel): OutputFile[] {
  return buildZones(model, model.publishedHosts.map((p) => p.host)).map((z) => ({ path: `dns/${z.origin}.zone`, content: formatZone(z) }));
}
