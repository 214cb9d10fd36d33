/**
 * "lacave": the reference cluster of seed 000 (4 nodes on 192.168.1.0/24, Fedora CoreOS, crio,
 * Kubespray, apps under kube.lacave.info).
 *
 * Where seed 000 and ../shared/reference/kube-lacave disagree, the seed wins:
 * - kube04 is in the cluster (the reference inventory comments it out) on interface enp3s0,
 *   labelled disktype=ssd, and its host name is kube04 (the seed's kube04.fcc says kube01: the
 *   drift this project exists to end);
 * - Kubernetes and Kubespray are today's (the seed pinned v1.19.3 on a pre-2.16 fork); the
 *   legacy naming is still available with `kubespray: { release: 'v2.14' }`.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { ClusterSpec } from './model';

/** Ciphertext from seed 000's group_vars/all/all.yml: it passes through as it is. */
const vault = (lines: string[]) => ({ vault: ['$ANSIBLE_VAULT;1.2;AES256;lacave', ...lines].join('\n') });

const spec: ClusterSpec = {
  name: 'lacave',
  domain: 'lacave.info',
  appsDomain: 'kube.lacave.info',
  // kube_cluster_domain_name of the reference (`cluster.{{ project_name }}`).
  clusterDomain: 'cluster.lacave',
  kubernetesVersion: '1.35.4',
  network: {
    gateway: '192.168.1.1',
    prefix: 24,
    dnsServers: ['192.168.1.10'],
    // The seed's .fcc files search the short "lacave" zone (hosts are elrond.lacave, kube01.lacave).
    searchDomain: 'lacave',
  },
  nodes: [
    { name: 'kube01', ip: '192.168.1.21', roles: ['control-plane', 'etcd', 'worker'], cephDisks: ['sdb'] },
    { name: 'kube02', ip: '192.168.1.22', roles: ['etcd', 'worker'], cephDisks: ['sdb'] },
    // Seed: OSDs on kube01, kube02 and kube04; kube03 has no disk for Ceph.
    { name: 'kube03', ip: '192.168.1.23', roles: ['control-plane', 'etcd', 'worker'] },
    { name: 'kube04', ip: '192.168.1.24', interface: 'enp3s0', roles: ['worker'], cephDisks: ['sdb'], labels: { disktype: 'ssd' } },
  ],
  ssh: {
    user: 'root',
    // Stand-in for the provisioning server's public key (the seed shows "LACLERSAPUBLIQUE").
    authorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFTnm2W/Czjk4R1s537V0YtVcAgsrNeeT5uVhjOmZldh provisioning@elrond.lacave'],
  },
  pki: {
    // Stand-in certificate: replace clusters/pki/lacave-root.pem with the root of the PKI in
    // /home/felip/pki (only the certificate: the key never leaves the provisioning server).
    rootCaCertificate: readFileSync(join(__dirname, 'pki', 'lacave-root.pem'), 'utf8'),
    // The reference loads the CA and its key into Secret ca-lacave-tls (cert-manager namespace).
    caKeySecretName: 'ca-lacave-tls',
    provisioningPath: '/home/felip/pki',
    keyPassword: vault([
      '34373939393864666661386531613631363632636235393838623061373164333836316262323830',
      '6663663164663137333332306433303833323562656565660a643533323062356536386463623138',
      '64376261343032366462623831396362303264643563616333663737353635646163643332363262',
      '6362313362333330310a333764383937343630353465306565326432303465626634666136616636',
      '6535',
    ]),
  },
  oidc: { realm: 'kubernetes', clientId: 'kubelacave' },
  kubespray: { release: 'v2.31', containerManager: 'crio' },
  install: { ignitionBaseUrl: 'http://elrond.lacave/kubernetes', disk: '/dev/sda' },
  components: {
    rookCeph: { replicaSize: 2 },
    nexus: {
      // The live PVC nexus3-ceph-claim is 100Gi; a PVC cannot shrink.
      storageSize: '100Gi',
      adminPasswordVault: vault([
        '39386135303762333863353231326461303831306237323235336666633538343539326230323538',
        '6530616138306634636265356134353563346234386264660a343238623430366635303033353831',
        '63356536333236386437623034353431613361613534666333323639616432613034613532396535',
        '3937313837643265650a396562616361323863663830373063646434316362613237626135356338',
        '6231',
      ]),
    },
    // The seed creates the admin-user by hand to read a token; kept, opt-in (the risk: docs/headlamp.md).
    dashboard: { adminUser: true },
  },
  tenants: [{ name: 'default' }],
  // Argo CD pulls dist/lacave/ from this repository's lacave/ folder (docs/gitops.md).
  gitops: { repoUrl: 'https://git.lacave.info/ops/kube-deploy.git', revision: 'main', path: 'lacave' },
};

export default spec;
