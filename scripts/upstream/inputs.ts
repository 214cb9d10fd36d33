/**
 * Where the upstream files of a pinned release are read from, in this order:
 * - `--from DIR`: a folder of files named as upstream publishes them per release (`../shared/crds`,
 *   the default, holds `cert-manager-v1.21.1-crds.yaml`…);
 * - `--mirror DIR`: a folder of bare git clones named `owner+name/repo` (what the workplace's
 *   `fetch` brings, default `$UPSTREAM_MIRROR`, else `../.mirror` or `../../.mirror` beside the
 *   project), read at the pinned tag with `git show TAG:path`;
 * - `--network`: the pinned URL (release asset or raw file at the tag).
 * An input none of them reaches is reported with its path and URL; nothing is invented.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { versions } from '../../clusters/model/versions';
import { PROJECT_ROOT } from '../../output/project-root';

/** One upstream file (or a folder of files) of a pinned release. */
export interface UpstreamInput {
  /** GitHub repository, `owner/name`. */
  readonly repo: string;
  /** The pinned tag. */
  readonly tag: string;
  /**
   * Path in the repository at the tag; a path ending in `/` is every `.yaml`/`.yml` file below it.
   * @default - the file exists only as a release asset (`url`)
   */
  readonly path?: string;
  /**
   * File name in a `--from` folder (`../shared/crds`).
   * @default - not looked for there
   */
  readonly file?: string;
  /** Where it is published (release asset or raw file at the tag), for `--network` and for messages. */
  readonly url: string;
}

export interface InputLocations {
  /** Folders of upstream files by their published names. */
  readonly from: readonly string[];
  /** Folders of bare git mirrors (`owner+name/repo`). */
  readonly mirrors: readonly string[];
  /** Fetch pinned URLs when neither has the file. */
  readonly network: boolean;
}

/** The default locations: `$CRD_DIR` or ../shared/crds, `$UPSTREAM_MIRROR` or a `.mirror` folder above. */
export function defaultLocations(root = PROJECT_ROOT): InputLocations {
  const from = [process.env.CRD_DIR ?? path.resolve(root, '..', 'shared', 'crds')].filter((d) => fs.existsSync(d));
  const mirrors = (process.env.UPSTREAM_MIRROR ? [process.env.UPSTREAM_MIRROR] : [path.resolve(root, '..', '.mirror'), path.resolve(root, '..', '..', '.mirror')]).filter((d) =>
    fs.existsSync(d),
  );
  return { from, mirrors, network: false };
}

/** The text of one upstream file, and where it was read. */
export interface UpstreamText {
  readonly name: string;
  readonly text: string;
}

/** What was read for an input: its files, and the commit of the tag when read from a mirror. */
export interface ReadInput {
  readonly files: readonly UpstreamText[];
  readonly commit?: string;
}

function mirrorDir(mirrors: readonly string[], repo: string): string | undefined {
  for (const m of mirrors) {
    const dir = path.join(m, repo.replace('/', '+'), 'repo');
    if (fs.existsSync(dir)) return dir;
  }
  return undefined;
}

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });

/** The commit of a tag in a mirror, or undefined when the mirror lacks the tag. */
export function tagCommit(dir: string, tag: string): string | undefined {
  try {
    return git(dir, 'rev-parse', `${tag}^{commit}`).trim();
  } catch {
    return undefined;
  }
}

/** Reads one input from the local locations (and the network when allowed); undefined when unreachable. */
export async function readInput(input: UpstreamInput, at: InputLocations): Promise<ReadInput | undefined> {
  if (input.file) {
    for (const dir of at.from) {
      const file = path.join(dir, input.file);
      if (fs.existsSync(file)) return { files: [{ name: input.file, text: fs.readFileSync(file, 'utf8') }] };
    }
  }
  if (input.path) {
    const dir = mirrorDir(at.mirrors, input.repo);
    const commit = dir && tagCommit(dir, input.tag);
    if (dir && commit) {
      const names = input.path.endsWith('/')
        ? git(dir, 'ls-tree', '-r', '--name-only', commit, input.path).split('\n').filter((n) => /\.ya?ml$/.test(n)).sort()
        : [input.path];
      return { commit, files: names.map((n) => ({ name: n, text: git(dir, 'show', `${commit}:${n}`) })) };
    }
  }
  if (at.network) {
    const res = await fetch(input.url);
    if (!res.ok) throw new Error(`${input.url}: HTTP ${res.status}`);
    return { files: [{ name: input.url, text: await res.text() }] };
  }
  return undefined;
}

/** `owner/name@tag:path` or the URL: how a report names an input. */
export function describeInput(input: UpstreamInput): string {
  const where = [input.file && `${input.file} (--from)`, input.path && `${input.repo}@${input.tag}:${input.path}`, input.url].filter(Boolean);
  return where.join(' | ');
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The pin of the versions module under `key`; undefined when the module no longer has it (a component replaced). */
export function pinned(key: string): string | undefined {
  const value = (versions as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}
