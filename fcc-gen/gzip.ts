/**
 * gzip as Butane writes it: Go's `gzip.NewWriterLevel(w, gzip.BestCompression)`, one Write,
 * Close. Header `1f 8b 08 00 00000000 02 ff` (no name, no time, XFL 2 = best, OS unknown), Go's
 * deflate stream, CRC-32 and size little-endian.
 */
import { crc32 } from 'zlib';
import { goDeflateBestCompression } from './go-deflate';

const GO_GZIP_HEADER = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff];

export function gzipLikeGo(bytes: Uint8Array): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(bytes) >>> 0, 0);
  trailer.writeUInt32LE(bytes.length >>> 0, 4);
  return Buffer.concat([Buffer.from(GO_GZIP_HEADER), goDeflateBestCompression(bytes), trailer]);
}
