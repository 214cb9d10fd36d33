/** IPv4 arithmetic for the node network checks. */

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function isIpv4(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

export function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Network address of `ip` with `prefix` bits, e.g. 192.168.1.0 for 192.168.1.21/24. */
export function networkOf(ip: string, prefix: number): string {
  const size = 2 ** (32 - prefix);
  return intToIpv4(Math.floor(ipv4ToInt(ip) / size) * size);
}

export function sameNetwork(a: string, b: string, prefix: number): boolean {
  return networkOf(a, prefix) === networkOf(b, prefix);
}

/** Last address of the network of `ip` with `prefix` bits, e.g. 192.168.1.255 for 192.168.1.21/24. */
export function broadcastOf(ip: string, prefix: number): string {
  const size = 2 ** (32 - prefix);
  return intToIpv4(Math.floor(ipv4ToInt(ip) / size) * size + size - 1);
}

/** A CIDR block such as `10.233.64.0/18` as its first and last address, or undefined if it is not one. */
export function parseCidr(text: unknown): { first: number; last: number } | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!m || !isIpv4(m[1]) || Number(m[2]) > 32) return undefined;
  const size = 2 ** (32 - Number(m[2]));
  const first = Math.floor(ipv4ToInt(m[1]) / size) * size;
  return { first, last: first + size - 1 };
}

/** Whether two address ranges share at least one address. */
export const rangesOverlap = (a: { first: number; last: number }, b: { first: number; last: number }) => a.first <= b.last && b.first <= a.last;
