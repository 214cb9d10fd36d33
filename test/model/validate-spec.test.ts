import { SpecError, specIssues as modelIssues, validateSpec } from '../../clusters/model';
import { GENERATOR_SPEC_RULES } from '../../synth/spec-rules';

/** The problems synth reports: the model's rules and the generators' rules the pipeline passes. */
const specIssues = (spec: unknown) => modelIssues(spec, GENERATOR_SPEC_RULES);
import { generatedSpec, lacaveSpec, lacaveWith } from '../helpers/specs';

/** The issues of a mutated lacave spec, as "path: message" strings. */
function problems(mutate: (spec: any) => void): string[] {
  return specIssues(lacaveWith(mutate)).map((i) => `${i.path}: ${i.message}`);
}

/** A PEM block (built, so that no key-looking text sits in the repository). */
const pem = (label: string, body: string) => ['-----BEGIN', `${label}-----\n${body}\n-----END`, `${label}-----\n`].join(' ');

function expectProblem(mutate: (spec: any) => void, path: string, message: RegExp) {
  const found = specIssues(lacaveWith(mutate));
  const match = found.find((i) => i.path === path && message.test(i.message));
  if (!match) throw new Error(`expected a problem at ${path} matching ${message}, got:\n${found.map((i) => `${i.path}: ${i.message}`).join('\n') || '(none)'}`);
}

describe('a valid spec', () => {
  test('lacave has no problems', () => {
    expect(specIssues(lacaveSpec())).toEqual([]);
  });
  test.each([3, 50, 500])('a generated %i-node cluster has no problems', (n) => {
    expect(specIssues(generatedSpec(n, 10))).toEqual([]);
  });
});

