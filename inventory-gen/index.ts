/**
 * `inventory/`: the Kubespray inventory of the cluster, consumed unchanged by
 * `ansible-playbook -i dist/<cluster>/inventory/inventory.ini kubespray/cluster.yml`.
 *
 * Group names and the `group_vars/` folder follow the spec's Kubespray release (never mixed);
 * host variables go to `host_vars/<node>.yml` as in the seed. No `management`/`client`
 * localhost groups: the platform is deployed from the provisioning host with `-c local`.
 */
import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../output/files';
import { renderAnsibleIni } from './ansible-ini';
import { GROUP_VARIABLES, GroupVarsFile, HOST_VARIABLES } from './inventory-variables';
import { groupNames, type KubesprayRelease } from '../clusters/model/kubespray-release';
import { isCataloguedVariable, isKnownVariable } from '../clusters/model/kubespray-variables';
import { InventoryValue, InventoryVars, renderVarsFile, VaultValue } from './vars-file';

const DIR = 'inventory';

function header(model: ClusterModel): string[] {
  return [`Generated from clusters/${model.name}.ts for Kubespray ${model.kubespray.release}: edit the spec and re-synth, not this file.`];
}

/** `inventory.ini`: every node in `all`, then the Kubespray groups of the release. */
export function renderInventoryIni(model: ClusterModel): string {
  const g = groupNames(model.kubespray);
  const names = (pick: (n: ClusterModel['nodes'][number]) => boolean) => model.nodes.filter(pick).map((n) => n.name);
  return renderAnsibleIni({
    header: header(model),
    groups: [
      { name: 'all', hosts: names(() => true) },
      { name: g.controlPlane, hosts: names((n) => n.controlPlane) },
      { name: g.etcd, hosts: names((n) => n.etcd) },
      { name: g.node, hosts: names((n) => n.worker) },
      { name: g.calicoRouteReflector },
      { name: g.cluster, children: [g.controlPlane, g.node, g.calicoRouteReflector] },
    ],
  });
}

/**
 * Whether a derived variable goes into an inventory for this release. A Kubespray variable the
 * release no longer (or not yet) reads is left out — v2.31 dropped `dashboard_enabled` and
 * `ingress_nginx_*`; a name the catalog does not know at all is a bug here and throws.
 */
function writtenFor(name: string, release: KubesprayRelease): boolean {
  if (isKnownVariable(name, release)) return true;
  if (!isCataloguedVariable(name)) throw new Error(`inventory-gen writes ${name}, which is neither a catalogued Kubespray variable nor a documented project variable`);
  return false;
}

function collect(entries: ReadonlyArray<readonly [string, InventoryValue | undefined]>, release: KubesprayRelease): Record<string, InventoryValue> {
  const vars: Record<string, InventoryValue> = {};
  for (const [name, value] of entries) if (value !== undefined && writtenFor(name, release)) vars[name] = value;
  return vars;
}

function extraVarValue(v: ClusterModel['kubespray']['extraVars'][string]): InventoryValue {
  return typeof v === 'object' && !Array.isArray(v) ? new VaultValue(v) : v;
}

/** `group_vars/…`: the derived variables by file; `kubespray.extraVars` after them in `all/all.yml`. */
export function groupVars(model: ClusterModel): Map<string, InventoryVars> {
  const release = model.kubespray;
  const cluster = groupNames(release).cluster;
  const files = new Map<string, InventoryVars>();
  const fileOrder: GroupVarsFile[] = ['all/all.yml', '<cluster>/k8s-cluster.yml', '<cluster>/addons.yml'];
  for (const file of fileOrder) {
    const derived = GROUP_VARIABLES.filter((v) => v.file === file).map((v) => [v.name, v.value(model, release)] as const);
    const extra = file === 'all/all.yml' ? Object.entries(model.kubespray.extraVars).map(([k, v]) => [k, extraVarValue(v)] as const) : [];
    const vars = collect([...derived, ...extra], release);
    if (Object.keys(vars).length > 0) files.set(`group_vars/${file.replace('<cluster>', cluster)}`, vars);
  }
  return files;
}


/** `host_vars/<node>.yml` for every node. */
export function hostVars(model: ClusterModel): Map<string, InventoryVars> {
  const files = new Map<string, InventoryVars>();
  for (const node of model.nodes) {
    files.set(`host_vars/${node.name}.yml`, collect(HOST_VARIABLES.map((v) => [v.name, v.value(node, model)] as const), model.kubespray));
  }
  return files;
}

/** `inventory/`: `inventory.ini`, `group_vars/`, `host_vars/`. */
export function renderInventory(model: ClusterModel): OutputFile[] {
  const files: OutputFile[] = [{ path: `${DIR}/inventory.ini`, content: renderInventoryIni(model) }];
  for (const [path, vars] of [...groupVars(model), ...hostVars(model)]) {
    files.push({ path: `${DIR}/${path}`, content: renderVarsFile(vars, header(model)) });
  }
  return files;
}
