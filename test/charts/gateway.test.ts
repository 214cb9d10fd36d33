/**
 * The edge on the Gateway API (charts/gateway.ts, charts/lib/published-service.ts): every host
 * the platform published with an Ingress is now an HTTPS listener of the one Gateway with an
 * HTTPRoute; nothing in dist/ is an Ingress any more (Helm values and operator CRs included); the
 * Envoy proxies listen on 80/443 on the host network of exactly the nodes the DNS zone names.
 */
import { App, Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { k8s } from 'cdk8s-plus-27';
import { GatewayChart, gatewayChartProps } from '../../charts/gateway';
import { ComponentChart } from '../../charts/lib/component-chart';
import { PublishedService, RouteBackend } from '../../charts/lib/published-service';
import { validateSpec } from '../../clusters/model';
import { checkReferences } from '../../synth/validate/references';
import { readObjects } from '../../output/objects';
import { externalObjects } from '../../synth/validate/produced';
import { ofKind, render, type K8sObject, type Rendered } from '../helpers/render';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

/** The hosts the reference published with an Ingress (its ingress-nginx annotations, Helm values and Jaeger CR). */
const publishedBefore = (r: Rendered) => {
  const h = r.model.hosts;
  return [h.keycloak, h.dashboard, h.cephDashboard, h.nexus, h.docker, h.registry, h.kibana, h.jaeger, h.grafana, h.graylog].sort();
};

/** Every YAML/JSON document of every file of the output, parsed (values files and CRs included). */
function everyDocument(r: Rendered): Array<{ path: string; doc: unknown }> {
  const docs: Array<{ path: string; doc: unknown }> = [];
  for (const [path, content] of Object.entries(r.files)) {
    if (/\.(ya?ml)$/.test(path)) for (const d of parseAllDocuments(content)) docs.push({ path, doc: d.toJS() });
    else if (path.endsWith('.json')) docs.push({ path, doc: JSON.parse(content) });
  }
  return docs;
}

/** Paths (in a document) of every `kind: Ingress` object and of every `ingress` section switched on. */
function ingressesIn(doc: unknown, at = ''): string[] {
  if (!doc || typeof doc !== 'object') return [];
  const found: string[] = [];
  const o = doc as Record<string, unknown>;
  if (o.kind === 'Ingress') found.push(`${at}(kind: Ingress)`);
  for (const [k, v] of Object.entries(o)) {
    if (/^ingress$/i.test(k) && v && typeof v === 'object' && !Array.isArray(v) && (v as Record<string, unknown>).enabled !== false) found.push(`${at}.${k}`);
    found.push(...ingressesIn(v, `${at}.${k}`));
  }
  return found;
}

describe('snapshot', () => {
  test('manifests/11-gateway.yaml', () => {
    expect(lacave.files['manifests/11-gateway.yaml']).toBeDefined();
    expect(lacave.files['manifests/11-gateway.yaml']).toMatchSnapshot();
  });
});

describe('no Ingress anywhere in dist/', () => {
  test.each([
    ['lacave', lacave],
    ['lacave on Kubespray v2.14', render(lacaveWith((s) => ((s.kubespray.release = 'v2.14'), (s.kubernetesVersion = '1.19.3'))))],
  ])('%s: no Ingress object, no ingress section switched on, no ingress-nginx setting', (_name, r) => {
    const docs = everyDocument(r);
    expect(docs.length).toBeGreaterThan(20);
    expect(docs.flatMap(({ path, doc }) => ingressesIn(doc).map((p) => `${path}: ${p}`))).toEqual([]);
    for (const [path, content] of Object.entries(r.files)) {
      // The deploy scripts name ingress-nginx's release only to remove it (a retired release).
      const installs = !/^deploy\.(sh|yml)$/.test(path) && /nginx\.ingress\.kubernetes\.io|ingressClassName|ingress-nginx\//.test(content);
      expect([path, /^kind:\s*Ingress\s*$/m.test(content), installs]).toEqual([path, false, false]);
    }
  });

  test('the check itself finds an Ingress object and a switched-on values section', () => {
    expect(ingressesIn({ kind: 'Ingress' })).toEqual(['(kind: Ingress)']);
    expect(ingressesIn({ grafana: { ingress: { enabled: true } }, jaeger: { spec: { ingress: {} } } })).toEqual(['.grafana.ingress', '.jaeger.spec.ingress']);
    expect(ingressesIn({ grafana: { ingress: { enabled: false } } })).toEqual([]);
  });
});

describe('every published host is a route of the platform Gateway', () => {
  const routes = ofKind(lacave.objects, 'HTTPRoute');
  const gateway = ofKind(lacave.objects, 'Gateway')[0];

  test('an HTTPRoute for every host published before, attached to the listener of that host', () => {
    const hosts = routes.flatMap((r) => r.spec.hostnames ?? []).sort();
    expect(hosts).toEqual(publishedBefore(lacave));
    for (const route of routes.filter((r) => r.spec.hostnames)) {
      const [host] = route.spec.hostnames;
      const listener = gateway.spec.listeners.find((l: any) => l.name === route.spec.parentRefs[0].sectionName);
      expect([host, listener?.hostname, listener?.protocol, listener?.port]).toEqual([host, host, 'HTTPS', 443]);
      // the listener takes routes from that namespace only
      expect(listener.allowedRoutes.namespaces.selector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': route.metadata.namespace });
      expect(route.spec.parentRefs[0]).toMatchObject({ kind: 'Gateway', name: gateway.metadata.name, namespace: gateway.metadata.namespace });
    }
  });

  test('port 80 only redirects to HTTPS (as ingress-nginx did for every TLS host)', () => {
    const http = gateway.spec.listeners.filter((l: any) => l.protocol === 'HTTP');
    expect(http).toEqual([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }]);
    const redirect = routes.filter((r) => r.spec.parentRefs.some((p: any) => p.sectionName === 'http'));
    expect(redirect).toHaveLength(1);
    expect(redirect[0].metadata.namespace).toBe(gateway.metadata.namespace);
    expect(redirect[0].spec.rules).toEqual([{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]);
  });

  test('no total request timeout (Envoy defaults to 15 s; image layers and exports take longer)', () => {
    for (const route of routes.filter((r) => r.spec.hostnames)) expect([route.metadata.name, route.spec.rules[0].timeouts]).toEqual([route.metadata.name, { request: '0s' }]);
  });

  test('the Ceph dashboard is reached over plain HTTP inside the cluster (TLS ends at the Gateway)', () => {
    const ceph = ofKind(lacave.objects, 'CephCluster')[0];
    expect(ceph.spec.dashboard).toEqual({ enabled: true, ssl: false });
    const route = routes.find((r) => r.spec.hostnames?.includes(lacave.model.hosts.cephDashboard))!;
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'rook-ceph-mgr-dashboard', port: 7000 }]);
  });

  test('every backend Service and port, every listener certificate and its ReferenceGrant exist (the validator finds none missing)', () => {
    const { objects } = readObjects(lacave.output.filter((f) => f.path.startsWith('manifests/')));
    const problems = checkReferences(objects, { external: externalObjects(lacave.model) }).map((p) => p.message);
    expect(problems).toEqual([]);
  });

  test('and the validator does report a wrong backend port, a missing ReferenceGrant, an unknown listener and a listener without a certificate', () => {
    const files = lacave.output.filter((f) => f.path.startsWith('manifests/'));
    const broken = files.map((f) => ({
      ...f,
      content: f.content
        .replace(/port: 5601/, 'port: 5602')
        .replace(/to:\n    - group: ""\n      kind: Secret\n      name: nexus-lacave-tls/, 'to:\n    - group: ""\n      kind: Secret\n      name: other-secret')
        .replace(/sectionName: registry\.kube\.lacave\.info/, 'sectionName: nowhere.kube.lacave.info'),
    }));
    const gw = broken.find((f) => f.path === 'manifests/11-gateway.yaml')!;
    gw.content = gw.content.replace(/(name: grafana\.kube\.lacave\.info\n      port: 443\n      protocol: HTTPS\n)      tls:\n        certificateRefs:\n(?:          .*\n)+?        mode: Terminate\n/, '$1      tls:\n        mode: Terminate\n');
    const problems = checkReferences(readObjects(broken).objects, { external: externalObjects(lacave.model) }).map((p) => p.message);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/backendRef → Service elastic-system\/kube-lacave-kibana-kb-http port 5602: the Service has no such port/),
        expect.stringMatching(/listener nexus\.lacave\.info certificateRef → Secret nexus\/nexus-lacave-tls: no ReferenceGrant in nexus/),
        expect.stringMatching(/parentRef → Gateway gateway\/platform listener nowhere\.kube\.lacave\.info: the Gateway has no such listener/),
        expect.stringMatching(/listener grafana\.kube\.lacave\.info: HTTPS without a certificate/),
      ]),
    );
  });
});

