/**
 * Spec rules for values that end up as one word of a command line or one part of a URL:
 * `install.ignitionBaseUrl`, `pki.provisioningPath`, device names, interface names. They are
 * quoted wherever synth writes them (output/shell.ts), and refused here when they hold what has no
 * business in such a value — shell syntax (`$`, backticks, `;`, quotes, spaces), control
 * characters, a leading `-` a program would read as an option — so that a spec cannot smuggle
 * a command into `fcc/INSTALL.md` or a node's installer (docs/yaml-shell-ansible.md).
 */
import type { ClusterSpec } from './spec';

type Add = (path: string, value: unknown, message: string) => void;

/** Characters of an ignition base URL: RFC 3986 unreserved, `/`, `:` and `%`-escapes; nothing a shell or a URL parser reads as syntax. */
const URL_CHAR = /[A-Za-z0-9._~:/%+,=-]/;
/** One path segment: starts with a letter, digit or `_` (no `-` option, no `.`/`..`). */
const SEGMENT = '[A-Za-z0-9_][A-Za-z0-9_.:+-]*';
const DEVICE = new RegExp(`^(/dev/)?${SEGMENT}(/${SEGMENT})*$`);
const ABSOLUTE_PATH = new RegExp(`^(/${SEGMENT})+/?$`);
/** Linux interface names: at most 15 bytes, no `/`, `:` or space; not starting with `-` or `.`. */
const INTERFACE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;

/** The characters of `value` that `allowed` refuses, each once, as JSON strings (control characters escaped). */
function refused(value: string, allowed: RegExp): string {
  return [...new Set([...value].filter((c) => !allowed.test(c)))].map((c) => JSON.stringify(c)).join(', ');
}

function checkIgnitionBaseUrl(value: string, add: Add): void {
  const at = 'install.ignitionBaseUrl';
  const fix = 'give the http(s) URL of the folder your web server publishes, e.g. "http://elrond.lacave/kubernetes"';
  const bad = refused(value, URL_CHAR);
  if (bad) return add(at, value, `holds ${bad}, which has no business in this URL (shell or URL syntax; it is printed in fcc/INSTALL.md's install commands): ${fix}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return add(at, value, `not a URL: ${fix}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') add(at, value, `scheme "${url.protocol.replace(/:$/, '')}": coreos-installer and curl fetch the Ignition files over http or https; ${fix}`);
  else if (!url.hostname) add(at, value, `no host name: ${fix}`);
}

/** Checks every command-line word and URL the spec gives. */
export function checkWordValues(spec: ClusterSpec, add: Add): void {
  checkIgnitionBaseUrl(spec.install.ignitionBaseUrl, add);
  const device = (at: string, value: string | undefined, example: string) => {
    if (value !== undefined && !DEVICE.test(value)) {
      add(at, value, `not a device name: letters, digits, "_", ".", ":", "+", "-" in "/"-separated parts, not starting with "-" or "."; e.g. ${example}`);
    }
  };
  device('install.disk', spec.install.disk, '"/dev/sda" or "/dev/disk/by-id/wwn-0x5000c500a1b2c3d4"');
  spec.nodes.forEach((node, i) => {
    device(`nodes[${i}].installDisk`, node.installDisk, '"/dev/sda" or "/dev/disk/by-id/wwn-0x5000c500a1b2c3d4"');
    node.cephDisks?.forEach((d, j) => device(`nodes[${i}].cephDisks[${j}]`, d, '"sdb" or "/dev/sdb"'));
    if (node.interface !== undefined && !INTERFACE.test(node.interface)) {
      add(`nodes[${i}].interface`, node.interface, 'not a network interface name: at most 15 letters, digits, "_", ".", "-", not starting with "-" or "."; e.g. "enp3s0" (see `ip link` on the node)');
    }
  });
  const pkiPath = spec.pki?.provisioningPath;
  if (pkiPath !== undefined && !ABSOLUTE_PATH.test(pkiPath)) {
    add('pki.provisioningPath', pkiPath, `not a plain absolute path${refused(pkiPath, /[A-Za-z0-9_.:+\/-]/) ? ` (holds ${refused(pkiPath, /[A-Za-z0-9_.:+\/-]/)})` : ''}: letters, digits, "_", ".", ":", "+", "-" in "/"-separated parts, e.g. "/home/felip/pki"`);
  }
}
