/**
 * The Ignition structures this project emits, typed after the Go types of coreos/ignition
 * (`config/v3_3/types`, `config/v3_4/types`, `config/v2_2/types`).
 *
 * Field order matters: Butane marshals these Go structs, whose fields are declared in
 * alphabetical order (generated code) with embedded structs flattened in place, and it omits
 * empty structs. Objects built here list their keys in that same order, so `JSON.stringify`
 * writes what Butane writes.
 */

/** `ignition.version` of every 3.x spec this project writes. */
export type Ignition3Version = '3.3.0' | '3.4.0';

/** A file's contents (`types.Resource`): a URL, here always an RFC 2397 data URL. */
export interface IgnitionResource {
  /** `""` or `"gzip"`. Butane always sets it for inline contents, so a merged config cannot inherit one. */
  readonly compression?: string;
  readonly source?: string;
}

/** `storage.files[]` (`types.File` = `Node` then `FileEmbedded1`). */
export interface Ignition3File {
  readonly overwrite?: boolean;
  readonly path: string;
  readonly contents?: IgnitionResource;
  /** Permission bits as a decimal integer (0644 → 420). */
  readonly mode?: number;
}

/** `systemd.units[]`. */
export interface Ignition3Unit {
  readonly contents?: string;
  readonly enabled?: boolean;
  readonly mask?: boolean;
  readonly name: string;
}

/** `passwd.users[]` (only the fields this project sets). */
export interface Ignition3User {
  readonly name: string;
  readonly sshAuthorizedKeys?: readonly string[];
}

/** An Ignition 3.x config. */
export interface Ignition3Config {
  readonly ignition: { readonly version: Ignition3Version };
  readonly passwd?: { readonly users?: readonly Ignition3User[] };
  readonly storage?: { readonly files?: readonly Ignition3File[] };
  readonly systemd?: { readonly units?: readonly Ignition3Unit[] };
}

/** `storage.files[]` of spec 2.2: every file names the filesystem it lives on. */
export interface Ignition22File {
  readonly filesystem: 'root';
  readonly overwrite?: boolean;
  readonly path: string;
  readonly contents: { readonly source: string };
  readonly mode: number;
}

/** `networkd.units[]` of spec 2.2 (dropped in 3.x: files under /etc/systemd/network instead). */
export interface Ignition22NetworkdUnit {
  readonly contents: string;
  readonly name: string;
}

/** An Ignition 2.2.0 config (the old Flatcar flow of seed 001). */
export interface Ignition22Config {
  readonly ignition: { readonly version: '2.2.0' };
  readonly networkd?: { readonly units: readonly Ignition22NetworkdUnit[] };
  readonly passwd?: { readonly users: readonly Ignition3User[] };
  readonly storage?: { readonly files: readonly Ignition22File[] };
  readonly systemd?: { readonly units: readonly Ignition3Unit[] };
}

/**
 * Go's encoding/json escapes `<`, `>`, `&`, U+2028 and U+2029 inside strings; JSON.stringify
 * does not. Those characters only ever occur inside JSON strings, so replacing them in the
 * serialized text gives Go's bytes.
 */
export function withGoJsonEscapes(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