describe('traffic reaches the Envoy proxies where the DNS zone points', () => {
  test.each([
    ['lacave (every node an ingress node)', lacaveSpec()],
    ['two ingress nodes', lacaveWith((s) => s.nodes.forEach((n: any, i: number) => (n.ingress = i >= 2)))],
  ])('%s: one Envoy per ingress node on the host network, ports 80/443 themselves, and the A records of the apps domain are those nodes', (_name, spec) => {
    const r = render(spec);
    const proxy = ofKind(r.objects, 'EnvoyProxy')[0];
    const gateway = ofKind(r.objects, 'Gateway')[0];
    expect(gateway.spec.infrastructure.parametersRef).toEqual({ group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: proxy.metadata.name });
    expect(proxy.metadata.namespace).toBe(gateway.metadata.namespace);
    const k = proxy.spec.provider.kubernetes;
    expect(k.useListenerPortAsContainerPort).toBe(true);
    expect(k.envoyDaemonSet.patch.value.spec.template.spec.hostNetwork).toBe(true);
    // binding 80/443 needs NET_BIND_SERVICE, effective only for uid 0; everything else dropped
    expect(k.envoyDaemonSet.container.securityContext).toMatchObject({ runAsUser: 0, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } });
    expect(k.envoyService.type).toBe('ClusterIP');
    expect(new Set(gateway.spec.listeners.map((l: any) => l.port))).toEqual(new Set([80, 443]));
    const envoyNodes: string[] = k.envoyDaemonSet.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values;
    const envoyIps = r.model.nodes.filter((n) => envoyNodes.includes(n.name)).map((n) => n.ip).sort();
    expect(envoyIps.length).toBe(r.model.nodes.filter((n) => n.ingress).length);
    const zone = r.files[`dns/${r.model.domain}.zone`]!;
    const apps = r.model.appsDomain.slice(0, -r.model.domain.length - 1);
    const aRecords = [...zone.matchAll(new RegExp(`^${apps.replace(/\./g, '\\.')}\\s+IN A\\s+(\\S+)$`, 'gm'))].map((m) => m[1]).sort();
    expect(aRecords).toEqual(envoyIps);
    // every route host is a name of the zone that leads there
    for (const host of ofKind(r.objects, 'HTTPRoute').flatMap((x) => x.spec.hostnames ?? [])) {
      const rel = host.endsWith(`.${r.model.domain}`) ? host.slice(0, -r.model.domain.length - 1) : host;
      expect([host, new RegExp(`^${rel.replace(/\./g, '\\.')}\\s+IN CNAME\\s+${r.model.appsDomain.replace(/\./g, '\\.')}\\.$`, 'm').test(zone)]).toEqual([host, true]);
    }
  });
});

