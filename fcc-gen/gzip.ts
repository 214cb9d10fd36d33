/**
 * gzip as Butane's Go runtime writes it: `gzip.NewWriterLevel(BestCompression)`, no name, no
 * modification time, header bytes `1f 8b 08 00 00000000 02 ff`.
 */
import { gzipSync } from 'zlib';

const GO_GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff]);

export function gzipLikeGo(bytes: Uint8Array): Buffer {
  const z = gzipSync(bytes, { level: 9 });
  return Buffer.concat([GO_GZIP_HEADER, z.subarray(GO_GZIP_HEADER.length)]);
}
