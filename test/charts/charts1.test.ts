/**
 * Platform charts I (cert-manager, Rook-Ceph, Nexus, registry, dashboard, tenants, operators):
 * snapshots, the reference's names, and the structural rules every output must keep.
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

const MY_FILES = [
  'manifests/10-cert-manager.yaml',
  'manifests/11-gateway.yaml',
  'manifests/20-rook-ceph.yaml',
  'manifests/30-nexus.yaml',
  'manifests/31-registry.yaml',
  'manifests/60-dashboard.yaml',
  'manifests/70-tenants.yaml',
  'operators/kustomization.yaml',
  'operators/namespaces.yaml',
  'operators/patches/rook-hostpath-privileged.yaml',
];

describe('snapshot of each chart (lacave)', () => {
  test.each(MY_FILES)('%s', (file) => {
    expect(lacave.files[file]).toBeDefined();
    expect(lacave.files[file]).toMatchSnapshot();
  });
  test('10-cert-manager with a self-made root CA', () => {
    expect(variants['self-signed root CA'].files['manifests/10-cert-manager.yaml']).toMatchSnapshot();
  });
  test('operators/ when every disk of every node goes to Ceph', () => {
    const r = variants['all devices of all nodes'];
    expect(r.files['operators/kustomization.yaml']).toMatchSnapshot();
    expect(r.files['operators/patches/rook-discovery-daemon.yaml']).toMatchSnapshot();
  });
});

describe('names stay: every object of the reference in these areas exists with its kind, name and namespace', () => {
  /** Reference files of this area and the objects that are deliberately not generated (README, Migration notes). */
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

describe('what each spec setting changes', () => {
  test('lacave: every operator at the pinned version, one URL set per release', () => {
    const k = parse(lacave.files['operators/kustomization.yaml']);
    const urls: string = k.resources.join('\n');
    // cert-manager is the stage before: the other operators' webhooks and our Certificates need its CRDs and webhook
    expect(parse(lacave.files['operators/cert-manager/kustomization.yaml']).resources).toEqual([`https://github.com/cert-manager/cert-manager/releases/download/${versions.certManager}/cert-manager.yaml`]);
    expect(urls).not.toContain('cert-manager.yaml');
    for (const f of ['crds', 'common', 'csi-operator', 'operator']) expect(urls).toContain(`rook/rook/${versions.rook}/deploy/examples/${f}.yaml`);
    expect(urls).toContain(`eck/${versions.eck.slice(1)}/crds.yaml`);
    expect(urls).toContain(`eck/${versions.eck.slice(1)}/operator.yaml`);
    expect(urls).not.toContain('jaeger-operator');
    expect(urls).toContain(`prometheus-operator/releases/download/${versions.prometheusOperator}/`);
    expect(urls).toContain(`postgres-operator//config/default?ref=${versions.crunchyPgo}`);
  });

  test('lacave signs with its own root CA: one CA ClusterIssuer, no self-signed chain', () => {
    const issuers = ofKind(lacave.objects, 'ClusterIssuer');
    expect(issuers.map((i) => [i.metadata.name, i.spec])).toEqual([['ca-lacave-issuer', { ca: { secretName: 'ca-lacave-tls' } }]]);
  });

  test('without a CA Secret: self-signed issuer → CA Certificate → CA issuer', () => {
    const o = variants['self-signed root CA'].objects;
    const root = o.find((x) => x.kind === 'Certificate' && x.spec.isCA);
    expect(root?.spec.issuerRef.name).toBe('selfsigned-lacave-issuer');
    expect(find(o, 'ClusterIssuer', 'selfsigned-lacave-issuer')?.spec).toEqual({ selfSigned: {} });
    expect(find(o, 'ClusterIssuer', 'ca-lacave-issuer')?.spec.ca.secretName).toBe(root?.spec.secretName);
  });

  test("Ceph storage: lacave's disks per node, or every disk with the discovery daemon", () => {
    const lacaveStorage = find(lacave.objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.storage;
    expect(lacaveStorage.useAllDevices).toBe(false);
    expect(lacaveStorage.nodes.map((n: any) => [n.name, n.devices.map((d: any) => d.name)])).toEqual([['kube01', ['sdb']], ['kube02', ['sdb']], ['kube04', ['sdb']]]);
    expect(lacave.files['operators/patches/rook-discovery-daemon.yaml']).toBeUndefined();
    const all = variants['all devices of all nodes'];
    expect(find(all.objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.storage).toEqual({ useAllNodes: true, useAllDevices: true });
    expect(parse(all.files['operators/patches/rook-discovery-daemon.yaml']).data).toEqual({ ROOK_ENABLE_DISCOVERY_DAEMON: 'true' });
  });

  test('replica size and mon count follow the spec and the node count', () => {
    expect(find(lacave.objects, 'CephBlockPool', 'replicapool', 'rook-ceph')!.spec.replicated.size).toBe(2);
    expect(find(lacave.objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.mon.count).toBe(3);
    expect(find(variants['generated 1-node cluster'].objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.mon.count).toBe(1);
  });

  test('monitoring: the mgr ServiceMonitor with the monitoring stack, Ceph metrics off without it', () => {
    expect(find(lacave.objects, 'ServiceMonitor', 'ceph-rook-svc-monitor', 'monitoring')).toBeDefined();
    const off = variants['without monitoring'];
    expect(find(off.objects, 'ServiceMonitor', 'ceph-rook-svc-monitor', 'monitoring')).toBeUndefined();
    expect(find(off.objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.monitoring.metricsDisabled).toBe(true);
    expect(parse(off.files['operators/kustomization.yaml']).resources.join()).not.toContain('prometheus-operator');
  });

  test('without Rook: no Ceph objects, Nexus data on local-path, no Rook operator', () => {
    const r = variants['without Rook-Ceph'];
    expect(r.files['manifests/20-rook-ceph.yaml']).toBeUndefined();
    expect(find(r.objects, 'PersistentVolumeClaim', 'nexus3-ceph-claim', 'nexus')!.spec.storageClassName).toBe('local-path');
    expect(parse(r.files['operators/kustomization.yaml']).resources.join()).not.toContain('rook');
  });

  test('the Nexus admin password comes only from the named Secret', () => {
    const nexus = find(variants['Nexus admin password from a Secret'].objects, 'Deployment', 'nexus-deployment', 'nexus')!;
    const env = nexus.spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'NEXUS_SECURITY_INITIAL_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'nexus-admin', key: 'password' } });
    expect(find(lacave.objects, 'Deployment', 'nexus-deployment', 'nexus')!.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['INSTALL4J_ADD_VM_PARAMS']);
  });

  test('dashboard admin user only when asked for', () => {
    expect(find(lacave.objects, 'Secret', 'admin-user-token', 'kube-system')?.type).toBe('kubernetes.io/service-account-token');
    const off = render(lacaveWith((s) => (s.components.dashboard = { adminUser: false })));
    expect(off.objects.filter((o) => o.metadata.name === 'admin-user' || o.metadata.name === 'admin-user-token')).toEqual([]);
  });
});