describe('PublishedService: a route for free, the Gateway listens by itself', () => {
  const model = validateSpec(lacaveSpec());
  const issuer = { name: 'ca-x-issuer', organization: 'x CA' };
  const synth = (add: (chart: ComponentChart) => void): K8sObject[] => {
    const app = Testing.app() as App;
    new GatewayChart(app, 'gateway', gatewayChartProps(model));
    add(new ComponentChart(app, 'later', { clusterName: model.name, component: 'new-thing' }));
    return app.charts.flatMap((c) => c.toJson()) as K8sObject[];
  };

  test('a service published by a chart made after the Gateway gets its HTTPS listener, certificate and grant', () => {
    const objects = synth((chart) => new PublishedService(chart, 'new', { issuer, backend: RouteBackend.fromServiceName('tools', 'tools', 8080), host: 'tools.kube.lacave.info', routeName: 'tools', tlsSecretName: 'tools-tls' }));
    const listener = ofKind(objects, 'Gateway')[0].spec.listeners.find((l: any) => l.hostname === 'tools.kube.lacave.info');
    expect(listener.tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'tools-tls', namespace: 'tools' }]);
    expect(ofKind(objects, 'Certificate')[0].spec).toMatchObject({ secretName: 'tools-tls', dnsNames: ['tools.kube.lacave.info'] });
    expect(ofKind(objects, 'ReferenceGrant')[0]).toMatchObject({ metadata: { namespace: 'tools' }, spec: { from: [{ kind: 'Gateway', namespace: 'gateway' }], to: [{ kind: 'Secret', name: 'tools-tls' }] } });
    expect(ofKind(objects, 'HTTPRoute').find((r) => r.metadata.name === 'tools')!.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'tools', port: 8080 }]);
  });

  test('a host published twice is refused', () => {
    const props = { issuer, backend: RouteBackend.fromServiceName('tools', 'tools', 8080), host: 'tools.kube.lacave.info', tlsSecretName: 'tools-tls' };
    expect(() =>
      synth((chart) => {
        new PublishedService(chart, 'a', { ...props, routeName: 'a' });
        new PublishedService(chart, 'b', { ...props, routeName: 'b' });
      }),
    ).toThrow('host tools.kube.lacave.info is published twice');
  });
});

