/**
 * Tracing with Jaeger v2 (charts/tracing.ts), wired to the ECK Elasticsearch the output creates:
 * its configuration as the collector checks it, the Secrets ECK writes, by reference, the OTLP and
 * UI ports, the metrics Prometheus scrapes, the index cleaner.
 */
import { parse } from 'yaml';
import { find, ofKind, render } from '../helpers/render';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

/** Names ECK gives what it derives from an Elasticsearch `<es>` (ECK docs: "Access the Elasticsearch endpoint", "Default elastic user"). */
const eckDerived = (es: string) => ({ service: `${es}-es-http`, userSecret: `${es}-es-elastic-user`, userKey: 'elastic', caSecret: `${es}-es-http-certs-public`, caKey: 'ca.crt' });

describe('snapshot', () => {
  test('51-tracing', () => expect(lacave.files['manifests/51-tracing.yaml']).toMatchSnapshot());
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
