/**
 * Butane → Ignition, for the part of the Butane spec this project writes: what `butane --strict
 * --pretty` prints for the same config (`fcos` 1.5.0 → Ignition 3.4.0, `flatcar` 1.0.0 → 3.3.0).
 *
 * Butane's translation of these fields is mechanical (snake_case → camelCase, inline contents →
 * data URL, empty sections dropped); the one decision it makes is the contents encoding, done in
 * `data-url.ts`.
 */
import { butaneSpecs } from '../clusters/model/versions';
import { toJson } from '../output/serialize';
import type { ButaneConfig, ButaneFile, ButaneUnit, ButaneUser } from './butane';
import { encodeInlineContents } from './data-url';
import { type Ignition3Config, type Ignition3File, type Ignition3Unit, type Ignition3User, type Ignition3Version, withGoJsonEscapes } from './ignition';

/** The Ignition spec a Butane variant/version translates to. */
export function ignitionVersionOf(config: Pick<ButaneConfig, 'variant' | 'version'>): Ignition3Version {
  const spec = butaneSpecs[config.variant];
  if (!spec || spec.version !== config.version) {
    const known = Object.values(butaneSpecs).map((s) => `${s.variant} ${s.version}`).join(', ');
    throw new Error(`Butane ${config.variant} ${config.version} is not translated by this project (known: ${known})`);
  }
  return spec.ignition;
}

/** Drops undefined fields so that `JSON.stringify` and deep equality see what Go marshals. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function translateFile(f: ButaneFile): Ignition3File {
  const { source, compression } = encodeInlineContents(f.contents.inline);
  // Go field order: overwrite, path (types.Node), contents, mode (types.FileEmbedded1).
  return defined({ overwrite: f.overwrite, path: f.path, contents: { compression, source }, mode: f.mode });
}

function translateUser(u: ButaneUser): Ignition3User {
  return defined({ name: u.name, sshAuthorizedKeys: u.ssh_authorized_keys?.length ? u.ssh_authorized_keys : undefined });
}

function translateUnit(u: ButaneUnit): Ignition3Unit {
  // Go field order: contents, dropins, enabled, mask, name.
  return defined({ contents: u.contents, enabled: u.enabled, mask: u.mask, name: u.name });
}

const nonEmpty = <T>(list: readonly T[] | undefined): readonly T[] | undefined => (list && list.length ? list : undefined);

export function butaneToIgnition(config: ButaneConfig): Ignition3Config {
  const users = nonEmpty(config.passwd?.users?.map(translateUser));
  const files = nonEmpty(config.storage?.files?.map(translateFile));
  const units = nonEmpty(config.systemd?.units?.map(translateUnit));
  return defined({
    ignition: { version: ignitionVersionOf(config) },
    passwd: users && { users },
    storage: files && { files },
    systemd: units && { units },
  });
}

/** An Ignition config as `butane --pretty` prints it (2-space indent, final newline, Go escapes). */
export function ignitionToJson(config: object): string {
  return withGoJsonEscapes(toJson(config));
}
