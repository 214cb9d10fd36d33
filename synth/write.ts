/**
 * Writes `dist/<cluster>/` safely:
 * - the new tree is built in a staging folder beside it and swapped in with renames, so a run
 *   that fails leaves the previous tree exactly as it was;
 * - files synth did not create (Kubespray's `inventory/credentials/`, `inventory/artifacts/`,
 *   anything an admin put there) are carried over into the new tree as hard links;
 * - what synth created is listed in `.synth-files.json`, so a file it no longer produces
 *   (a removed node's Ignition file) goes away and nothing else does.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { OutputFile } from './output';

export const CREATED_FILES_LIST = '.synth-files.json';

const PREVIOUS_SUFFIX = '.previous';

/** Paths (relative, `/`-separated) of every file and symlink below `dir`, and of its empty folders. */
function listTree(dir: string, prefix = ''): { files: string[]; emptyDirs: string[] } {
  const files: string[] = [];
  const emptyDirs: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.length === 0 && prefix) emptyDirs.push(prefix.slice(0, -1));
  for (const e of entries) {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory()) {
      const sub = listTree(path.join(dir, e.name), `${rel}/`);
      files.push(...sub.files);
      emptyDirs.push(...sub.emptyDirs);
    } else {
      files.push(rel);
    }
  }
  return { files, emptyDirs };
}

function readCreatedList(dir: string): Set<string> {
  try {
    const list = JSON.parse(fs.readFileSync(path.join(dir, CREATED_FILES_LIST), 'utf8')) as string[];
    return new Set(list);
  } catch {
    return new Set();
  }
}

function carryOver(from: string, to: string, rel: string): void {
  const src = path.join(from, rel);
  const dst = path.join(to, rel);
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  const st = fs.lstatSync(src);
  if (st.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(src), dst);
    return;
  }
  try {
    fs.linkSync(src, dst);
  } catch {
    fs.copyFileSync(src, dst);
    fs.chmodSync(dst, st.mode & 0o7777);
  }
}

/** A previous run that died between its two renames left `<target>.previous` alone: put it back. */
function recoverInterruptedSwap(target: string): void {
  const previous = target + PREVIOUS_SUFFIX;
  if (!fs.existsSync(target) && fs.existsSync(previous)) fs.renameSync(previous, target);
  else if (fs.existsSync(previous)) fs.rmSync(previous, { recursive: true, force: true });
}

export interface WriteResult {
  readonly written: number;
  readonly preserved: number;
}

/** Replaces `<distRoot>/<cluster>/` with `files`, keeping every file synth did not create. */
export function writeClusterOutput(distRoot: string, cluster: string, files: readonly OutputFile[]): WriteResult {
  fs.mkdirSync(distRoot, { recursive: true });
  const target = path.join(distRoot, cluster);
  recoverInterruptedSwap(target);
  const staging = path.join(distRoot, `.${cluster}.staging-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    fs.mkdirSync(staging);
    const ours = new Set<string>();
    for (const f of files) {
      const dst = path.join(staging, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(dst), { recursive: true });
      fs.writeFileSync(dst, f.content, { mode: f.mode ?? 0o644 });
      fs.chmodSync(dst, f.mode ?? 0o644);
      ours.add(f.path);
    }
    let preserved = 0;
    if (fs.existsSync(target)) {
      const created = readCreatedList(target);
      const tree = listTree(target);
      for (const rel of tree.files) {
        if (rel === CREATED_FILES_LIST || created.has(rel) || ours.has(rel)) continue;
        carryOver(target, staging, rel);
        preserved++;
      }
      for (const rel of tree.emptyDirs) fs.mkdirSync(path.join(staging, rel), { recursive: true });
    }
    const list = [...ours].sort();
    fs.writeFileSync(path.join(staging, CREATED_FILES_LIST), `${JSON.stringify(list, null, 1)}\n`);
    if (fs.existsSync(target)) {
      const previous = target + PREVIOUS_SUFFIX;
      fs.renameSync(target, previous);
      fs.renameSync(staging, target);
      fs.rmSync(previous, { recursive: true, force: true });
    } else {
      fs.renameSync(staging, target);
    }
    return { written: files.length, preserved };
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
