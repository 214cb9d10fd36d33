/**
 * The Kubespray inventory, judged by its consumer: `ansible-inventory --list` / `--host` (and
 * `ansible -m debug` for the vault round trip) read what inventory-gen wrote.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { ClusterModel, validateSpec } from '../../clusters/model';
import { renderInventory } from '../../inventory-gen';
import { renderAnsibleIni } from '../../inventory-gen/ansible-ini';
import { GROUP_VARIABLES, HOST_VARIABLES } from '../../inventory-gen/inventory-variables';
import { isKnownVariable, PROJECT_VARIABLES } from '../../clusters/model/kubespray-variables';
import { ANSIBLE_TAGS } from '../helpers/render';
import { describeWithTool } from '../helpers/require-tool';
import { generatedSpec, lacaveSpec, lacaveWith } from '../helpers/specs';

const lacaveCurrent = () => validateSpec(lacaveSpec());
/** lacave as the seed pinned it: a pre-2.16 Kubespray fork with Kubernetes 1.19. */
const lacaveLegacy = () => validateSpec(lacaveWith((s) => ((s.kubespray.release = 'v2.14'), (s.kubernetesVersion = '1.19.3'))));

/** Writes the inventory of `model` to a temporary folder; returns the path of inventory.ini. */
function writeInventory(model: ClusterModel): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-test-'));
  for (const f of renderInventory(model)) {
    const p = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.content);
  }
  return path.join(dir, 'inventory', 'inventory.ini');
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

interface InventoryList {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  [group: string]: { hosts?: string[]; children?: string[] } | any;
}

/**
 * ansible-inventory's JSON, with its `{"__ansible_unsafe": text}` marks (every string of the
 * inventory is `!unsafe`: data, never a template) read as the text they mark.
 */
const inventoryJson = (text: string) =>
  JSON.parse(text, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && '__ansible_unsafe' in v ? v.__ansible_unsafe : v));

const list = (ini: string): InventoryList => inventoryJson(run('ansible-inventory', ['-i', ini, '--list']));

/** Hosts of a group as Ansible resolves it (children included), sorted. */
function members(inv: InventoryList, group: string): string[] {
  const g = inv[group] ?? {};
  const hosts = new Set<string>(g.hosts ?? []);
  for (const c of g.children ?? []) members(inv, c).forEach((h) => hosts.add(h));
  return [...hosts].sort();
}

const LEGACY_GROUPS = ['kube-master', 'kube-node', 'calico-rr', 'k8s-cluster'];
const CURRENT_GROUPS = ['kube_control_plane', 'kube_node', 'calico_rr', 'k8s_cluster'];

