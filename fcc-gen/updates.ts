/**
 * How a node takes OS updates (see docs/node-updates.md).
 *
 * Fedora CoreOS: Zincati's `fleet_lock` strategy. Zincati downloads and stages updates on its
 * own, but finalizes (reboots) only after the FleetLock server grants it the lock, and reports
 * back after the reboot to release it. The server is fleetlock in the cluster (charts/fleetlock.ts)
 * at a fixed ClusterIP: no DNS needed, and no lock to be had before Kubernetes runs or outside
 * the maintenance window (the server is scaled to zero then), so a node never reboots on its own.
 *
 * Flatcar: the Flatcar update operator (charts/flatcar-update-operator.ts) reboots nodes that
 * update_engine has updated, one at a time, inside its reboot window; locksmithd, which would
 * reboot on its own, is masked (what the operator's documentation requires).
 *
 * `updates.strategy: 'off'`: no automatic updates at all (Zincati disabled; Flatcar
 * update-engine and locksmithd masked).
 */
import type { ClusterModel, NodeModel } from '../clusters/model';
import type { ButaneFile, ButaneUnit } from './butane';
import { renderToml } from './toml';

/** Zincati reads `/etc/zincati/config.d/*.toml` in name order; later files win (the OS ships 10-… and 50-…). */
export const ZINCATI_STRATEGY_FILE = '/etc/zincati/config.d/55-updates-strategy.toml';
export const ZINCATI_DISABLE_FILE = '/etc/zincati/config.d/90-disable-auto-updates.toml';

export interface NodeUpdateConfig {
  readonly files: readonly ButaneFile[];
  readonly units: readonly ButaneUnit[];
}

export function nodeUpdateConfig(model: ClusterModel, node: NodeModel): NodeUpdateConfig {
  const { strategy, lockUrl, window } = model.updates;
  const generated = `Generated from clusters/${model.name}.ts (updates): see docs/node-updates.md.`;
  if (node.os === 'fcos') {
    if (strategy === 'off') {
      const inline = renderToml([['updates', { enabled: false }]], `${generated}\nAutomatic updates are off: update with rpm-ostree and reboot by hand.`);
      return { files: [{ path: ZINCATI_DISABLE_FILE, mode: 0o644, contents: { inline } }], units: [] };
    }
    const inline = renderToml(
      [
        ['updates', { strategy: 'fleet_lock' }],
        ['updates.fleet_lock', { base_url: lockUrl }],
      ],
      `${generated}\nReboot only with the lock of the in-cluster fleetlock (one node at a time, drained first);\nthe lock is available in the maintenance window only: ${window.start} UTC for ${window.lengthMinutes} min, ${window.days.length === 7 ? 'every day' : window.days.join(', ')}.`,
    );
    return { files: [{ path: ZINCATI_STRATEGY_FILE, mode: 0o644, contents: { inline } }], units: [] };
  }
  const units: ButaneUnit[] = [{ name: 'locksmithd.service', mask: true }];
  if (strategy === 'off') units.unshift({ name: 'update-engine.service', mask: true });
  return { files: [], units };
}
