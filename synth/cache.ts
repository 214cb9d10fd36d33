/**
 * A small on-disk memo in `build/.cache/` for work that is a pure function of its inputs and
 * slow to redo: parsing CRD files, compiling the core schemas, a validation verdict. Entries are
 * keyed by a hash of everything they depend on; a stale entry is never read, only left behind
 * (`rm -rf build/.cache` is always safe). `SYNTH_NO_CACHE=1` turns it off, `SYNTH_NO_CACHE=verdict,…`
 * turns off the kinds named (the benchmark's cold and after-an-edit runs).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../output/project-root';

export const CACHE_DIR = path.join(PROJECT_ROOT, 'build', '.cache');

export function cacheKey(...parts: ReadonlyArray<string | Buffer>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 24);
}

/** Identity of a file for a cache key: path, size and modification time (no need to read it). */
export function fileIdentity(file: string): string {
  const st = fs.statSync(file);
  return `${path.resolve(file)}:${st.size}:${st.mtimeMs}`;
}

export function cacheDisabled(kind: string): boolean {
  const off = process.env.SYNTH_NO_CACHE;
  return off === '1' || (off ?? '').split(',').includes(kind);
}

export function readCache<T>(kind: string, key: string): T | undefined {
  if (cacheDisabled(kind)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(CACHE_DIR, `${kind}-${key}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function writeCache(kind: string, key: string, value: unknown): void {
  if (cacheDisabled(kind)) return;
  writeCacheFile(cacheFile(kind, key, 'json'), JSON.stringify(value));
}

/** Path of a cache entry that is not JSON (generated code). */
export function cacheFile(kind: string, key: string, extension: string): string {
  return path.join(CACHE_DIR, `${kind}-${key}.${extension}`);
}

export function writeCacheFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file); // atomic: parallel test workers may write the same entry
}

/** `compute()`, or its remembered result for the same key. */
export function memo<T>(kind: string, key: string, compute: () => T): T {
  const hit = readCache<T>(kind, key);
  if (hit !== undefined) return hit;
  const value = compute();
  writeCache(kind, key, value);
  return value;
}
