/**
 * What each node gets at first boot, as one Butane config: the install user's SSH keys, its
 * host name, its static network, and the cluster root CA (OS trust store and the path Kubespray's
 * `kube_oidc_ca_file` points to) — what seed 000 did by hand after install (`copycert.sh`).
 */
import type { ClusterModel, NodeModel } from '../clusters/model';
import { butaneSpecs } from '../clusters/model/versions';
import type { ButaneConfig, ButaneFile, ButaneUnit } from './butane';
import { nodeUpdateConfig } from './updates';
import { networkdUnit, networkdUnitName, networkManagerKeyfile, renderGKeyFile, renderSystemdIni } from './network';

/** The files, units and user of a node, independent of the config format that carries them. */
export interface NodeProvisioning {
  readonly user: { readonly name: string; readonly sshAuthorizedKeys: readonly string[] };
  /** The network file; on Flatcar also delivered as a networkd unit by the 2.2.0 config. */
  readonly network: ButaneFile;
  readonly hostname: ButaneFile;
  readonly rootCa: readonly ButaneFile[];
  /** How the node takes OS updates (Zincati strategy; Flatcar units masked). */
  readonly updates: readonly ButaneFile[];
  readonly units: readonly ButaneUnit[];
}

/**
 * Where the root CA goes in the OS trust store. Fedora CoreOS rebuilds its bundle at every boot
 * from `/etc/pki/ca-trust/source/anchors` (coreos-update-ca-trust.service); Flatcar reads
 * `*.pem` in `/etc/ssl/certs` once `update-ca-certificates` has run (`trustRootCaUnit`).
 */
export function trustStorePath(model: ClusterModel, node: NodeModel): string | undefined {
  if (!model.pki) return undefined;
  return node.os === 'fcos'
    ? `/etc/pki/ca-trust/source/anchors/${model.pki.rootCaFileName}`
    : `/etc/ssl/certs/${model.pki.rootCaFileName.replace(/\.crt$/, '.pem')}`;
}

/**
 * Flatcar's own update-ca-certificates.service only runs when the bundle is not the image's
 * symlink, so a unit of ours rehashes `/etc/ssl/certs` at boot, before the container runtime.
 */
function trustRootCaUnit(model: ClusterModel, certificatePath: string): ButaneUnit {
  const contents = renderSystemdIni([
    [
      'Unit',
      [
        ['Description', `Add the ${model.name} root CA to the system trust store`],
        ['ConditionPathExists', certificatePath],
        ['After', 'systemd-tmpfiles-setup.service'],
        ['Before', 'containerd.service docker.service kubelet.service'],
      ],
    ],
    ['Service', [['Type', 'oneshot'], ['RemainAfterExit', 'yes'], ['ExecStart', '/usr/sbin/update-ca-certificates']]],
    ['Install', [['WantedBy', 'multi-user.target']]],
  ]);
  return { name: `${model.name}-root-ca-trust.service`, enabled: true, contents };
}

export function nodeProvisioning(model: ClusterModel, node: NodeModel): NodeProvisioning {
  const network: ButaneFile =
    node.os === 'fcos'
      ? {
          path: `/etc/NetworkManager/system-connections/${node.interface}.nmconnection`,
          // NetworkManager ignores a keyfile that others can read.
          mode: 0o600,
          overwrite: true,
          contents: { inline: renderGKeyFile(networkManagerKeyfile(node, model.network)) },
        }
      : { path: `/etc/systemd/network/${networkdUnitName(node)}`, mode: 0o644, overwrite: true, contents: { inline: renderSystemdIni(networkdUnit(node, model.network)) } };

  const trustPath = trustStorePath(model, node);
  const rootCa: ButaneFile[] = [];
  if (model.pki && trustPath) {
    const inline = model.pki.rootCaCertificate.endsWith('\n') ? model.pki.rootCaCertificate : `${model.pki.rootCaCertificate}\n`;
    rootCa.push({ path: trustPath, mode: 0o644, contents: { inline } });
    if (model.names.rootCaPathOnNodes) rootCa.push({ path: model.names.rootCaPathOnNodes, mode: 0o644, contents: { inline } });
  }

  const updates = nodeUpdateConfig(model, node);
  return {
    user: { name: model.ssh.user, sshAuthorizedKeys: model.ssh.authorizedKeys },
    network,
    hostname: { path: '/etc/hostname', mode: 0o644, overwrite: true, contents: { inline: `${node.name}\n` } },
    rootCa,
    updates: updates.files,
    units: [...(node.os === 'flatcar' && trustPath ? [trustRootCaUnit(model, trustPath)] : []), ...updates.units],
  };
}

/** The node's Butane config (`fcos` 1.5.0 or `flatcar` 1.0.0, see `butaneSpecs`). */
export function nodeButaneConfig(model: ClusterModel, node: NodeModel): ButaneConfig {
  const p = nodeProvisioning(model, node);
  const spec = butaneSpecs[node.os];
  return {
    variant: spec.variant,
    version: spec.version,
    passwd: { users: [{ name: p.user.name, ssh_authorized_keys: p.user.sshAuthorizedKeys }] },
    storage: { files: [p.hostname, p.network, ...p.rootCa, ...p.updates] },
    ...(p.units.length ? { systemd: { units: p.units } } : {}),
  };
}