describeWithTool('ansible-inventory', 'ansible-inventory reads the generated inventory', () => {
  test('lacave, current naming (v2.31): groups, hosts and variables', () => {
    const inv = list(writeInventory(lacaveCurrent()));
    expect(members(inv, 'kube_control_plane')).toEqual(['kube01', 'kube03']);
    expect(members(inv, 'etcd')).toEqual(['kube01', 'kube02', 'kube03']);
    expect(members(inv, 'kube_node')).toEqual(['kube01', 'kube02', 'kube03', 'kube04']);
    expect(inv.k8s_cluster.children).toEqual(['kube_control_plane', 'kube_node', 'calico_rr']);
    expect(members(inv, 'k8s_cluster')).toEqual(['kube01', 'kube02', 'kube03', 'kube04']);
    for (const g of LEGACY_GROUPS) expect(inv[g]).toBeUndefined();

    const hv = inv._meta.hostvars;
    expect(hv.kube01).toMatchObject({ ansible_host: '192.168.1.21', ip: '192.168.1.21', etcd_member_name: 'etcd1', ansible_user: 'root', ansible_python_interpreter: '/usr/bin/python3' });
    expect(hv.kube03.etcd_member_name).toBe('etcd3');
    expect(hv.kube04).toMatchObject({ ansible_host: '192.168.1.24', ip: '192.168.1.24', node_labels: { disktype: 'ssd' } });
    expect(hv.kube04.etcd_member_name).toBeUndefined();
    // group_vars/k8s_cluster/ reaches every node: the folder name is the group's.
    for (const node of ['kube01', 'kube02', 'kube03', 'kube04']) {
      expect(hv[node]).toMatchObject({
        kube_version: '1.35.4',
        cluster_name: 'cluster.lacave',
        container_manager: 'crio',
        kube_network_plugin: 'calico',
        upstream_dns_servers: ['192.168.1.10'],
        supplementary_addresses_in_ssl_keys: ['apiserver.kube.lacave.info'],
        kube_oidc_auth: true,
        kube_oidc_url: 'https://login.kube.lacave.info/realms/kubernetes',
        kube_oidc_client_id: 'kubelacave',
        kube_oidc_ca_file: '/etc/kubernetes/ssl/lacave-root.pem',
        kube_oidc_username_claim: 'preferred_username',
        kube_oidc_username_prefix: 'oidc:',
        kube_oidc_groups_claim: 'groups',
        kube_oidc_groups_prefix: 'oidc:',
        project_name: 'lacave',
        global_domain_name: 'lacave.info',
        kube_domain_name: 'kube.lacave.info',
        kube_cluster_domain_name: 'cluster.lacave',
        self_signed_pki_path: '/home/felip/pki',
        helm_enabled: true,
        registry_enabled: true,
        registry_storage_class: 'local-path',
        registry_disk_size: '10Gi',
        local_path_provisioner_enabled: true,
        local_path_provisioner_is_default_storageclass: 'false',
        cert_manager_enabled: false,
      });
      // v2.31 removed these addons: writing them would be silently ignored.
      expect(hv[node].dashboard_enabled).toBeUndefined();
      expect(hv[node].ingress_nginx_enabled).toBeUndefined();
      expect(hv[node].etcd_deployment_type).toBeUndefined();
    }
  });

  test('the OIDC issuer is exactly what the Keycloak chart serves (model.oidc.issuerUrl)', () => {
    const model = lacaveCurrent();
    const inv = list(writeInventory(model));
    expect(inv._meta.hostvars.kube01.kube_oidc_url).toBe(model.oidc!.issuerUrl);
    expect(inv._meta.hostvars.kube01.kube_oidc_ca_file).toBe(model.names.rootCaPathOnNodes);
  });

  test('lacave, legacy naming (v2.14): kube-master, kube-node, calico-rr, k8s-cluster, never the new names', () => {
    const ini = writeInventory(lacaveLegacy());
    expect(fs.existsSync(path.join(path.dirname(ini), 'group_vars', 'k8s-cluster', 'k8s-cluster.yml'))).toBe(true);
    expect(fs.existsSync(path.join(path.dirname(ini), 'group_vars', 'k8s_cluster'))).toBe(false);
    const inv = list(ini);
    expect(members(inv, 'kube-master')).toEqual(['kube01', 'kube03']);
    expect(members(inv, 'etcd')).toEqual(['kube01', 'kube02', 'kube03']);
    expect(members(inv, 'kube-node')).toEqual(['kube01', 'kube02', 'kube03', 'kube04']);
    expect(inv['k8s-cluster'].children).toEqual(['kube-master', 'kube-node', 'calico-rr']);
    expect(members(inv, 'k8s-cluster')).toEqual(['kube01', 'kube02', 'kube03', 'kube04']);
    for (const g of CURRENT_GROUPS) expect(inv[g]).toBeUndefined();
    for (const node of ['kube01', 'kube02', 'kube03', 'kube04']) {
      expect(inv._meta.hostvars[node]).toMatchObject({
        kube_version: 'v1.19.3',
        container_manager: 'crio',
        etcd_deployment_type: 'host',
        // Envoy Gateway and Headlamp replace Kubespray's addons on old releases too: they stay off.
        dashboard_enabled: false,
        ingress_nginx_enabled: false,
        cert_manager_enabled: false,
        kube_oidc_url: 'https://login.kube.lacave.info/realms/kubernetes',
      });
      expect(inv._meta.hostvars[node].local_path_provisioner_is_default_storageclass).toBeUndefined();
    }
  });

  test('--host kube04 gives its address, labels and the cluster variables', () => {
    const host = inventoryJson(run('ansible-inventory', ['-i', writeInventory(lacaveCurrent()), '--host', 'kube04']));
    expect(host).toMatchObject({ ansible_host: '192.168.1.24', ip: '192.168.1.24', node_labels: { disktype: 'ssd' }, kube_version: '1.35.4' });
  });

  test('a 3-node cluster: every node is control plane, etcd member and worker', () => {
    const inv = list(writeInventory(validateSpec(generatedSpec(3, 0))));
    const nodes = ['node0001', 'node0002', 'node0003'];
    for (const g of ['kube_control_plane', 'etcd', 'kube_node', 'k8s_cluster']) expect(members(inv, g)).toEqual(nodes);
    expect(nodes.map((n) => inv._meta.hostvars[n].etcd_member_name)).toEqual(['etcd1', 'etcd2', 'etcd3']);
    expect(inv._meta.hostvars.node0002).toMatchObject({ ansible_host: '172.16.0.3', ip: '172.16.0.3', cluster_name: 'cluster.local', kube_oidc_client_id: 'kubegen3' });
    // no pki in the spec: the API server trusts the issuer through the system store
    expect(inv._meta.hostvars.node0001.kube_oidc_ca_file).toBeUndefined();
  });

  test('a generated 50-node cluster with Fedora CoreOS and Flatcar nodes', () => {
    const inv = list(writeInventory(validateSpec(generatedSpec(50, 5))));
    const all = Array.from({ length: 50 }, (_, i) => `node${String(i + 1).padStart(4, '0')}`);
    expect(members(inv, 'k8s_cluster')).toEqual(all);
    expect(members(inv, 'kube_node')).toEqual(all);
    expect(members(inv, 'kube_control_plane')).toEqual(all.slice(0, 3));
    expect(members(inv, 'etcd')).toEqual(all.slice(0, 3));
    const hv = inv._meta.hostvars;
    expect(hv.node0050).toMatchObject({ ansible_host: '172.16.0.51', ip: '172.16.0.51', kube_version: '1.35.4', container_manager: 'crio' });
    expect(hv.node0050.etcd_member_name).toBeUndefined();
    // python differs by OS (every 5th node runs Flatcar), so it is a host variable
    expect(hv.node0005.ansible_python_interpreter).toBe('/opt/bin/python');
    expect(hv.node0006.ansible_python_interpreter).toBe('/usr/bin/python3');
    expect(Object.keys(hv)).toHaveLength(50);
  });

  test('ansible-vault ciphertext passes through as an encrypted value, byte for byte', () => {
    const spec = lacaveSpec();
    const inv = list(writeInventory(validateSpec(spec)));
    expect(inv._meta.hostvars.kube01.self_signed_pki_key_password).toEqual({ __ansible_vault: `${spec.pki!.keyPassword!.vault}\n` });
    expect(inv._meta.hostvars.kube01.nexus_admin_password).toEqual({ __ansible_vault: `${spec.components!.nexus!.adminPasswordVault!.vault}\n` });
  });

  test('a value encrypted by ansible-vault decrypts to the plaintext through the generated inventory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-test-'));
    const passwordFile = path.join(dir, 'password');
    fs.writeFileSync(passwordFile, 'test-only-password\n');
    const encrypted = run('ansible-vault', ['encrypt_string', '--vault-password-file', passwordFile, 'pki-key-passphrase', '--name', 'x']);
    const ciphertext = encrypted.split('\n').slice(1).map((l) => l.trim()).filter(Boolean).join('\n');
    const ini = writeInventory(validateSpec(lacaveWith((s) => (s.pki.keyPassword = { vault: ciphertext }))));
    const out = run('ansible', ['kube01', '-i', ini, '-c', 'local', '-m', 'debug', '-a', 'var=self_signed_pki_key_password', '--vault-password-file', passwordFile]);
    expect(out).toContain('"self_signed_pki_key_password": "pki-key-passphrase"');
  });

  test('kubespray.extraVars land in group_vars/all/all.yml for every host', () => {
    const model = validateSpec(lacaveWith((s) => (s.kubespray.extraVars = { kube_proxy_mode: 'iptables', kubelet_max_pods: 200 })));
    const inv = list(writeInventory(model));
    expect(inv._meta.hostvars.kube03).toMatchObject({ kube_proxy_mode: 'iptables', kubelet_max_pods: 200 });
  });
});

