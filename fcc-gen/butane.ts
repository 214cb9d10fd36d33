/**
 * The Butane config structures this project writes (`fcos` 1.5.0 and `flatcar` 1.0.0 share
 * them). Keys are Butane's own snake_case names; `toYaml` writes these objects as they are.
 */

export type ButaneVariant = 'fcos' | 'flatcar';

/** `storage.files[].contents`: only inline text is used, so a `.fcc` stands alone. */
export interface ButaneResource {
  readonly inline: string;
}

export interface ButaneFile {
  readonly path: string;
  /**
   * Permission bits. Written in the `.fcc` as YAML octal (`0o600`).
   * @default - Ignition's default, 0644
   */
  readonly mode?: number;
  /** Replace a file the OS image already ships at this path. @default false */
  readonly overwrite?: boolean;
  readonly contents: ButaneResource;
}

export interface ButaneUnit {
  readonly name: string;
  readonly enabled?: boolean;
  /** Link the unit to /dev/null so that nothing starts it. @default false */
  readonly mask?: boolean;
  readonly contents?: string;
}

export interface ButaneUser {
  readonly name: string;
  readonly ssh_authorized_keys?: readonly string[];
}

export interface ButaneConfig {
  readonly variant: ButaneVariant;
  readonly version: string;
  readonly passwd?: { readonly users?: readonly ButaneUser[] };
  readonly storage?: { readonly files?: readonly ButaneFile[] };
  readonly systemd?: { readonly units?: readonly ButaneUnit[] };
}
