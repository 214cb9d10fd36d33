import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateSpec } from '../../clusters/model';
import { parseAllDocuments } from 'yaml';
import { buildZones, formatZone, renderDnsZones } from '../../dns-gen/index';
import { renderCluster } from '../../synth/render';
import { generatedSpec, lacaveSpec, lacaveWith } from '../helpers/specs';
import { requireTool } from '../helpers/require-tool';

const model = validateSpec(lacaveSpec(), 'clusters/lacave.ts');

/** The hosts of the model, plus others: what `buildZones` is given. */
const withHosts = (m: typeof model, ...more: string[]) => [...m.publishedHosts.map((p) => p.host), ...more];

/** Records of a zone file as written: `$ORIGIN`, then `<name> IN <type> <data>` lines (names relative to the origin). */
function parseZoneRecords(content: string): Array<{ name: string; type: string; data: string }> {
  const origin = /^\$ORIGIN (\S+)\.$/m.exec(content)![1];
  return content
    .split('\n')
    .filter((l) => l && !l.startsWith('$'))
    .map((l) => l.split(/\s+/))
    .map(([name, , type, ...data]) => ({ name: name === '@' ? origin : `${name}.${origin}`, type, data: data.join(' ') }));
}

/** `named-checkzone -D` of a zone file: the canonical records, one per line. */
function checkZone(origin: string, content: string): { ok: boolean; output: string; records: string[][] } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zone-')), `${origin}.zone`);
  fs.writeFileSync(file, content);
  const r = spawnSync('named-checkzone', ['-k', 'fail', '-n', 'fail', '-D', '-o', '-', origin, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`, records: r.stdout.split('\n').filter((l) => l && !l.startsWith(';')).map((l) => l.split(/\s+/)) };
}

/** Resolves a name in the dumped records: exact name, else the wildcard, following CNAMEs. */
function resolve(records: string[][], name: string, depth = 0): string[] {
  if (depth > 8) return [];
  const owner = (n: string) => records.filter((r) => r[0] === n);
  let rrs = owner(name);
  if (rrs.length === 0) rrs = owner(`*.${name.split('.').slice(1).join('.')}`);
  const a = rrs.filter((r) => r[3] === 'A').map((r) => r[4]);
  const cname = rrs.find((r) => r[3] === 'CNAME');
  return cname ? resolve(records, cname[4], depth + 1) : a;
}

describe('DNS zone', () => {
  test('lacave has the records of seed 000', () => {
    const [zone] = buildZones(model, []);
    const rr = (name: string, type: string) => zone.records.filter((r) => r.name === name && r.type === type).map((r) => r.data);
    expect(zone.origin).toBe('lacave.info');
    expect(rr('kube01.lacave.info.', 'A')).toEqual(['192.168.1.21']);
    expect(rr('kube04.lacave.info.', 'A')).toEqual(['192.168.1.24']);
    expect(rr('kube.lacave.info.', 'A')).toEqual(['192.168.1.21', '192.168.1.22', '192.168.1.23', '192.168.1.24']);
    expect(rr('*.kube.lacave.info.', 'CNAME')).toEqual(['kube.lacave.info.']);
    expect(rr('apiserver.kube.lacave.info.', 'A')).toEqual(['192.168.1.21', '192.168.1.23']);
  });

  test('only nodes with ingress take part in the round robin', () => {
    const m = validateSpec(lacaveWith((s) => (s.nodes[3].ingress = false)), 'x.ts');
    expect(buildZones(m, [])[0].records.filter((r) => r.name === 'kube.lacave.info.' && r.type === 'A').map((r) => r.data)).toEqual(['192.168.1.21', '192.168.1.22', '192.168.1.23']);
  });

  test('the zone of the synth output is there, deterministic, and its serial follows the content', () => {
    const files = renderCluster(model).files;
    const zone = files.find((f) => f.path === 'dns/lacave.info.zone');
    expect(zone).toBeDefined();
    expect(renderCluster(model).files.find((f) => f.path === 'dns/lacave.info.zone')?.content).toBe(zone?.content);
    const serial = (c: string) => /IN SOA\s+\S+ \S+ (\d+)/.exec(c)?.[1];
    const other = renderDnsZones(validateSpec(lacaveWith((s) => (s.nodes[0].ip = '192.168.1.31')), 'x.ts'))[0].content;
    expect(serial(other)).not.toBe(serial(zone!.content));
  });

  test('passes named-checkzone, and every published host resolves to the ingress nodes inside the zone', () => {
    if (!requireTool('named-checkzone', 'the zone (Debian bind9-utils)')) return;
    const zones = renderDnsZones(model);
    expect(zones.map((z) => z.path)).toEqual(['dns/lacave.info.zone']);
    const checked = checkZone('lacave.info', zones[0].content);
    expect(checked.output).toMatch(/OK/);
    expect(checked.ok).toBe(true);
    const ingressIps = model.nodes.filter((n) => n.ingress).map((n) => n.ip).sort();
    for (const host of [model.hosts.nexus, model.hosts.docker, model.hosts.keycloak, model.hosts.grafana]) {
      expect({ host, ips: resolve(checked.records, `${host}.`).sort() }).toEqual({ host, ips: ingressIps });
    }
    expect(resolve(checked.records, 'kube03.lacave.info.')).toEqual(['192.168.1.23']);
  });

  test('every host lacave publishes (its Gateway listeners and routes) has its own record and resolves to the ingress nodes, where the Envoy proxies listen', () => {
    if (!requireTool('named-checkzone', 'the zone (Debian bind9-utils)')) return;
    const out = renderCluster(model).files;
    const zone = out.find((f) => f.path === 'dns/lacave.info.zone')!;
    const checked = checkZone('lacave.info', zone.content);
    expect(checked.ok).toBe(true);
    const ingressIps = model.nodes.filter((n) => n.ingress).map((n) => n.ip).sort();
    const published = [model.hosts.keycloak, model.hosts.dashboard, model.hosts.cephDashboard, model.hosts.nexus, model.hosts.docker, model.hosts.registry, model.hosts.kibana, model.hosts.jaeger, model.hosts.grafana, model.hosts.graylog];
    for (const host of published) {
      expect({ host, explicit: checked.records.some((r) => r[0] === `${host}.`) }).toEqual({ host, explicit: true });
      expect({ host, ips: resolve(checked.records, `${host}.`).sort() }).toEqual({ host, ips: ingressIps });
    }
  });

  test('an apps domain outside the site domain gets its own zone, and both pass named-checkzone', () => {
    const m = validateSpec(lacaveWith((s) => (s.appsDomain = 'apps.example.net')), 'x.ts');
    expect(m.hosts.grafana).toBe('grafana.apps.example.net');
    expect(m.hosts.nexus).toBe('nexus.lacave.info');
    const zones = renderDnsZones(m);
    expect(zones.map((z) => z.path)).toEqual(['dns/lacave.info.zone', 'dns/apps.example.net.zone']);
    if (!requireTool('named-checkzone', 'the zone (Debian bind9-utils)')) return;
    for (const z of zones) {
      const origin = z.path.slice('dns/'.length, -'.zone'.length);
      const checked = checkZone(origin, z.content);
      expect({ origin, ok: checked.ok, output: checked.output }).toMatchObject({ origin, ok: true });
    }
    const apps = checkZone('apps.example.net', zones[1].content);
    expect(resolve(apps.records, 'grafana.apps.example.net.').length).toBe(4);
  });

  test('a published host outside every zone is an error naming the host', () => {
    expect(() => buildZones(model, withHosts(model, 'www.example.com'))).toThrow(
      'lacave: published host www.example.com is outside the zones lacave.info: publish it under kube.lacave.info or lacave.info',
    );
  });

  test('every host given to the zone gets its CNAME, and nothing else does', () => {
    const zone = formatZone(buildZones(model, withHosts(model, 'tls-only.lacave.info'))[0]);
    expect(zone).toMatch(/^tls-only\s+IN CNAME kube\.lacave\.info\.$/m);
    expect(zone).not.toMatch(/^old\s/m);
  });

  /** Host names the rendered manifests publish, read back from their YAML: Gateway listeners, and routes. */
  function renderedPublishedHosts(files: readonly { path: string; content: string }[]): { listeners: string[]; routes: string[]; ingresses: string[] } {
    const listeners = new Set<string>();
    const routes = new Set<string>();
    const ingresses = new Set<string>();
    for (const f of files.filter((x) => x.path.startsWith('manifests/'))) {
      for (const doc of parseAllDocuments(f.content)) {
        const o = doc.toJS() as any;
        if (o?.kind === 'Gateway') for (const l of o.spec?.listeners ?? []) if (l.hostname) listeners.add(l.hostname);
        if (o?.kind === 'HTTPRoute' || o?.kind === 'GRPCRoute') for (const h of o.spec?.hostnames ?? []) routes.add(h);
        if (o?.kind === 'Ingress') for (const r of o.spec?.rules ?? []) if (r.host) ingresses.add(r.host);
      }
    }
    return { listeners: [...listeners].sort(), routes: [...routes].sort(), ingresses: [...ingresses].sort() };
  }

  test.each([
    ['lacave', lacaveSpec()],
    ['no monitoring, no Nexus', lacaveWith((s) => ((s.components.monitoring = { enabled: false }), (s.components.nexus = { enabled: false })))],
    ['no tracing', lacaveWith((s) => (s.components.tracing = { enabled: false }))],
    ['no logging, no tracing, no Rook-Ceph, no Graylog', lacaveWith((s) => ((s.components.logging = { enabled: false }), (s.components.tracing = { enabled: false }), (s.components.rookCeph = { enabled: false }), (s.components.graylog = { enabled: false })))],
    ['no Keycloak, no dashboard, no registry', lacaveWith((s) => ((s.components.keycloak = { enabled: false }), (s.components.dashboard = { enabled: false }), (s.components.registry = { enabled: false }), delete s.oidc))],
    ['a generated cluster', generatedSpec(5, 2)],
  ])("the zone's CNAMEs are exactly the hosts the rendered Gateway listeners and HTTPRoutes publish (%s)", (_name, spec) => {
    const m = validateSpec(spec, 'x.ts');
    const out = renderCluster(m).files;
    const { listeners, routes, ingresses } = renderedPublishedHosts(out);
    // The independent judge: what the Gateway serves and the routes claim, read from the YAML.
    expect(listeners.length).toBeGreaterThan(0);
    expect(routes).toEqual(listeners);
    expect(ingresses).toEqual([]);
    const cnames = out
      .filter((f) => f.path.startsWith('dns/'))
      .flatMap((f) => parseZoneRecords(f.content))
      .filter((r) => r.type === 'CNAME' && !r.name.startsWith('*.'))
      .map((r) => r.name)
      .sort();
    expect(cnames).toEqual(listeners);
    expect(m.publishedHosts.map((p) => p.host)).toEqual(listeners);
  });

  test('named-checkzone rejects a broken zone (the check can fail)', () => {
    if (!requireTool('named-checkzone', 'the zone (Debian bind9-utils)')) return;
    const zone = renderDnsZones(model)[0].content.replace(/^kube01 .*$/m, 'kube01 IN CNAME kube.lacave.info.\nkube01 IN A 192.168.1.21');
    expect(checkZone('lacave.info', zone).ok).toBe(false);
    expect(execFileSync('named-checkzone', ['-v'], { encoding: 'utf8' })).toMatch(/\d/);
  });
});