describe('each rule rejects a bad spec with a message naming field, value and fix', () => {
  test('invalid IPv4 address of a node', () => expectProblem((s) => (s.nodes[1].ip = '192.168.1.300'), 'nodes[1].ip', /not an IPv4 address/));
  test('invalid gateway', () => expectProblem((s) => (s.network.gateway = '192.168.1'), 'network.gateway', /not an IPv4 address/));
  test('invalid prefix', () => expectProblem((s) => (s.network.prefix = 33), 'network.prefix', /whole number from 0 to 32/));
  test('unusable prefix', () => expectProblem((s) => (s.network.prefix = 31), 'network.prefix', /from 8 to 30/));
  test('invalid DNS server', () => expectProblem((s) => (s.network.dnsServers = ['dns.lacave']), 'network.dnsServers[0]', /not an IPv4 address/));
  test('node IP outside the node network', () =>
    expectProblem((s) => (s.nodes[2].ip = '192.168.2.23'), 'nodes[2].ip', /outside the node network 192\.168\.1\.0\/24 \(gateway 192\.168\.1\.1\)/));
  test('node IP equal to the gateway', () => expectProblem((s) => (s.nodes[0].ip = '192.168.1.1'), 'nodes[0].ip', /is the gateway address/));
  test('duplicate node names', () => expectProblem((s) => (s.nodes[3].name = 'kube01'), 'nodes[3].name', /duplicate node name \(also nodes\[0\]\)/));
  test('duplicate node IPs', () => expectProblem((s) => (s.nodes[3].ip = '192.168.1.22'), 'nodes[3].ip', /duplicate IP address \(also nodes\[1\]\.ip\)/));
  test('hostname not RFC 1123', () => expectProblem((s) => (s.nodes[0].name = 'Kube_01'), 'nodes[0].name', /not an RFC 1123 host name/));
  test('no control-plane node', () =>
    expectProblem((s) => s.nodes.forEach((n: any) => (n.roles = n.roles.filter((r: string) => r !== 'control-plane'))), 'nodes', /no control-plane node/));
  test('no worker node', () => expectProblem((s) => s.nodes.forEach((n: any) => (n.roles = n.roles.filter((r: string) => r !== 'worker'))), 'nodes', /no node runs workloads/));
  test('even number of etcd members', () => expectProblem((s) => s.nodes[3].roles.push('etcd'), 'nodes', /4 etcd members: Kubespray refuses an even number/));
  test('no etcd member', () => expectProblem((s) => s.nodes.forEach((n: any) => (n.roles = n.roles.filter((r: string) => r !== 'etcd'))), 'nodes', /no etcd member/));
  test('node without roles', () => expectProblem((s) => (s.nodes[3].roles = []), 'nodes[3].roles', /at least one role/));
  test('unknown role', () => expectProblem((s) => (s.nodes[3].roles = ['master']), 'nodes[3].roles[0]', /one of 'control-plane', 'etcd', 'worker'/));
  test('Ceph replica size larger than nodes with Ceph disks', () =>
    expectProblem((s) => (s.components.rookCeph.replicaSize = 4), 'components.rookCeph.replicaSize', /larger than the 3 node\(s\) with cephDisks/));
  test('Ceph replica size larger than the cluster when all devices are used', () =>
    expectProblem((s) => (s.components.rookCeph = { replicaSize: 5, useAllDevices: true }), 'components.rookCeph.replicaSize', /larger than the 4 node\(s\) of the cluster/));
  test('tenant name not a valid namespace', () => expectProblem((s) => s.tenants.push({ name: 'Team_A' }), 'tenants[1].name', /not a valid namespace name/));
  test('duplicate tenant', () => expectProblem((s) => s.tenants.push({ name: 'default' }), 'tenants[1].name', /duplicate tenant/));
  test('invalid domain', () => expectProblem((s) => (s.domain = 'lacave_info'), 'domain', /not a valid DNS domain/));
  test('invalid apps domain', () => expectProblem((s) => (s.appsDomain = 'kube..lacave.info'), 'appsDomain', /not a valid DNS domain/));
  test('invalid cluster name', () => expectProblem((s) => (s.name = 'La Cave'), 'name', /not an RFC 1123 label/));
  test('plaintext where ansible-vault ciphertext is required', () =>
    expectProblem((s) => (s.components.nexus.adminPasswordVault = 'LeMotDePasse'), 'components.nexus.adminPasswordVault', /plaintext is not accepted/));
  test('plaintext where a Kubernetes Secret reference is required', () =>
    expectProblem((s) => (s.oidc.clientSecret = 'LeClientSecretGenereParKeycloak'), 'oidc.clientSecret', /plaintext is not accepted/));
  test('vault field that is not ciphertext', () =>
    expectProblem((s) => (s.pki.keyPassword = { vault: 'hunter2' }), 'pki.keyPassword.vault', /not ansible-vault ciphertext/));
  test('a root CA the nodes trust but cert-manager cannot sign with', () =>
    expectProblem((s) => delete s.pki.caKeySecretName, 'pki.caKeySecretName', /the nodes trust pki.rootCaCertificate but cert-manager cannot sign with it/));
  test('private key given as the root CA certificate', () =>
    expectProblem((s) => (s.pki.rootCaCertificate = pem('RSA PRIVATE KEY', 'abc')), 'pki.rootCaCertificate', /contains a private key/));
  test('unknown key at the top level', () => expectProblem((s) => (s.nodez = []), 'nodez', /unknown key 'nodez'; known keys here: name, domain/));
  test('unknown key in a node', () => expectProblem((s) => (s.nodes[0].hostname = 'kube01'), 'nodes[0].hostname', /unknown key 'hostname'/));
  test('unknown key in a component', () => expectProblem((s) => (s.components.rookCeph.replicas = 2), 'components.rookCeph.replicas', /unknown key 'replicas'/));
  test('missing required key', () => expectProblem((s) => delete s.install, 'install', /'install' is required/));
  test('wrong type', () => expectProblem((s) => (s.network.prefix = '24'), 'network.prefix', /whole number/));
  test('invalid Kubernetes version', () => expectProblem((s) => (s.kubernetesVersion = 'latest'), 'kubernetesVersion', /Kubernetes release such as "1\.35\.4"/));
  test('invalid Kubespray release', () => expectProblem((s) => (s.kubespray.release = 'master'), 'kubespray.release', /Kubespray release such as "v2\.31"/));
  test('invalid SSH key', () => expectProblem((s) => (s.ssh.authorizedKeys = ['LACLERSAPUBLIQUE']), 'ssh.authorizedKeys[0]', /not an OpenSSH public key/));
  test('invalid interface name', () => expectProblem((s) => (s.nodes[3].interface = 'enp3s0 '), 'nodes[3].interface', /not a network interface name/));
  test('invalid node label', () => expectProblem((s) => (s.nodes[3].labels = { disktype: 'ssd drive' }), 'nodes[3].labels.disktype', /not a valid Kubernetes label value/));
  test('invalid storage size', () => expectProblem((s) => (s.components.nexus.storageSize = '50 GB'), 'components.nexus.storageSize', /not a Kubernetes quantity/));
  test('invalid ignition URL', () => expectProblem((s) => (s.install.ignitionBaseUrl = 'elrond.lacave/kubernetes'), 'install.ignitionBaseUrl', /http\(s\) URL/));
  test('invalid tenant quota', () => expectProblem((s) => (s.tenants[0].quota = { requestsCpu: 'four' }), 'tenants[0].quota.requestsCpu', /not a Kubernetes quantity/));
});