describe('the generated files', () => {
  const files = (model: ClusterModel) => Object.fromEntries(renderInventory(model).map((f) => [f.path, f.content]));

  test('secrets appear only as the `!vault |` block of the spec, line for line', () => {
    const spec = lacaveSpec();
    const allYml = files(validateSpec(spec))['inventory/group_vars/all/all.yml'];
    const block = (name: string, ciphertext: string) => `${name}: !vault |\n${ciphertext.split('\n').map((l) => `  ${l}\n`).join('')}`;
    expect(allYml).toContain(block('self_signed_pki_key_password', spec.pki!.keyPassword!.vault));
    expect(allYml).toContain(block('nexus_admin_password', spec.components!.nexus!.adminPasswordVault!.vault));
  });

  test('layout per release: host_vars per node, group_vars of the cluster group', () => {
    expect(Object.keys(files(lacaveCurrent())).sort()).toEqual([
      'inventory/group_vars/all/all.yml',
      'inventory/group_vars/k8s_cluster/addons.yml',
      'inventory/group_vars/k8s_cluster/k8s-cluster.yml',
      'inventory/host_vars/kube01.yml',
      'inventory/host_vars/kube02.yml',
      'inventory/host_vars/kube03.yml',
      'inventory/host_vars/kube04.yml',
      'inventory/inventory.ini',
    ]);
  });

  test.each([
    ['lacave v2.31', lacaveCurrent],
    ['lacave v2.14', lacaveLegacy],
    ['50 nodes', () => validateSpec(generatedSpec(50, 5))],
  ])('%s: every variable written is a catalogued variable of the release or a documented project variable', (_name, model) => {
    const m = model();
    for (const f of renderInventory(m).filter((x) => x.path.endsWith('.yml'))) {
      for (const key of Object.keys(parse(f.content, { customTags: ANSIBLE_TAGS }) ?? {})) {
        if (!isKnownVariable(key, m.kubespray)) throw new Error(`${f.path}: ${key} is unknown to Kubespray ${m.kubespray.release}`);
      }
    }
  });

  test("docs/inventory.md's table of variables documents every variable the inventory can write", () => {
    const guide = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'inventory.md'), 'utf8');
    const section = guide.split('\n## Variables written\n')[1].split('\n## ')[0];
    const names = [...GROUP_VARIABLES, ...HOST_VARIABLES].map((v) => v.name).concat(PROJECT_VARIABLES.map((p) => p.name));
    expect(names.filter((n) => !section.includes(`\`${n}`))).toEqual([]);
  });

  test('the same spec gives byte-identical files', () => {
    expect(renderInventory(lacaveCurrent())).toEqual(renderInventory(lacaveCurrent()));
  });
});

describe('the Ansible INI writer', () => {
  test('writes hosts, empty groups and :children sections', () => {
    expect(renderAnsibleIni({ header: ['generated'], groups: [{ name: 'a', hosts: ['h1', 'h2'] }, { name: 'b' }, { name: 'c', children: ['a', 'b'] }] })).toBe(
      '# generated\n\n[a]\nh1\nh2\n\n[b]\n\n[c:children]\na\nb\n',
    );
  });
  test('refuses what Ansible would misread', () => {
    expect(() => renderAnsibleIni({ groups: [{ name: 'a', hosts: ['bad host'] }] })).toThrow(/invalid host name "bad host"/);
    expect(() => renderAnsibleIni({ groups: [{ name: 'a]' }] })).toThrow(/invalid group name/);
    expect(() => renderAnsibleIni({ groups: [{ name: 'c', children: ['missing'] }] })).toThrow(/undeclared child group missing/);
    expect(() => renderAnsibleIni({ groups: [{ name: 'a' }, { name: 'a' }] })).toThrow(/declared twice/);
  });
});
