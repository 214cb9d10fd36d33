/**
 * Limits and dependencies the real tools enforce are spec errors naming the
 * field, the value and the fix (clusters/model/cluster-rules.ts), not late failures.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { specIssues, validateSpec } from '../../clusters/model';
import { kubesprayReleaseFacts, kubesprayTags } from '../../clusters/model/kubespray-facts';
import { renderCluster } from '../../synth/render';
import { formatProblem, validateOutput } from '../../synth/validate';
import { customKindsFor } from '../../synth/validate/committed-schemas';
import { sharedPath } from '../helpers/shared';
import { lacaveWith } from '../helpers/specs';
import { parse } from 'yaml';

function issuesOf(mutate: (spec: any) => void) {
  return specIssues(lacaveWith(mutate));
}

function expectProblem(mutate: (spec: any) => void, path: string, message: RegExp) {
  const found = issuesOf(mutate);
  if (!found.some((i) => i.path === path && message.test(i.message))) {
    throw new Error(`expected a problem at ${path} matching ${message}, got:\n${found.map((i) => `${i.path}: ${JSON.stringify(i.value)} ${i.message}`).join('\n') || '(none)'}`);
  }
}

const expectNoProblem = (mutate: (spec: any) => void) => expect(issuesOf(mutate).map((i) => `${i.path}: ${i.message}`)).toEqual([]);

describe('kubernetesVersion within what the Kubespray release installs (its own checksums)', () => {
  test('1.19.3 with v2.31 is refused, with the range and the versions to pick', () => {
    const found = issuesOf((s) => (s.kubernetesVersion = '1.19.3'));
    expect(found).toEqual([
      {
        path: 'kubernetesVersion',
        value: '1.19.3',
        message: expect.stringMatching(/^1\.19\.3 is not installable by Kubespray v2\.31 \(v2\.31\.0 installs 1\.33\.0–1\.35\.4, from its checksums\): pick one of 1\.35\.4, 1\.34\.\d+, 1\.33\.\d+, or set kubespray\.release/),
      },
    ]);
  });
  test('a patch the release does not carry is refused; the newest patch it carries is accepted', () => {
    expectProblem((s) => (s.kubernetesVersion = '1.35.99'), 'kubernetesVersion', /not installable by Kubespray v2\.31/);
    expectNoProblem((s) => (s.kubernetesVersion = 'v1.35.4'));
  });
  test('the seed pair (v2.14, 1.19.3) is accepted; a patch release is judged by its own tag', () => {
    expectNoProblem((s) => ((s.kubespray.release = 'v2.14'), (s.kubernetesVersion = '1.19.3')));
    expectNoProblem((s) => ((s.kubespray.release = 'v2.14.2'), (s.kubernetesVersion = '1.19.3')));
    // v2.14.0 had no checksums for 1.19.3 yet (added in v2.14.2).
    expectProblem((s) => ((s.kubespray.release = 'v2.14.0'), (s.kubernetesVersion = '1.19.3')), 'kubernetesVersion', /v2\.14\.0 installs 1\.17\.0–1\.19\.0/);
    // Below kube_version_min_required (v1.17.0 in v2.14) even though checksums exist.
    expectProblem((s) => ((s.kubespray.release = 'v2.14'), (s.kubernetesVersion = '1.16.15')), 'kubernetesVersion', /not installable/);
  });
  test('a patch tag the data does not have is refused rather than left unchecked', () =>
    expectProblem((s) => (s.kubespray.release = 'v2.31.7'), 'kubespray.release', /no data for this Kubespray tag .*newest v2\.31 tag there: v2\.31\.0\): write v2\.31 or v2\.31\.0, or regenerate/));
  test('the data covers every catalogued release, v2.14 to v2.31, with tag and commit', () => {
    for (let minor = 14; minor <= 31; minor++) {
      const facts = kubesprayReleaseFacts(`v2.${minor}`);
      expect(facts?.tag).toMatch(new RegExp(`^v2\\.${minor}\\.\\d+$`));
      expect(facts?.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(facts!.kubernetesVersions.length).toBeGreaterThan(5);
    }
  });
  // The committed data against Kubespray itself, when its mirror is on this machine.
  const mirror = process.env.KUBESPRAY_REPO ?? '/work/.mirror/kubernetes-sigs+kubespray/repo';
  (fs.existsSync(mirror) ? test : test.skip)('the committed data matches the Kubespray repository (tags, commits, amd64 checksums)', () => {
    const git = (...args: string[]) => execFileSync('git', ['-C', mirror, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const tag of ['v2.31.0', 'v2.28.0', 'v2.23.0', 'v2.14.2']) {
      const facts = kubesprayTags().find((r) => r.tag === tag)!;
      expect(facts.commit).toBe(git('rev-parse', `${tag}^{commit}`).trim());
      const file = git('grep', '-l', '-E', '^kubelet_checksums:', tag, '--', 'roles').trim().split('\n')[0].slice(tag.length + 1);
      const kubelet = Object.keys(parse(git('show', `${tag}:${file}`)).kubelet_checksums.amd64).map((v) => v.replace(/^v/, ''));
      for (const v of facts.kubernetesVersions) expect(kubelet).toContain(v);
    }
  });
});

describe('reserved namespaces', () => {
  test.each(['kube-system', 'kube-public', 'kube-anything', 'rook-ceph', 'cert-manager', 'keycloak-system', 'monitoring', 'local-path-storage'])('tenant %s is refused', (name) =>
    expectProblem((s) => s.tenants.push({ name }), 'tenants[1].name', /a reserved namespace: .*name the tenant after the team/));
  test('default stays allowed (lacave has it)', () => expectNoProblem((s) => (s.tenants = [{ name: 'default' }, { name: 'team-a' }])));
});

describe('components that need another component', () => {
  test('cert-manager off with nothing named to sign the certificates: refused, naming the field', () =>
    expectProblem((s) => (s.components.certManager = { enabled: false }), 'components.certManager.existingClusterIssuer', /cert-manager is off but .*nexus.* need certificates: name the ClusterIssuer/));
  test('tracing with cert-manager off is that one problem (Jaeger v2 has no webhook of its own): its UI is listed among the hosts needing certificates', () => {
    const found = issuesOf((s) => (s.components.certManager = { enabled: false }));
    expect(found.map((i) => i.path)).toEqual(['components.certManager.existingClusterIssuer']);
    expect(found[0].message).toMatch(/\btracing\b.* need certificates/);
  });
  test('cert-manager off with an existing ClusterIssuer: every certificate uses it, and the output validates', () => {
    const spec = lacaveWith((s) => (s.components.certManager = { enabled: false, existingClusterIssuer: 'corporate-ca' }));
    expect(specIssues(spec)).toEqual([]);
    const model = validateSpec(spec);
    const files = renderCluster(model).files;
    const certificates = files
      .filter((f) => f.path.startsWith('manifests/'))
      .flatMap((f) => f.content.split(/^---$/m).map((d) => parse(d)))
      .filter((o) => o?.kind === 'Certificate');
    expect(certificates.length).toBeGreaterThan(5);
    for (const c of certificates) expect(c.spec.issuerRef).toEqual({ name: 'corporate-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(files.map((f) => f.path)).not.toContain('manifests/10-cert-manager.yaml');
    const crds = sharedPath('crds');
    const report = validateOutput(files, { model, crds: customKindsFor(crds ? [crds] : []) });
    expect(report.problems.map((p) => formatProblem(p))).toEqual([]);
  });
  test('an existing issuer while cert-manager is on is refused (it would be ignored)', () =>
    expectProblem((s) => (s.components.certManager = { existingClusterIssuer: 'corporate-ca' }), 'components.certManager.existingClusterIssuer', /only read when components\.certManager\.enabled is false/));
  test('cert-manager off and nothing published: accepted without an issuer', () =>
    expectNoProblem((s) => {
      delete s.oidc;
      s.components = Object.fromEntries(['certManager', 'rookCeph', 'nexus', 'registry', 'dashboard', 'keycloak', 'logging', 'tracing', 'monitoring', 'graylog'].map((c) => [c, { enabled: false }]));
    }));
  test('tracing without logging is refused (the chart used to be dropped silently)', () =>
    expectProblem((s) => (s.components.logging = { enabled: false }), 'components.tracing.enabled', /stores its spans in the logging Elasticsearch/));
  test('Keycloak without oidc is refused', () => expectProblem((s) => delete s.oidc, 'components.keycloak.enabled', /add an 'oidc' section/));
});

describe('storage classes that exist', () => {
  test('a storage class nobody creates is refused', () =>
    expectProblem((s) => (s.storageClass = 'fast-ssd'), 'storageClass', /no StorageClass of that name exists in this cluster \(there are: rook-ceph-block, local-path\)/));
  test('rook-ceph-block without Rook-Ceph is refused', () =>
    expectProblem((s) => ((s.components.rookCeph = { enabled: false }), (s.storageClass = 'rook-ceph-block')), 'storageClass', /enable components\.rookCeph/));
  test("the registry's class too", () => expectProblem((s) => (s.components.registry = { storageClass: 'nfs' }), 'components.registry.storageClass', /no StorageClass of that name/));
  test('a class declared as existing is accepted, and the output validator knows it', () => {
    const spec = lacaveWith((s) => ((s.storageClass = 'fast-ssd'), (s.existingStorageClasses = ['fast-ssd'])));
    expect(specIssues(spec)).toEqual([]);
    expect(validateSpec(spec).externalStorageClasses).toEqual(['local-path', 'fast-ssd']);
  });
  test("Kubespray's local-path class under the name extraVars gives it", () => {
    expectNoProblem((s) => ((s.kubespray.extraVars = { local_path_provisioner_storage_class: 'node-local' }), (s.components.registry = { storageClass: 'node-local' })));
    expectProblem((s) => ((s.kubespray.extraVars = { local_path_provisioner_storage_class: 'node-local' }), (s.components.registry = { storageClass: 'local-path' })), 'components.registry.storageClass', /there are: rook-ceph-block, node-local/);
  });
});

describe('ingress nodes', () => {
  test('no ingress node while hosts are published is refused', () =>
    expectProblem((s) => s.nodes.forEach((n: any) => (n.ingress = false)), 'nodes', /no ingress node, but .* publish hosts: set ingress: true on at least one node/));
  test('one ingress node is enough', () => expectNoProblem((s) => s.nodes.forEach((n: any, i: number) => (n.ingress = i === 3))));
});

describe('node addresses and Kubespray ranges', () => {
  test('the network address of the node network is refused', () =>
    expectProblem((s) => (s.nodes[0].ip = '192.168.1.0'), 'nodes[0].ip', /network address of 192\.168\.1\.0\/24, not a host address: give the node an address from 192\.168\.1\.1 to 192\.168\.1\.254/));
  test('the broadcast address is refused, for a node and for the gateway', () => {
    expectProblem((s) => (s.nodes[3].ip = '192.168.1.255'), 'nodes[3].ip', /broadcast address of 192\.168\.1\.0\/24/);
    expectProblem((s) => (s.network.gateway = '192.168.1.255'), 'network.gateway', /broadcast address/);
  });
  test("a node network overlapping Kubespray's default pod range is refused", () =>
    expectProblem(
      (s) => {
        s.network = { gateway: '10.233.100.1', prefix: 24, dnsServers: ['10.233.100.1'] };
        s.nodes.forEach((n: any, i: number) => (n.ip = `10.233.100.${21 + i}`));
      },
      'network.gateway',
      /node network 10\.233\.100\.0\/24 overlaps the pod range 10\.233\.64\.0\/18 \(Kubespray v2\.31's default kube_pods_subnet\): .*set kubespray\.extraVars\.kube_pods_subnet to a range outside the node network, e\.g\. 172\.30\.64\.0\/18/,
    ));
  test('a node network overlapping the service range is refused; moving the range with extraVars fixes it', () => {
    const on10 = (s: any) => {
      s.network = { gateway: '10.233.0.1', prefix: 16, dnsServers: ['10.233.0.1'] };
      s.nodes.forEach((n: any, i: number) => (n.ip = `10.233.200.${21 + i}`));
    };
    expectProblem(on10, 'network.gateway', /overlaps the service range 10\.233\.0\.0\/18/);
    expectNoProblem((s) => ((on10(s), (s.kubespray.extraVars = { kube_pods_subnet: '172.30.64.0/18', kube_service_addresses: '172.30.0.0/18' }))));
  });
  test('ranges set in extraVars are checked too', () => {
    expectProblem((s) => (s.kubespray.extraVars = { kube_service_addresses: '192.168.1.0/25' }), 'kubespray.extraVars.kube_service_addresses', /overlaps the service range 192\.168\.1\.0\/25 \(kubespray\.extraVars\.kube_service_addresses\)/);
    expectProblem((s) => (s.kubespray.extraVars = { kube_pods_subnet: '10.233.0.0/16' }), 'kubespray.extraVars', /the pod and service ranges overlap/);
    expectProblem((s) => (s.kubespray.extraVars = { kube_pods_subnet: '10.233.64.0' }), 'kubespray.extraVars.kube_pods_subnet', /not an IPv4 CIDR block/);
  });
});

describe('all problems at once', () => {
  test('several broken rules are all reported', () => {
    const paths = issuesOf((s) => {
      s.kubernetesVersion = '1.19.3';
      s.tenants.push({ name: 'kube-system' });
      s.storageClass = 'fast-ssd';
      s.nodes[0].ip = '192.168.1.255';
      s.nodes.forEach((n: any) => (n.ingress = false));
    }).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['kubernetesVersion', 'tenants[1].name', 'storageClass', 'nodes[0].ip', 'nodes']));
  });
});
