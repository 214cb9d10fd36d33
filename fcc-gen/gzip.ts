/**
 * gzip of inline contents, by Node's zlib at best compression (level 9, like Butane's
 * `gzip.BestCompression`). zlib writes no file name and a zero mtime for a buffer, so the
 * header is constant (`1f 8b 08 00 00000000 02 <OS>`) and the output deterministic for a
 * given Node/zlib. The bytes differ from Butane's (Go's deflate); what they decompress to
 * is the same, and that is what Ignition writes to disk.
 */
import { constants, gzipSync } from 'zlib';

export function gzipContents(bytes: Uint8Array): Buffer {
  return gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
}
