/**
 * RFC 2397 data URLs as Butane makes them from inline contents (coreos/butane `base/util/url.go`
 * MakeDataURL, with `vincent-petithory/dataurl` v1.0.0 Escape): same encoding choice, same
 * escaping; gzip'd payloads are compressed by Node's zlib, so they equal Butane's in content.
 */
import { gunzipSync } from 'zlib';
import { gzipContents } from './gzip';

/** RFC 2396 unreserved characters: the only bytes dataurl.Escape leaves as they are. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]$/;

/** dataurl.Escape: every other byte (of the UTF-8 encoding) becomes `%XX`, upper-case hex. */
export function escapeDataUrlBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && UNRESERVED.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A data URL and the `compression` Ignition must apply to what it decodes to. */
export interface EncodedContents {
  readonly source: string;
  /** `"gzip"` when the gzip encoding won, else `""` (Butane writes the empty string explicitly). */
  readonly compression: '' | 'gzip';
}

/**
 * Butane's choice among three encodings of inline contents, the shortest winning:
 * `data:,<escaped>`; `data:;base64,<base64>` when strictly shorter; and
 * `data:;base64,<base64 of gzip -9 (Node's zlib)>` with `compression: gzip` when it is shorter by more than
 * the 4 characters `"gzip"` costs. (Butane's `--no-resource-auto-compression` is not used.)
 */
export function encodeInlineContents(text: string): EncodedContents {
  // Every node carries the same root CA: its compression is computed once.
  let encoded = encodedTexts.get(text);
  if (!encoded) {
    encoded = encodeContents(Buffer.from(text, 'utf8'));
    encodedTexts.set(text, encoded);
  }
  return encoded;
}

const encodedTexts = new Map<string, EncodedContents>();

/** The same choice for raw bytes (Butane's `local:` contents). */
export function encodeContents(bytes: Buffer): EncodedContents {
  let opaque = `,${escapeDataUrlBytes(bytes)}`;
  const b64 = `;base64,${bytes.toString('base64')}`;
  if (b64.length < opaque.length) opaque = b64;
  let compression: EncodedContents['compression'] = '';
  const gz = `;base64,${gzipContents(bytes).toString('base64')}`;
  if (gz.length + 'gzip'.length < opaque.length) {
    opaque = gz;
    compression = 'gzip';
  }
  return { source: `data:${opaque}`, compression };
}

/** What Ignition writes to disk for a data URL source (and its compression). */
export function decodeDataUrl(source: string, compression?: string): string {
  const m = /^data:([^,]*),(.*)$/s.exec(source);
  if (!m) throw new Error(`not a data URL: ${source.slice(0, 40)}`);
  const raw = m[1].endsWith(';base64') ? Buffer.from(m[2], 'base64') : Buffer.from(decodeURIComponentBytes(m[2]));
  const bytes = compression === 'gzip' ? gunzipSync(raw) : raw;
  return bytes.toString('utf8');
}

function decodeURIComponentBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error(`bad escape %${hex} in data URL`);
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(s.charCodeAt(i));
  }
  return Uint8Array.from(out);
}
