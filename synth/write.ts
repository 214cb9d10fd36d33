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
import type { OutputFile } from '../output/files';

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

/** Names of the copies a run leaves beside `dist/<cluster>/` while it writes. */
const stagingPrefix = (cluster: string) => `.${cluster}.staging-`;

/** Whether a process with that id is running (another synth still writing its staging copy). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The files of a leftover copy (staging or previous tree) that `target` does not also hold,
 * leaving out those the copy's own `.synth-files.json` lists: synth re-creates them, so only
 * files it carried over (Kubespray's `credentials/`, `artifacts/`, an admin's files) count.
 */
function onlyIn(copy: string, target: string): string[] {
  const created = readCreatedList(copy);
  return listTree(copy).files.filter((rel) => rel !== CREATED_FILES_LIST && !created.has(rel) && !fs.existsSync(path.join(target, rel)));
}

/**
 * Step 1 alone, for `clusters` (default: every `<name>.previous` in `distRoot`): synth runs it
 * first, before the specs load, so that a spec error in this run still leaves the previous tree usable.
 */
export function rollBackInterruptedSwaps(distRoot: string, clusters?: readonly string[]): string[] {
  if (!fs.existsSync(distRoot)) return [];
  const names = clusters ?? fs.readdirSync(distRoot).filter((n) => n.endsWith(PREVIOUS_SUFFIX) && !n.startsWith('.')).map((n) => n.slice(0, -PREVIOUS_SUFFIX.length));
  const notices: string[] = [];
  for (const cluster of names) {
    const target = path.join(distRoot, cluster);
    const previous = target + PREVIOUS_SUFFIX;
    if (!fs.existsSync(target) && fs.existsSync(previous)) {
      fs.renameSync(previous, target);
      notices.push(`${cluster}: a killed run had moved ${target}/ aside; it is back in place`);
    }
  }
  return notices;
}

/**
 * Before writing, finishes what a killed run left (kill -9, power loss):
 * 1. a swap cut between its two renames (`dist/<cluster>` missing, `<cluster>.previous` there)
 *    is rolled back: the previous tree is put back, whole, and this run rebuilds from it;
 * 2. a swap cut after both renames leaves `<cluster>.previous`: it goes away;
 * 3. staging copies `.<cluster>.staging-<pid>` of runs that are no longer running go away.
 * A leftover copy is deleted only when every file synth did not create in it also exists in
 * `dist/<cluster>`: it is never the only copy of Kubespray's `credentials/` or `artifacts/`.
 * Any other copy is kept, and named in the returned notices.
 */
export function recoverInterruptedRuns(distRoot: string, cluster: string): string[] {
  if (!fs.existsSync(distRoot)) return [];
  const notices = rollBackInterruptedSwaps(distRoot, [cluster]);
  const target = path.join(distRoot, cluster);
  const previous = target + PREVIOUS_SUFFIX;
  const leftovers = fs
    .readdirSync(distRoot)
    .filter((name) => name.startsWith(stagingPrefix(cluster)) && !isRunning(Number(name.slice(stagingPrefix(cluster).length).split('.')[0])))
    .map((name) => path.join(distRoot, name));
  if (fs.existsSync(previous)) leftovers.unshift(previous);
  for (const copy of leftovers) {
    const only = fs.existsSync(target) ? onlyIn(copy, target) : listTree(copy).files.filter((rel) => rel !== CREATED_FILES_LIST && !readCreatedList(copy).has(rel));
    if (only.length === 0) fs.rmSync(copy, { recursive: true, force: true });
    else notices.push(`${cluster}: kept ${copy}/ left by a killed run: it holds files ${target}/ does not (${only.slice(0, 5).join(', ')}${only.length > 5 ? ', …' : ''}); move what you need into ${target}/ and delete it`);
  }
  return notices;
}

export interface WriteResult {
  readonly written: number;
  readonly preserved: number;
  /** What was recovered from a killed run, and leftover copies kept because they hold files found nowhere else. */
  readonly notices: readonly string[];
}

/** Replaces `<distRoot>/<cluster>/` with `files`, keeping every file synth did not create. */
export function writeClusterOutput(distRoot: string, cluster: string, files: readonly OutputFile[]): WriteResult {
  fs.mkdirSync(distRoot, { recursive: true });
  const target = path.join(distRoot, cluster);
  const notices = recoverInterruptedRuns(distRoot, cluster);
  // A copy kept by recovery may carry this process id (ids repeat across containers): never reuse it.
  let staging = path.join(distRoot, `${stagingPrefix(cluster)}${process.pid}`);
  for (let n = 1; fs.existsSync(staging); n++) staging = path.join(distRoot, `${stagingPrefix(cluster)}${process.pid}.${n}`);
  try {
    fs.mkdirSync(staging);
    // The list of what this run creates goes first: a copy left by a kill says which of its files are synth's own.
    const ours = new Set(files.map((f) => f.path));
    fs.writeFileSync(path.join(staging, CREATED_FILES_LIST), `${JSON.stringify([...ours].sort(), null, 1)}\n`);
    for (const f of files) {
      const dst = path.join(staging, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(dst), { recursive: true });
      fs.writeFileSync(dst, f.content, { mode: f.mode ?? 0o644 });
      fs.chmodSync(dst, f.mode ?? 0o644);
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
    if (fs.existsSync(target)) {
      const previous = target + PREVIOUS_SUFFIX;
      fs.renameSync(target, previous);
      fs.renameSync(staging, target);
      fs.rmSync(previous, { recursive: true, force: true });
    } else {
      fs.renameSync(staging, target);
    }
    return { written: files.length, preserved, notices };
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