describe('RouteBackend.fromService: the route reads name, namespace and port from the Service object', () => {
  const model = validateSpec(lacaveSpec());
  const issuer = { name: 'ca-x-issuer', organization: 'x CA' };
  const tools = (chart: ComponentChart, ports: k8s.ServicePort[] = [{ name: 'web', port: 8080 }, { name: 'admin', port: 9000 }]) =>
    new k8s.KubeService(chart, 'tools-service', { metadata: { name: 'tools-svc', namespace: 'tools' }, spec: { selector: { app: 'tools' }, ports } });
  const publish = (chart: ComponentChart, backend: RouteBackend) => new PublishedService(chart, 'tools', { issuer, backend, host: 'tools.kube.lacave.info', routeName: 'tools', tlsSecretName: 'tools-tls' });
  const synth = (add: (chart: ComponentChart) => void): K8sObject[] => {
    const app = Testing.app() as App;
    add(new ComponentChart(app, 'tools', { clusterName: model.name, component: 'tools' }));
    return app.charts.flatMap((c) => c.toJson()) as K8sObject[];
  };

  test('a port by name becomes its number; the route lives in the Service namespace', () => {
    const objects = synth((chart) => publish(chart, RouteBackend.fromService(tools(chart), { port: 'admin' })));
    const route = ofKind(objects, 'HTTPRoute')[0];
    expect(route.metadata.namespace).toBe('tools');
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'tools-svc', port: 9000 }]);
    expect(ofKind(objects, 'Certificate')[0].metadata.namespace).toBe('tools');
  });

  test('a single-port Service needs no port', () => {
    const objects = synth((chart) => publish(chart, RouteBackend.fromService(tools(chart, [{ port: 80 }]))));
    expect(ofKind(objects, 'HTTPRoute')[0].spec.rules[0].backendRefs[0]).toMatchObject({ name: 'tools-svc', port: 80 });
  });

  test('a port the Service does not expose, or an unsaid port of a multi-port Service, is refused', () => {
    expect(() => synth((chart) => RouteBackend.fromService(tools(chart), { port: 8081 }))).toThrow('Service tools-svc exposes web (8080), admin (9000), not 8081');
    expect(() => synth((chart) => RouteBackend.fromService(tools(chart), { port: 'http' }))).toThrow('not http');
    expect(() => synth((chart) => RouteBackend.fromService(tools(chart)))).toThrow('exposes several ports');
  });

  test('only a Service can be a backend', () => {
    const notAService = (chart: ComponentChart) => new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'tools', namespace: 'tools' } });
    expect(() => synth((chart) => RouteBackend.fromService(notAService(chart)))).toThrow('ConfigMap tools is not a Service');
  });
});

describe('Helm values route instead of publishing', () => {
  test('Grafana and Graylog: ingress off, the route names their chart Service', () => {
    const kps = parse(lacave.files['helm/kube-prometheus-stack.values.yaml']!);
    expect(kps.grafana.ingress).toEqual({ enabled: false });
    const grafana = ofKind(lacave.objects, 'HTTPRoute').find((r) => r.metadata.name === 'grafana')!;
    expect(grafana.spec.rules[0].backendRefs[0]).toMatchObject({ name: `${lacave.model.names.monitoring.prometheusRelease}-grafana`, port: kps.grafana.service.port });
  });
});
