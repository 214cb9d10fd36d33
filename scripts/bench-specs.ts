/**
 * Generated cluster specs of any size, for `npm run bench` (scripts/bench.ts) and the tests that
 * check large clusters (test/helpers/specs.ts re-exports them).
 */
import lacave from '../clusters/lacave';
import type { ClusterSpec, NodeSpec } from '../clusters/model';

/**
 * A cluster of `nodes` nodes (3 control-plane/etcd) and `tenants` tenants on 172.16.0.0/12
 * (not 10.0.0.0/8: that would overlap Kubespray's pod and service ranges, 10.233.0.0/17).
 */
export function generatedSpec(nodes: number, tenants: number, name = `gen${nodes}`): ClusterSpec {
  const nodeSpecs: NodeSpec[] = Array.from({ length: nodes }, (_, i) => {
    const n = i + 1;
    const roles: NodeSpec['roles'] = i < 3 ? ['control-plane', 'etcd', 'worker'] : ['worker'];
    const host = n + 1; // 172.16.0.1 is the gateway
    return {
      name: `node${String(n).padStart(4, '0')}`,
      ip: `172.${16 + (Math.floor(host / 65536) % 16)}.${Math.floor(host / 256) % 256}.${host % 256}`,
      roles: nodes < 3 ? ['control-plane', 'etcd', 'worker'] : roles,
      cephDisks: i % 2 === 0 ? ['sdb'] : undefined,
      os: i % 5 === 4 ? 'flatcar' : 'fcos',
    };
  });
  return {
    name,
    domain: `${name}.example.org`,
    kubernetesVersion: '1.35.4',
    network: { gateway: '172.16.0.1', prefix: 12, dnsServers: ['172.16.0.1'] },
    nodes: nodeSpecs,
    ssh: { authorizedKeys: lacave.ssh.authorizedKeys },
    oidc: { clientId: `kube${name}` },
    install: { ignitionBaseUrl: `http://provisioning.${name}.example.org/ignition` },
    components: { rookCeph: { replicaSize: Math.min(3, Math.ceil(nodes / 2)) } },
    tenants: Array.from({ length: tenants }, (_, i) => ({ name: `team-${i + 1}`, quota: i % 2 === 0 ? { pods: 100, requestsCpu: '4', requestsMemory: '8Gi' } : undefined })),
  };
}
