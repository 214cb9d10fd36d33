/**
 * The maintained stack (issue 11 items 2, 4, 6): Jaeger v2 wired to the ECK Elasticsearch the
 * output creates, Graylog's MongoDB wired by the spec's Secret contract, and nothing retired or
 * vulnerable left anywhere in dist/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { find, ofKind, render } from '../helpers/render';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

/** Names ECK gives what it derives from an Elasticsearch `<es>` (ECK docs: "Access the Elasticsearch endpoint", "Default elastic user"). */
const eckDerived = (es: string) => ({ service: `${es}-es-http`, userSecret: `${es}-es-elastic-user`, userKey: 'elastic', caSecret: `${es}-es-http-certs-public`, caKey: 'ca.crt' });

describe('nothing retired or vulnerable reaches dist/', () => {
  // Issue 11's table, as strings that would appear in any file of dist/ (values, manifests, URLs).
  const retired: Array<[string, RegExp]> = [
    ['bitnamilegacy (frozen images, MongoDB CVE-2025-14847)', /bitnamilegacy|bitnami\//],
    ['MongoDB before 8.0.17 (CVE-2025-14847)', /mongo(db)?:(7\.|8\.0\.([0-9]|1[0-6])\b)/],
    ['the KongZ Graylog chart', /kong-z|kongz/],
    ['jaeger-operator (drives Jaeger v1 only, EOL 2025-12-31)', /jaeger-operator/],
    ['Jaeger v1 custom resources', /jaegertracing\.io\/v1/],
    ['Jaeger v1 images', /jaegertracing\/(all-in-one|jaeger-(collector|query|agent)):/],
    ['Ceph before v20.2.4 (CVE-2025-30156)', /ceph\/ceph:v(1\d|20\.[01]\.|20\.2\.[0-3]\b)/],
    ['Nexus before 3.91 (CVE-2026-3199)', /nexus3:3\.([0-8]\d|90)\./],
    ['Keycloak 26.4.7', /keycloak:26\.4\./],
    ['oauth2-proxy before v7.15.2', /oauth2-proxy:v7\.(1[0-4]|[0-9])\.|oauth2-proxy:v7\.15\.[01]\b/],
    ['Elastic Stack 8.19.9', /version: 8\.19\.9\b/],
  ];
  /**
   * The deploy's explicit removal of retired releases names them (docs/deploy.md, "Retired
   * releases"): it removes them, it does not install them.
   */
  const installing = (path: string, content: string) =>
    path === 'deploy.sh'
      ? content.replace(/^echo '-- Retired releases[\s\S]*?\n\n/m, '')
      : path === 'deploy.yml'
        ? content.replace(/^    - name: Remove the retired releases[\s\S]*?(?=^    - name: |(?![\s\S]))/m, '')
        : content;
  for (const [what, pattern] of retired) {
    test(what, () => {
      const hits = lacave.output.filter((f) => pattern.test(installing(f.path, f.content))).map((f) => f.path);
      expect(hits).toEqual([]);
    });
  }
});

describe('Jaeger v2', () => {
  const tracing = lacave.objectsOf('51-tracing');
  const logging = lacave.objectsOf('50-logging');
  const es = ofKind(logging, 'Elasticsearch')[0];
  const deployment = ofKind(tracing, 'Deployment')[0];
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const configMap = ofKind(tracing, 'ConfigMap')[0];
  const configText: string = configMap.data['config.yaml'];
  const config = parse(configText);
  const backend = config.extensions.jaeger_storage.backends[config.exporters.jaeger_storage_exporter.trace_storage].elasticsearch;

  /** The file a path names inside the container: the volume mounted there and the key. */
  const mountedFile = (file: string) => {
    const m = (container.volumeMounts as any[]).find((vm) => file.startsWith(`${vm.mountPath}/`));
    expect(m).toBeDefined();
    const volume = (pod.volumes as any[]).find((v) => v.name === m.name);
    return { volume, key: file.slice(m.mountPath.length + 1) };
  };

  test('one Deployment of the pinned jaegertracing/jaeger v2 image reading the ConfigMap', () => {
    expect(container.image).toMatch(/^jaegertracing\/jaeger:2\.\d+\.\d+$/);
    const file = container.args[container.args.indexOf('--config') + 1];
    const { volume, key } = mountedFile(file);
    expect(volume.configMap.name).toBe(configMap.metadata.name);
    expect(Object.keys(configMap.data)).toContain(key);
  });

  test('the configuration reads the same under YAML 1.1 and 1.2 (no string turns into a date, number or boolean)', () => {
    expect(parse(configText, { version: '1.1' })).toEqual(config);
  });

  test('the configuration is complete as the collector checks it: every component a pipeline or the service names is defined', () => {
    for (const e of config.service.extensions) expect(Object.keys(config.extensions)).toContain(e);
    for (const [, p] of Object.entries<any>(config.service.pipelines)) {
      for (const r of p.receivers) expect(Object.keys(config.receivers)).toContain(r);
      for (const r of p.processors) expect(Object.keys(config.processors)).toContain(r);
      for (const r of p.exporters) expect(Object.keys(config.exporters)).toContain(r);
    }
    expect(Object.keys(config.extensions.jaeger_storage.backends)).toContain(config.extensions.jaeger_query.storage.traces);
  });

  test('it stores in the Elasticsearch the output creates, with the Secrets ECK writes for it, by reference', () => {
    const eck = eckDerived(es.metadata.name);
    const url = new URL(backend.server_urls[0]);
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe(`${eck.service}.${es.metadata.namespace}.svc`);
    expect(url.port).toBe('9200');
    expect(deployment.metadata.namespace).toBe(es.metadata.namespace);
    expect(backend.auth.basic.username).toBe('elastic');
    expect(backend.auth.basic.password).toBeUndefined();
    const password = mountedFile(backend.auth.basic.password_file);
    expect(password).toEqual({ volume: expect.objectContaining({ secret: { secretName: eck.userSecret } }), key: eck.userKey });
    const ca = mountedFile(backend.tls.ca_file);
    expect(ca).toEqual({ volume: expect.objectContaining({ secret: { secretName: eck.caSecret } }), key: eck.caKey });
    expect(backend.tls.insecure_skip_verify).toBeUndefined();
  });

  test('OTLP gRPC 4317 and HTTP 4318 on the collector Service, the UI on the query Service behind jaeger.<apps domain>', () => {
    const port = (name: string) => (container.ports as any[]).find((p) => p.name === name).containerPort;
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe(`0.0.0.0:${port('otlp-grpc')}`);
    expect(config.receivers.otlp.protocols.http.endpoint).toBe(`0.0.0.0:${port('otlp-http')}`);
    const collector = find(tracing, 'Service', 'lacave-jaeger-collector', 'elastic-system')!;
    expect(collector.spec.ports.map((p: any) => [p.port, p.targetPort])).toEqual(expect.arrayContaining([[4317, 'otlp-grpc'], [4318, 'otlp-http']]));
    for (const svc of ofKind(tracing, 'Service')) expect(deployment.spec.template.metadata.labels).toMatchObject(svc.spec.selector);
    const ui = ofKind(lacave.objects, 'HTTPRoute').find((i) => i.spec.hostnames?.[0] === 'jaeger.kube.lacave.info')!;
    const backend = ui.spec.rules[0].backendRefs[0];
    expect(backend.name).toBe('lacave-jaeger-query');
    const query = find(tracing, 'Service', backend.name, 'elastic-system')!;
    const target = query.spec.ports.find((p: any) => p.port === backend.port).targetPort;
    expect(config.extensions.jaeger_query.http.endpoint).toBe(`0.0.0.0:${port(target)}`);
  });

  test('Prometheus scrapes the port the telemetry exporter listens on', () => {
    const monitor = find(lacave.objectsOf('52-monitoring'), 'ServiceMonitor', 'jaeger', 'monitoring')!;
    const scraped = ofKind(tracing, 'Service').filter((s) => Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v));
    expect(scraped.map((s) => s.metadata.name)).toEqual(['lacave-jaeger-collector']);
    expect(monitor.spec.namespaceSelector.matchNames).toEqual([scraped[0].metadata.namespace]);
    const port = scraped[0].spec.ports.find((p: any) => p.name === monitor.spec.endpoints[0].port);
    expect(config.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port).toBe((container.ports as any[]).find((p) => p.name === port.targetPort).containerPort);
  });

  test('retention: the cleaner deletes indices older than the spec says, with the prefix Jaeger writes, password by reference', () => {
    const days = render(lacaveWith((s) => (s.components = { ...s.components, tracing: { retentionDays: 30 } })));
    const job = ofKind(days.objectsOf('51-tracing'), 'CronJob')[0].spec.jobTemplate.spec.template.spec.containers[0];
    const cfg = parse(ofKind(days.objectsOf('51-tracing'), 'ConfigMap')[0].data['config.yaml']);
    const be = cfg.extensions.jaeger_storage.backends.elasticsearch.elasticsearch;
    expect(job.args).toEqual(['30', be.server_urls[0]]);
    expect(be.max_span_age).toBe('720h');
    expect(job.env).toEqual(
      expect.arrayContaining([
        { name: 'INDEX_PREFIX', value: be.indices.index_prefix },
        { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: eckDerived(es.metadata.name).userSecret, key: 'elastic' } } },
      ]),
    );
    expect(job.image).toBe(container.image.replace('jaegertracing/jaeger:', 'jaegertracing/jaeger-es-index-cleaner:'));
  });

  test('index replicas follow the Elasticsearch size (none on one node)', () => {
    expect(es.spec.nodeSets[0].count).toBe(1);
    expect(backend.indices.spans.replicas).toBe(0);
    const three = render(lacaveWith((s) => (s.components = { ...s.components, logging: { elasticsearchNodes: 3 } })));
    const cfg = parse(ofKind(three.objectsOf('51-tracing'), 'ConfigMap')[0].data['config.yaml']);
    expect(cfg.extensions.jaeger_storage.backends.elasticsearch.elasticsearch.indices.spans.replicas).toBe(1);
  });
});


