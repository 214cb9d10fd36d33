/**
 * The static network configuration of a node: a NetworkManager keyfile (Fedora CoreOS) or a
 * systemd-networkd `.network` unit (Flatcar). Both are built as section objects and serialized.
 */
import { stringify as iniStringify } from 'ini';
import type { ClusterModel, NodeModel } from '../clusters/model';

/** Sections in file order; a `string[]` value is a list. */
export type IniSections = ReadonlyArray<readonly [section: string, entries: ReadonlyArray<readonly [key: string, value: string | readonly string[]]>]>;

const NAME = /^[A-Za-z0-9][\w.-]*$/;

function checkName(what: string, name: string): string {
  if (!NAME.test(name)) throw new Error(`${what} ${JSON.stringify(name)} cannot be written to a key file`);
  return name;
}

/** GLib key-file escapes (g_key_file_set_value); list elements also escape the `;` separator. */
function escapeGKeyFile(value: string, inList: boolean): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/^ /, '\\s');
  return inList ? escaped.replace(/;/g, '\\;') : escaped;
}

/**
 * A GLib key file, the format NetworkManager reads (`man nm-settings-keyfile`). Not `ini`: GLib
 * lists are `a;b;` and GLib has no `\;`-in-scalars or quoted values, which `ini` would write.
 */
export function renderGKeyFile(sections: IniSections): string {
  return sections
    .map(([section, entries]) => {
      const lines = entries.map(([key, value]) =>
        typeof value === 'string'
          ? `${checkName('key', key)}=${escapeGKeyFile(value, false)}`
          : `${checkName('key', key)}=${value.map((v) => `${escapeGKeyFile(v, true)};`).join('')}`,
      );
      return [`[${checkName('section', section)}]`, ...lines].join('\n');
    })
    .join('\n\n')
    .concat('\n');
}

/** Whether `ini` would write the value as it is, and systemd read it back the same. */
const iniWritesVerbatim = (v: string) => v !== '' && v === v.trim() && !/[\r\n=;#\\]/.test(v) && !/^["'[]/.test(v);

/** A systemd unit-style INI file (repeated keys for lists), written with `ini`. */
export function renderSystemdIni(sections: IniSections): string {
  const object: Record<string, Record<string, string | string[]>> = {};
  for (const [section, entries] of sections) {
    const body: Record<string, string | string[]> = {};
    for (const [key, value] of entries) {
      for (const v of typeof value === 'string' ? [value] : value) {
        if (!iniWritesVerbatim(v)) throw new Error(`value ${JSON.stringify(v)} of ${section}.${key} would be quoted or escaped by ini`);
      }
      body[checkName('key', key)] = typeof value === 'string' ? value : [...value];
    }
    object[checkName('section', section)] = body;
  }
  return iniStringify(object, { bracketedArray: false, platform: 'linux' });
}

/** NetworkManager profile of the node's interface: static IPv4, gateway, DNS, search domain. */
export function networkManagerKeyfile(node: NodeModel, network: ClusterModel['network']): IniSections {
  return [
    ['connection', [['id', node.interface], ['type', 'ethernet'], ['interface-name', node.interface]]],
    [
      'ipv4',
      [
        ['method', 'manual'],
        ['address1', `${node.ip}/${network.prefix}`],
        ['gateway', network.gateway],
        ['dns', network.dnsServers],
        ['dns-search', [network.searchDomain]],
      ],
    ],
  ];
}

/** systemd-networkd unit of the node's interface (Flatcar), same settings. */
export function networkdUnit(node: NodeModel, network: ClusterModel['network']): IniSections {
  return [
    ['Match', [['Name', node.interface]]],
    [
      'Network',
      [
        ['Address', `${node.ip}/${network.prefix}`],
        ['Gateway', network.gateway],
        ['DNS', network.dnsServers],
        ['Domains', network.searchDomain],
      ],
    ],
  ];
}

/** `00-<iface>.network`: sorts before the image's catch-all DHCP units. */
export const networkdUnitName = (node: NodeModel) => `00-${node.interface}.network`;
