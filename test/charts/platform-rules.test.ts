/**
 * Rules every platform output keeps, for lacave and variants of it (labels, unique objects,
 * issuers, certificates, storage classes, workload hardening, no plaintext in Secrets, pinned
 * operators), and the reference's object names kept. What each chart renders is in its own file
 * (cert-manager.test.ts, rook-ceph.test.ts, keycloak.test.ts, …).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { versions } from '../../clusters/model/versions';
import { find, ofKind, parseYamlStream, render, type K8sObject, type Rendered } from '../helpers/render';
import { requireShared } from '../helpers/shared';
import { generatedSpec, lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

const variants: Record<string, Rendered> = {
  lacave,
  // Without a PKI (a PKI the nodes trust needs its key Secret), cert-manager makes the root.
  'self-signed root CA': render(lacaveWith((s) => delete s.pki)),
  'all devices of all nodes': render(lacaveWith((s) => (s.components.rookCeph.useAllDevices = true))),
  'without Rook-Ceph': render(lacaveWith((s) => (s.components.rookCeph = { enabled: false }))),
  'without monitoring': render(lacaveWith((s) => (s.components.monitoring = { enabled: false }))),
  'Nexus admin password from a Secret': render(lacaveWith((s) => (s.components.nexus.adminPassword = { secretName: 'nexus-admin', key: 'password' }))),
  'generated 1-node cluster': render(generatedSpec(1, 1)),
  'generated 7-node cluster': render(generatedSpec(7, 3)),
};

const AUTHORED_CHARTS = ['40-keycloak', '41-oidc', '50-logging', '51-tracing', '52-monitoring', '53-graylog'];
const authored = AUTHORED_CHARTS.flatMap((c) => lacave.objectsOf(c));

describe("names stay: every object of the reference's certificate, registry, Rook, Nexus, dashboard and tenant files exists with its kind, name and namespace", () => {
  /** Reference files of this area and the objects that are deliberately not generated (docs/stack-migration.md). */
  const REFERENCE_FILES = [
    'cert/root-ca-cert-manager.yaml.j2',
    'ingress/registry-ingress-manifest.yaml.j2',
    'rook/cluster.yaml.j2',
    'rook/pool.yaml.j2',
    'rook/storageclass.yaml',
    'rook/toolbox.yaml.j2',
    'rook/dashboard-ingress-https.yaml.j2',
    'rook/mgr-service-monitor.yaml',
    'nexus/nexus-manifest.yaml.j2',
    'dashboard-adminuser.yml',
    'multitenants-default-role-bindings.yaml',
  ];
  const NOT_GENERATED: Record<string, string> = {
    'Secret cert-manager/ca-lacave-tls': 'holds the CA key: loaded outside dist/, declared in model.externalSecrets',
    'PersistentVolumeClaim nexus/nexus3-local-claim': 'local-path backup volume pinned Nexus to one node (Migration notes)',
  };

  /** The reference's objects, its Jinja rendered the simple way: project_name → lacave, blocks kept. */
  function referenceObjects(dir: string): string[] {
    return REFERENCE_FILES.flatMap((file) => {
      const text = fs
        .readFileSync(path.join(dir, file), 'utf8')
        .split('\n')
        .filter((l) => !/^\s*\{%/.test(l))
        .join('\n')
        .replace(/\{\{\s*project_name\s*\}\}/g, 'lacave')
        .replace(/\{\{[^}]*\}\}/g, 'x');
      return (parseYamlStream(text) as K8sObject[]).map((o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
    });
  }

  test('lacave has them all', () => {
    const dir = requireShared('reference/kube-lacave/resources');
    if (!dir) return;
    const expected = referenceObjects(dir);
    expect(expected.length).toBeGreaterThanOrEqual(20);
    const have = new Set(lacave.objects.map((o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`));
    // An Ingress of the reference is replaced by an HTTPRoute of the platform Gateway in its namespace (docs/gateway.md).
    const routed = (e: string) => e.startsWith('Ingress ') && lacave.objects.some((o) => o.kind === 'HTTPRoute' && `Ingress ${o.metadata.namespace}/` === e.slice(0, e.indexOf('/') + 1));
    expect(expected.filter((e) => e.startsWith('Ingress ')).length).toBeGreaterThanOrEqual(4);
    const missing = expected.filter((e) => !have.has(e) && !(e in NOT_GENERATED) && !routed(e));
    expect(missing).toEqual([]);
    expect(lacave.model.externalSecrets).toContainEqual({ secretName: 'ca-lacave-tls', key: 'tls.key' });
  });
});

describe.each(Object.entries(variants))('structure (%s)', (_name, r) => {
  const { objects, model } = r;
  const of = (kind: string) => ofKind(objects, kind);
  const ref = (o: K8sObject) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

  test('every object carries the recommended labels', () => {
    const unlabelled = objects.filter((o) => {
      const l = o.metadata.labels ?? {};
      return !l['app.kubernetes.io/name'] || l['app.kubernetes.io/part-of'] !== model.name || l['app.kubernetes.io/managed-by'] !== 'kube-cluster-as-code';
    });
    expect(unlabelled.map(ref)).toEqual([]);
  });

  test('no two objects share kind, namespace and name', () => {
    const keys = objects.map(ref);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  test('every issuerRef names an issuer of the output', () => {
    for (const cert of of('Certificate')) {
      const { kind, name } = cert.spec.issuerRef;
      const issuer = kind === 'ClusterIssuer' ? find(objects, 'ClusterIssuer', name) : find(objects, 'Issuer', name, cert.metadata.namespace);
      expect([ref(cert), issuer ? 'found' : `missing ${kind} ${name}`]).toEqual([ref(cert), 'found']);
    }
  });

  test('every CA ClusterIssuer signs with a Secret that a Certificate issues or the spec declares existing', () => {
    const external = new Set(model.externalSecrets.map((s) => s.secretName));
    for (const issuer of of('ClusterIssuer').filter((i) => i.spec.ca)) {
      const secret = issuer.spec.ca.secretName;
      const issued = of('Certificate').some((c) => c.metadata.namespace === 'cert-manager' && c.spec.secretName === secret && c.spec.isCA === true);
      expect([issuer.metadata.name, issued || external.has(secret)]).toEqual([issuer.metadata.name, true]);
    }
    expect(find(objects, 'ClusterIssuer', model.names.caIssuer)).toBeDefined();
  });

  test('no Ingress; every HTTPS listener serves a Certificate covering its host, readable by the Gateway', () => {
    expect(of('Ingress')).toEqual([]);
    const gateways = of('Gateway');
    expect(gateways).toHaveLength(1);
    for (const gw of gateways) {
      for (const l of gw.spec.listeners.filter((x: any) => x.protocol === 'HTTPS')) {
        const where = `${ref(gw)} listener ${l.name}`;
        expect([where, l.tls.certificateRefs.length]).toEqual([where, 1]);
        const secret = l.tls.certificateRefs[0];
        const namespace = secret.namespace ?? gw.metadata.namespace;
        const cert = of('Certificate').find((c) => c.metadata.namespace === namespace && c.spec.secretName === secret.name);
        expect([where, cert?.spec.dnsNames]).toEqual([where, [l.hostname]]);
        const grant = of('ReferenceGrant').find((g) => g.metadata.namespace === namespace && g.spec.to.some((t: any) => t.kind === 'Secret' && t.name === secret.name));
        expect([where, namespace === gw.metadata.namespace || grant?.spec.from.some((f: any) => f.kind === 'Gateway' && f.namespace === gw.metadata.namespace)]).toEqual([where, true]);
      }
    }
  });

  test("every PVC's StorageClass is in the output or declared external", () => {
    const classes = new Set([...of('StorageClass').map((s) => s.metadata.name), ...model.externalStorageClasses]);
    for (const pvc of of('PersistentVolumeClaim')) expect([ref(pvc), classes.has(pvc.spec.storageClassName)]).toEqual([ref(pvc), true]);
  });

  /**
   * Upstream workloads that cannot meet a rule, and why. The Flatcar update operator serves no
   * HTTP endpoint at all (its processes exit on failure and the kubelet restarts them), and its
   * agent reboots the node through logind on the host's D-Bus, which needs uid 0 (upstream's
   * examples/deploy/update-agent.yaml says so). The Graylog Data Node image's entrypoint prepares
   * its data folder as root, then drops to its user (setpriv).
   */
  const noProbes = new Set(['Deployment reboot-coordinator/flatcar-linux-update-operator container update-operator', 'DaemonSet reboot-coordinator/flatcar-linux-update-agent container update-agent']);
  const asRoot = new Set(['DaemonSet reboot-coordinator/flatcar-linux-update-agent container update-agent']);
  const runsAsRoot = (where: string) => asRoot.has(where) || /^StatefulSet graylog-system\/[a-z0-9-]+-graylog-datanode container datanode$/.test(where);

  test('every workload: pinned image, requests and limits, probes, non-root', () => {
    for (const w of objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind))) {
      const pod = w.spec.template.spec;
      for (const c of pod.containers) {
        const where = `${ref(w)} container ${c.name}`;
        expect([where, /^[^:]+(:\d+)?\/?[^:]*:[\w.-]+$/.test(c.image) && !c.image.endsWith(':latest')]).toEqual([where, true]);
        expect([where, c.resources?.requests?.cpu, c.resources?.requests?.memory, c.resources?.limits?.memory].every(Boolean)).toBe(true);
        if (!noProbes.has(where)) expect([where, Boolean(c.readinessProbe && c.livenessProbe)]).toEqual([where, true]);
        if (!runsAsRoot(where)) expect([where, c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot]).toEqual([where, true]);
        else expect([where, c.securityContext?.allowPrivilegeEscalation, c.securityContext?.capabilities?.drop, c.securityContext?.privileged]).toEqual([where, false, ['ALL'], undefined]);
      }
    }
  });

  test('no plaintext secret: Secrets carry no data, passwords come from secretKeyRef', () => {
    for (const s of of('Secret')) expect([ref(s), s.data ?? s.stringData]).toEqual([ref(s), undefined]);
    const env = objects.flatMap((o) => (o.spec?.template?.spec?.containers ?? []).flatMap((c: any) => c.env ?? []));
    for (const e of env.filter((e: any) => /PASSWORD|SECRET/.test(e.name) && !/RANDOMPASSWORD/.test(e.name))) expect(e.valueFrom?.secretKeyRef).toBeDefined();
  });

  test('the operators kustomization pins exactly the versions of the versions module', () => {
    const k = parse(r.files['operators/kustomization.yaml']);
    const remote: string[] = k.resources.filter((x: string) => x.startsWith('https://'));
    const pinned = Object.entries(versions).filter(([name]) => name !== 'kubespray').map(([, v]) => String(v).replace(/^v/, ''));
    const found = remote.map((u) => /(\d+\.\d+\.\d+)/.exec(u)?.[1]);
    for (const v of found) expect(pinned).toContain(v);
    expect(remote.every((u) => !/latest|[?&]ref=(main|master)\b/.test(u))).toBe(true);
    for (const local of k.resources.filter((x: string) => !x.startsWith('https://'))) expect(r.files[`operators/${local}`]).toBeDefined();
    for (const p of k.patches ?? []) expect(r.files[`operators/${p.path}`]).toBeDefined();
  });
});

describe('workloads and objects we author (Keycloak, OIDC, logging, tracing, monitoring, Graylog)', () => {
  // Their recommended labels and that no object is written twice: the structure rules above, for every object.
  const workloads = authored.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
  test('pinned images, requests/limits, probes, non-root', () => {
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(['lacave-graylog', 'lacave-graylog-datanode', 'lacave-graylog-mongodb', 'lacave-jaeger', 'login-lacave']);
    for (const w of workloads) {
      const pod = w.spec.template.spec;
      // The Graylog Data Node image's entrypoint prepares its data folder as root, then drops to its
      // user (setpriv): root with only the capabilities that needs.
      if (w.metadata.name === 'lacave-graylog-datanode') expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID'] });
      else expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of pod.containers) {
        expect(c.image).toMatch(/:[\w.-]+$/);
        expect(c.image).not.toMatch(/:latest$/);
        expect(c.resources.requests.memory).toBeDefined();
        expect(c.resources.limits.memory).toBeDefined();
        expect(c.livenessProbe).toBeDefined();
        expect(c.readinessProbe).toBeDefined();
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      }
    }
    // Operator-managed pods get their resources from our templates.
    for (const kind of ['Elasticsearch', 'Kibana', 'ApmServer']) {
      const o = ofKind(authored, kind)[0];
      const tpl = kind === 'Elasticsearch' ? o.spec.nodeSets[0].podTemplate : o.spec.podTemplate;
      expect(tpl.spec.containers[0].resources.limits.memory).toBeDefined();
    }
  });
  test('cluster-scoped objects carry no namespace', () => {
    for (const o of ofKind(authored, 'Namespace').concat(ofKind(authored, 'ClusterRole'), ofKind(authored, 'ClusterRoleBinding'))) expect(o.metadata.namespace).toBeUndefined();
  });
  test('the Helm values make no Ingress: the platform Gateway routes to their Services', () => {
    expect(parse(lacave.files['helm/kube-prometheus-stack.values.yaml']!).grafana.ingress).toEqual({ enabled: false });
    for (const c of ofKind(authored, 'Certificate')) expect(c.spec.issuerRef).toEqual({ name: 'ca-lacave-issuer', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });
  test('every volume is on the cluster storage class', () => {
    const text = [...AUTHORED_CHARTS.map((c) => lacave.files[`manifests/${c}.yaml`]!), ...Object.entries(lacave.files).filter(([p]) => p.startsWith('helm/')).map(([, c]) => c)].join('\n');
    const classes = [...text.matchAll(/storageClass(?:Name)?: (\S+)/g)].map((m) => m[1]);
    expect(classes.length).toBeGreaterThanOrEqual(9);
    expect(new Set(classes)).toEqual(new Set(['rook-ceph-block']));
  });
  test('hosts come from the apps domain', () => {
    const hosts = ofKind(authored, 'HTTPRoute').flatMap((i) => i.spec.hostnames).sort();
    expect(hosts).toEqual(['grafana.kube.lacave.info', 'graylog.kube.lacave.info', 'jaeger.kube.lacave.info', 'kibana.kube.lacave.info', 'login.kube.lacave.info']);
  });
});

describe('switched-off components', () => {
  test('no charts, no files for them', () => {
    const r = render(lacaveWith((s) => (s.components = { ...s.components, logging: { enabled: false }, tracing: { enabled: false }, monitoring: { enabled: false }, graylog: { enabled: false }, keycloak: { enabled: false } })));
    const paths = Object.keys(r.files);
    expect(paths.filter((p) => /manifests\/(40|5\d)-/.test(p) || p.startsWith('helm/') || p.startsWith('graylog/'))).toEqual([]);
    expect(paths).toContain('manifests/41-oidc.yaml');
  });
});