describe('Graylog', () => {
  const objs = lacave.objectsOf('53-graylog');
  const secret = lacave.model.components.graylog.secretName;
  const podSpecs = objs.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind)).map((o) => [o.metadata.name, o.spec.template.spec] as const);
  const containers = podSpecs.flatMap(([owner, spec]) => spec.containers.map((c: any) => ({ owner, c })));
  const env = (owner: string, name: string) => containers.find((x) => x.owner === owner)!.c.env.find((e: any) => e.name === name);
  const keysRead = new Set(containers.flatMap(({ c }) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef).filter((r: any) => r && r.name === secret).map((r: any) => r.key)));

  /** The keys the spec documents for `GraylogSpec.secretName`: the contract an admin creates the Secret from. */
  const documentedKeys = () => {
    const spec = fs.readFileSync(path.join(__dirname, '..', '..', 'clusters', 'model', 'spec.ts'), 'utf8');
    const block = spec.slice(spec.indexOf('export interface GraylogSpec'));
    const doc = block.slice(0, block.indexOf('readonly secretName'));
    const comment = doc.slice(doc.lastIndexOf('/**'));
    const list = comment.slice(comment.indexOf('credential:'));
    return { comment, keys: new Set([...list.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]).filter((k) => !k.includes('graylog-mongodb'))) };
  };

  test('every key of the Secret the workloads read is one the spec documents, and each documented key is read', () => {
    expect([...keysRead].sort()).toEqual([...documentedKeys().keys].sort());
  });

  test("the documented mongodb-uri names the MongoDB Service, port, user and database the output creates", () => {
    const m = /`(mongodb:\/\/[^`]+)`/.exec(documentedKeys().comment)!;
    const uri = new URL(m[1].replace('<mongodb-passwords>', 'pw').replace('<name>', lacave.model.name));
    const service = find(objs, 'Service', uri.hostname, 'graylog-system')!;
    expect(service).toBeDefined();
    expect(service.spec.ports.map((p: any) => p.port)).toContain(Number(uri.port));
    const mongo = find(objs, 'Deployment', uri.hostname, 'graylog-system')!;
    expect(mongo.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    // the first start creates that user on that database, with the password of mongodb-passwords
    const init = ofKind(objs, 'ConfigMap').find((c) => mongo.spec.template.spec.volumes.some((v: any) => v.configMap?.name === c.metadata.name))!;
    const script: string = Object.values<string>(init.data)[0];
    const call = /getSiblingDB\("([^"]+)"\)\.createUser\(\{"user":"([^"]+)","pwd":process\.env\.(\w+),"roles":\[\{"role":"dbOwner","db":"([^"]+)"\}\]\}\)/.exec(script)!;
    expect(call).not.toBeNull();
    expect([call[1], call[2], call[4]]).toEqual([uri.pathname.slice(1), uri.username, uri.pathname.slice(1)]);
    expect(env(mongo.metadata.name, call[3]).valueFrom.secretKeyRef).toEqual({ name: secret, key: 'mongodb-passwords' });
    expect(env(mongo.metadata.name, 'MONGO_INITDB_ROOT_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: secret, key: 'mongodb-root-password' });
    // Graylog and the Data Node connect with mongodb-uri and share password_secret
    for (const [owner, variable] of [['lacave-graylog', 'GRAYLOG_MONGODB_URI'], ['lacave-graylog-datanode', 'GRAYLOG_DATANODE_MONGODB_URI']]) expect(env(owner, variable).valueFrom.secretKeyRef).toEqual({ name: secret, key: 'mongodb-uri' });
    expect(env('lacave-graylog', 'GRAYLOG_PASSWORD_SECRET').valueFrom.secretKeyRef).toEqual(env('lacave-graylog-datanode', 'GRAYLOG_DATANODE_PASSWORD_SECRET').valueFrom.secretKeyRef);
  });

  test('the mongo image is the official one, ≥ 8.0.17; Graylog and its Data Node are the same release', () => {
    const image = (owner: string) => containers.find((x) => x.owner === owner)!.c.image as string;
    const mongo = /^mongo:8\.0\.(\d+)$/.exec(image('lacave-graylog-mongodb'))!;
    expect(Number(mongo[1])).toBeGreaterThanOrEqual(17);
    expect(image('lacave-graylog-datanode').split(':')[1]).toBe(image('lacave-graylog').split(':')[1]);
    expect(image('lacave-graylog')).toMatch(/^graylog\/graylog:7\.\d+\.\d+$/);
  });

  test('MongoDB keeps the Bitnami release volume: same claim name, files where Bitnami wrote them', () => {
    const mongo = find(objs, 'Deployment', 'lacave-graylog-mongodb', 'graylog-system')!.spec.template.spec;
    const claim = mongo.volumes.find((v: any) => v.persistentVolumeClaim).persistentVolumeClaim.claimName;
    expect(claim).toBe('lacave-graylog-mongodb');
    expect(mongo.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data/db', subPath: 'data/db' });
    expect(find(objs, 'PersistentVolumeClaim', claim, 'graylog-system')!.spec.storageClassName).toBe('rook-ceph-block');
  });

  test('inputs: the Services open the ports the API bodies configure, on the Graylog pods', () => {
    const graylog = find(objs, 'StatefulSet', 'lacave-graylog', 'graylog-system')!;
    const bodies = Object.entries(lacave.files).filter(([p]) => p.startsWith('graylog/inputs/')).map(([, c]) => JSON.parse(c));
    const ports = ofKind(objs, 'Service').filter((s) => /-(tcp|udp)$/.test(s.metadata.name)).flatMap((s) => {
      expect(graylog.spec.template.metadata.labels).toMatchObject(s.spec.selector);
      return s.spec.ports.map((p: any) => p.port);
    });
    expect(bodies.map((b) => b.configuration.port).sort()).toEqual(ports.sort());
    const containerPorts = graylog.spec.template.spec.containers[0].ports.map((p: any) => p.containerPort);
    for (const p of ports) expect(containerPorts).toContain(p);
  });

  test('the web interface is published under graylog.<apps domain> and knows its external URI', () => {
    const ui = ofKind(lacave.objects, 'HTTPRoute').find((i) => i.spec.hostnames?.[0] === 'graylog.kube.lacave.info')!;
    expect(ui.spec.rules[0].backendRefs[0].name).toBe('lacave-graylog');
    expect(env('lacave-graylog', 'GRAYLOG_HTTP_EXTERNAL_URI').value).toBe('https://graylog.kube.lacave.info/');
  });

  test('no Helm release is left for Graylog, MongoDB or OpenSearch', () => {
    expect(Object.keys(lacave.files).filter((p) => /^helm\/graylog/.test(p))).toEqual([]);
  });
});
