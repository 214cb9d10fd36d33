/**
 * The opt-in Ignition 2.2.0 `<node>-ignition.json` of the old Flatcar flow (seed 001): the same
 * provisioning as the Butane config, in the 2.x shape — networkd units in their own section,
 * every file on `filesystem: "root"`, contents as URL-escaped data URLs (what seed 001 and the
 * Container Linux Config Transpiler wrote).
 */
import type { ClusterModel, NodeModel } from '../clusters/model';
import { legacyFlatcarIgnition } from '../clusters/model/versions';
import type { ButaneFile } from './butane';
import { escapeDataUrlBytes } from './data-url';
import type { Ignition22Config, Ignition22File } from './ignition';
import { networkdUnit, networkdUnitName, renderSystemdIni } from './network';
import { nodeProvisioning } from './node-config';

function file22(f: ButaneFile): Ignition22File {
  // Go field order of v2_2 types.File: filesystem, overwrite, path (Node), contents, mode.
  return {
    filesystem: 'root',
    ...(f.overwrite === undefined ? {} : { overwrite: f.overwrite }),
    path: f.path,
    contents: { source: `data:,${escapeDataUrlBytes(Buffer.from(f.contents.inline, 'utf8'))}` },
    mode: f.mode ?? 0o644,
  };
}

export function legacyFlatcarIgnitionConfig(model: ClusterModel, node: NodeModel): Ignition22Config {
  if (node.os !== 'flatcar') throw new Error(`${node.name}: the Ignition 2.2.0 file is for Flatcar nodes only (os: ${node.os})`);
  const p = nodeProvisioning(model, node);
  return {
    ignition: { version: legacyFlatcarIgnition },
    networkd: { units: [{ contents: renderSystemdIni(networkdUnit(node, model.network)), name: networkdUnitName(node) }] },
    passwd: { users: [{ name: p.user.name, sshAuthorizedKeys: p.user.sshAuthorizedKeys }] },
    storage: { files: [p.hostname, ...p.rootCa].map(file22) },
    ...(p.units.length ? { systemd: { units: p.units.map((u) => ({ contents: u.contents, enabled: u.enabled, mask: u.mask, name: u.name })) } } : {}),
  };
}