describe('kubespray.extraVars: no silently ignored variables', () => {
  test('a misspelt Kubespray variable is refused', () =>
    expectProblem((s) => (s.kubespray.extraVars = { kube_oidc_ulr: 'https://login.example.org' }), 'kubespray.extraVars.kube_oidc_ulr', /not a known variable of Kubespray v2\.31.*check the spelling/));
  test('a variable the release no longer reads is refused', () =>
    expectProblem((s) => (s.kubespray.extraVars = { dashboard_enabled: true }), 'kubespray.extraVars.dashboard_enabled', /Kubespray v2\.31 does not read dashboard_enabled \(read before v2\.31\)/));
  test('a variable read only by older releases is accepted by them, refused by v2.31', () => {
    expect(problems((s) => ((s.kubespray.release = 'v2.14'), (s.kubernetesVersion = '1.19.3'), (s.kubespray.extraVars = { ingress_nginx_namespace: 'ingress' })))).toEqual([]);
    expectProblem((s) => (s.kubespray.extraVars = { ingress_nginx_namespace: 'ingress' }), 'kubespray.extraVars.ingress_nginx_namespace', /does not read/);
  });
  test('a variable the inventory derives from the spec is refused, naming the field', () =>
    expectProblem((s) => (s.kubespray.extraVars = { kube_version: '1.34.0' }), 'kubespray.extraVars.kube_version', /already derives kube_version from kubernetesVersion/));
  test('a known Kubespray variable is accepted', () => expect(problems((s) => (s.kubespray.extraVars = { kube_proxy_mode: 'iptables', kubelet_max_pods: 200 }))).toEqual([]));
  test('a release without a variable catalog is refused', () => {
    expectProblem((s) => (s.kubespray.release = 'v2.40'), 'kubespray.release', /no variable catalog for this release: use v2\.14 to v2\.31/);
    expectProblem((s) => (s.kubespray.release = 'v2.10.4'), 'kubespray.release', /no variable catalog/);
  });
});

describe('reporting', () => {
  test('all problems are reported at once, each with path, value and fix', () => {
    const found = problems((s) => {
      s.nodes[1].ip = '10.0.0.22';
      s.nodes[3].name = 'kube01';
      s.tenants.push({ name: 'Bad_Name' });
      s.components.rookCeph.replicaSize = 7;
    });
    expect(found).toHaveLength(4);
    let error: unknown;
    try {
      validateSpec(lacaveWith((s) => {
        s.nodes[1].ip = '10.0.0.22';
        s.nodes[3].name = 'kube01';
      }), 'clusters/lacave.ts');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    const message = (error as SpecError).message;
    expect(message).toContain('clusters/lacave.ts: 2 problems in the cluster spec; nothing was written');
    expect(message).toContain('nodes[1].ip: "10.0.0.22" — outside the node network 192.168.1.0/24');
    expect(message).toContain('nodes[3].name: "kube01" — duplicate node name');
  });

  test('secret values are never echoed in messages', () => {
    const found = specIssues(lacaveWith((s) => (s.components.nexus.adminPasswordVault = 'LeMotDePasse')));
    expect(JSON.stringify(found)).not.toContain('LeMotDePasse');
  });
});

describe('the model', () => {
  const model = validateSpec(lacaveSpec());
  test('derives the issuer URL, host names and names once', () => {
    expect(model.appsDomain).toBe('kube.lacave.info');
    expect(model.oidc?.issuerUrl).toBe('https://login.kube.lacave.info/realms/kubernetes');
    expect(model.hosts.cephDashboard).toBe('cephdashboard.kube.lacave.info');
    expect(model.hosts.nexus).toBe('nexus.lacave.info');
    expect(model.names.caIssuer).toBe('ca-lacave-issuer');
    expect(model.names.rootCaPathOnNodes).toBe('/etc/kubernetes/ssl/lacave-root.pem');
  });
  test('reproduces seed 000 nodes', () => {
    expect(model.nodes.map((n) => [n.name, n.ip, n.interface, n.controlPlane, n.etcdMemberName ?? null, n.worker])).toEqual([
      ['kube01', '192.168.1.21', 'eth0', true, 'etcd1', true],
      ['kube02', '192.168.1.22', 'eth0', false, 'etcd2', true],
      ['kube03', '192.168.1.23', 'eth0', true, 'etcd3', true],
      ['kube04', '192.168.1.24', 'enp3s0', false, null, true],
    ]);
    expect(model.nodes[3].labels).toEqual({ disktype: 'ssd' });
    expect(model.nodes.every((n) => n.os === 'fcos')).toBe(true);
    expect(model.kubespray.containerManager).toBe('crio');
  });
  test('legacy Kubespray releases are recognized', () => {
    const legacy = validateSpec(lacaveWith((s) => ((s.kubespray.release = 'v2.14.2'), (s.kubernetesVersion = '1.19.3'))));
    expect(legacy.kubespray.legacyNames).toBe(true);
    expect(model.kubespray.legacyNames).toBe(false);
  });
});
