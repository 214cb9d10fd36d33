/**
 * Go's `compress/flate` at BestCompression (level 9), as in Go 1.7 to 1.25 — the compressor
 * Butane's gzip'd data URLs come from. zlib finds other matches and ends the stream differently
 * (Go closes with an empty final stored block), so the same bytes need the same algorithm:
 * lazy matching over 4-byte hash chains, then per block the cheapest of stored, fixed-Huffman and
 * dynamic-Huffman encodings with Go's length-limited code builder.
 *
 * Only single-shot inputs that fit Go's 64 KiB window are handled (no window sliding): inline
 * file contents of a node config are far smaller.
 */

const WINDOW_SIZE = 1 << 15;
const WINDOW_MASK = WINDOW_SIZE - 1;
const MIN_MATCH = 4;
const MAX_MATCH = 258;
const MAX_BLOCK_TOKENS = 1 << 14;
const MAX_STORE_BLOCK = 65535;
const HASH_BITS = 17;
const HASH_MUL = 0x1e35a7bd;
// Level 9: good 32, lazy 258, nice 258, chain 4096 (fastSkipHashing: never).
const GOOD = 32;
const LAZY = 258;
const NICE = 258;
const CHAIN = 4096;

const MAX_NUM_LIT = 286;
const OFFSET_CODE_COUNT = 30;
const END_BLOCK = 256;
const LENGTH_CODES_START = 257;
const BAD_CODE = 255;
const MAX_INT32 = 0x7fffffff;

const LENGTH_EXTRA_BITS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const LENGTH_BASE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255];
const OFFSET_EXTRA_BITS = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const OFFSET_BASE = OFFSET_EXTRA_BITS.reduce<number[]>((acc, _, i) => [...acc, i === 0 ? 0 : acc[i - 1] + (1 << OFFSET_EXTRA_BITS[i - 1])], []);
const CODEGEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** RFC 1951 length code (0-28) of a match length minus 3, offset code (0-29) of an offset minus 1. */
const lastBaseAtOrBelow = (bases: readonly number[], v: number) => bases.reduce((code, base, i) => (base <= v ? i : code), 0);
const LENGTH_CODE = Array.from({ length: 256 }, (_, len) => lastBaseAtOrBelow(LENGTH_BASE, len));
const offsetCode = (off: number) => lastBaseAtOrBelow(OFFSET_BASE, off);

/** A token: a literal byte (or the end-of-block marker), or a match of length-3 / offset-1. */
type Token = { readonly literal: number } | { readonly length: number; readonly offset: number };

interface HCode {
  code: number;
  len: number;
}

const reverseBits = (n: number, bits: number) => {
  let r = 0;
  for (let i = 0; i < bits; i++) r |= ((n >> i) & 1) << (bits - 1 - i);
  return r;
};

class HuffmanEncoder {
  readonly codes: HCode[];
  constructor(size: number) {
    this.codes = Array.from({ length: size }, () => ({ code: 0, len: 0 }));
  }

  bitLength(freq: readonly number[]): number {
    return freq.reduce((total, f, i) => (f !== 0 ? total + f * this.codes[i].len : total), 0);
  }

  /** Go's generate: package-merge style bit counts limited to maxBits, then canonical codes. */
  generate(freq: readonly number[], maxBits: number): void {
    const list: { literal: number; freq: number }[] = [];
    freq.forEach((f, i) => {
      if (f !== 0) list.push({ literal: i, freq: f });
      else this.codes[i].len = 0;
    });
    if (list.length <= 2) {
      list.forEach((node, i) => (this.codes[node.literal] = { code: i, len: 1 }));
      return;
    }
    list.sort((a, b) => (a.freq === b.freq ? a.literal - b.literal : a.freq - b.freq));
    this.assignEncodingAndSize(bitCounts(list, maxBits), list);
  }

  private assignEncodingAndSize(bitCount: readonly number[], sorted: readonly { literal: number }[]): void {
    let code = 0;
    let list = sorted;
    bitCount.forEach((bits, n) => {
      code <<= 1;
      if (n === 0 || bits === 0) return;
      const chunk = [...list.slice(list.length - bits)].sort((a, b) => a.literal - b.literal);
      for (const node of chunk) this.codes[node.literal] = { code: reverseBits(code++, n), len: n };
      list = list.slice(0, list.length - bits);
    });
  }
}

function bitCounts(sorted: readonly { freq: number }[], maxBitsIn: number): number[] {
  const n = sorted.length;
  const list = [...sorted.map((x) => x.freq), MAX_INT32];
  const maxBits = Math.min(maxBitsIn, n - 1);
  const levels = Array.from({ length: 17 }, (_, level) => ({ level, lastFreq: 0, nextCharFreq: 0, nextPairFreq: 0, needed: 0 }));
  const leafCounts = Array.from({ length: 17 }, () => new Array<number>(17).fill(0));
  for (let level = 1; level <= maxBits; level++) {
    Object.assign(levels[level], { lastFreq: list[1], nextCharFreq: list[2], nextPairFreq: level === 1 ? MAX_INT32 : (list[0] + list[1]) | 0, needed: 0 });
    leafCounts[level][level] = 2;
  }
  levels[maxBits].needed = 2 * n - 4;
  let level = maxBits;
  for (;;) {
    const l = levels[level];
    if (l.nextPairFreq === MAX_INT32 && l.nextCharFreq === MAX_INT32) {
      l.needed = 0;
      levels[level + 1].nextPairFreq = MAX_INT32;
      level++;
      continue;
    }
    const prevFreq = l.lastFreq;
    if (l.nextCharFreq < l.nextPairFreq) {
      const count = leafCounts[level][level] + 1;
      l.lastFreq = l.nextCharFreq;
      leafCounts[level][level] = count;
      l.nextCharFreq = list[count];
    } else {
      l.lastFreq = l.nextPairFreq;
      for (let i = 0; i < level; i++) leafCounts[level][i] = leafCounts[level - 1][i];
      levels[l.level - 1].needed = 2;
    }
    if (--l.needed === 0) {
      if (l.level === maxBits) break;
      levels[l.level + 1].nextPairFreq = (prevFreq + l.lastFreq) | 0;
      level++;
    } else {
      while (levels[level - 1].needed > 0) level--;
    }
  }
  if (leafCounts[maxBits][maxBits] !== n) throw new Error('go-deflate: inconsistent bit counts');
  const bitCount = new Array<number>(maxBits + 1).fill(0);
  let bits = 1;
  for (let lv = maxBits; lv > 0; lv--) bitCount[bits++] = leafCounts[maxBits][lv] - leafCounts[maxBits][lv - 1];
  return bitCount;
}

const FIXED_LITERAL = new HuffmanEncoder(MAX_NUM_LIT);
FIXED_LITERAL.codes.forEach((c, ch) => {
  const [bits, size] = ch < 144 ? [ch + 48, 8] : ch < 256 ? [ch + 400 - 144, 9] : ch < 280 ? [ch - 256, 7] : [ch + 192 - 280, 8];
  Object.assign(c, { code: reverseBits(bits, size), len: size });
});
const FIXED_OFFSET = new HuffmanEncoder(OFFSET_CODE_COUNT);
FIXED_OFFSET.codes.forEach((c, ch) => Object.assign(c, { code: reverseBits(ch, 5), len: 5 }));

/** LSB-first bit stream (Go batches 48 bits at a time; the bytes are the same). */
class BitWriter {
  readonly out: number[] = [];
  private bits = 0;
  private nbits = 0;

  writeBits(value: number, nb: number): void {
    for (let i = 0; i < nb; i++) {
      this.bits |= ((value >>> i) & 1) << this.nbits;
      if (++this.nbits === 8) {
        this.out.push(this.bits);
        this.bits = 0;
        this.nbits = 0;
      }
    }
  }

  writeCode(c: HCode): void {
    this.writeBits(c.code, c.len);
  }

  /** Pads to a byte boundary with zero bits. */
  flush(): void {
    if (this.nbits > 0) this.out.push(this.bits);
    this.bits = 0;
    this.nbits = 0;
  }

  writeBytes(bytes: Uint8Array): void {
    if (this.nbits !== 0) throw new Error('go-deflate: writeBytes with unfinished bits');
    this.out.push(...bytes);
  }

  writeStoredHeader(length: number, eof: boolean): void {
    this.writeBits(eof ? 1 : 0, 3);
    this.flush();
    this.writeBits(length, 16);
    this.writeBits(~length & 0xffff, 16);
  }
}

class HuffmanBlockWriter {
  readonly w = new BitWriter();
  private readonly literalFreq = new Array<number>(MAX_NUM_LIT).fill(0);
  private readonly offsetFreq = new Array<number>(OFFSET_CODE_COUNT).fill(0);
  private readonly codegenFreq = new Array<number>(19).fill(0);
  private codegen: number[] = [];
  private readonly literalEncoding = new HuffmanEncoder(MAX_NUM_LIT);
  private readonly offsetEncoding = new HuffmanEncoder(OFFSET_CODE_COUNT);
  private readonly codegenEncoding = new HuffmanEncoder(19);

  writeBlock(blockTokens: readonly Token[], eof: boolean, input: Uint8Array | undefined): void {
    const tokens: Token[] = [...blockTokens, { literal: END_BLOCK }];
    const [numLiterals, numOffsets] = this.indexTokens(tokens);
    let extraBits = 0;
    const storable = input !== undefined && input.length <= MAX_STORE_BLOCK;
    const storedSize = storable ? (input.length + 5) * 8 : 0;
    if (storable) {
      for (let lc = LENGTH_CODES_START + 8; lc < numLiterals; lc++) extraBits += this.literalFreq[lc] * LENGTH_EXTRA_BITS[lc - LENGTH_CODES_START];
      for (let oc = 4; oc < numOffsets; oc++) extraBits += this.offsetFreq[oc] * OFFSET_EXTRA_BITS[oc];
    }
    let literalEncoding = FIXED_LITERAL;
    let offsetEncoding = FIXED_OFFSET;
    let size = 3 + FIXED_LITERAL.bitLength(this.literalFreq) + FIXED_OFFSET.bitLength(this.offsetFreq) + extraBits;
    this.generateCodegen(numLiterals, numOffsets);
    this.codegenEncoding.generate(this.codegenFreq, 7);
    const [dynamicSize, numCodegens] = this.dynamicSize(extraBits);
    if (dynamicSize < size) {
      size = dynamicSize;
      literalEncoding = this.literalEncoding;
      offsetEncoding = this.offsetEncoding;
    }
    if (storable && storedSize < size) {
      this.w.writeStoredHeader(input.length, eof);
      this.w.writeBytes(input);
      return;
    }
    if (literalEncoding === FIXED_LITERAL) this.w.writeBits(eof ? 3 : 2, 3);
    else this.writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
    this.writeTokens(tokens, literalEncoding.codes, offsetEncoding.codes);
  }

  private indexTokens(tokens: readonly Token[]): [number, number] {
    this.literalFreq.fill(0);
    this.offsetFreq.fill(0);
    for (const t of tokens) {
      if ('literal' in t) this.literalFreq[t.literal]++;
      else {
        this.literalFreq[LENGTH_CODES_START + LENGTH_CODE[t.length]]++;
        this.offsetFreq[offsetCode(t.offset)]++;
      }
    }
    let numLiterals = MAX_NUM_LIT;
    while (this.literalFreq[numLiterals - 1] === 0) numLiterals--;
    let numOffsets = OFFSET_CODE_COUNT;
    while (numOffsets > 0 && this.offsetFreq[numOffsets - 1] === 0) numOffsets--;
    if (numOffsets === 0) {
      this.offsetFreq[0] = 1;
      numOffsets = 1;
    }
    this.literalEncoding.generate(this.literalFreq, 15);
    this.offsetEncoding.generate(this.offsetFreq, 15);
    return [numLiterals, numOffsets];
  }

  /** Run-length codes (16: repeat previous, 17/18: zeros) of the two code-length tables. */
  private generateCodegen(numLiterals: number, numOffsets: number): void {
    this.codegenFreq.fill(0);
    const lengths = [
      ...this.literalEncoding.codes.slice(0, numLiterals).map((c) => c.len),
      ...this.offsetEncoding.codes.slice(0, numOffsets).map((c) => c.len),
      BAD_CODE,
    ];
    const out: number[] = [];
    let size = lengths[0];
    let count = 1;
    for (let inIndex = 1; size !== BAD_CODE; inIndex++) {
      const nextSize = lengths[inIndex];
      if (nextSize === size) {
        count++;
        continue;
      }
      if (size !== 0) {
        out.push(size);
        this.codegenFreq[size]++;
        count--;
        while (count >= 3) {
          const n = Math.min(6, count);
          out.push(16, n - 3);
          this.codegenFreq[16]++;
          count -= n;
        }
      } else {
        while (count >= 11) {
          const n = Math.min(138, count);
          out.push(18, n - 11);
          this.codegenFreq[18]++;
          count -= n;
        }
        if (count >= 3) {
          out.push(17, count - 3);
          this.codegenFreq[17]++;
          count = 0;
        }
      }
      for (count--; count >= 0; count--) {
        out.push(size);
        this.codegenFreq[size]++;
      }
      size = nextSize;
      count = 1;
    }
    out.push(BAD_CODE);
    this.codegen = out;
  }

  private dynamicSize(extraBits: number): [number, number] {
    let numCodegens = this.codegenFreq.length;
    while (numCodegens > 4 && this.codegenFreq[CODEGEN_ORDER[numCodegens - 1]] === 0) numCodegens--;
    const header =
      3 + 5 + 5 + 4 + 3 * numCodegens + this.codegenEncoding.bitLength(this.codegenFreq) + this.codegenFreq[16] * 2 + this.codegenFreq[17] * 3 + this.codegenFreq[18] * 7;
    return [header + this.literalEncoding.bitLength(this.literalFreq) + this.offsetEncoding.bitLength(this.offsetFreq) + extraBits, numCodegens];
  }

  private writeDynamicHeader(numLiterals: number, numOffsets: number, numCodegens: number, eof: boolean): void {
    this.w.writeBits(eof ? 5 : 4, 3);
    this.w.writeBits(numLiterals - 257, 5);
    this.w.writeBits(numOffsets - 1, 5);
    this.w.writeBits(numCodegens - 4, 4);
    for (let i = 0; i < numCodegens; i++) this.w.writeBits(this.codegenEncoding.codes[CODEGEN_ORDER[i]].len, 3);
    for (let i = 0; ; ) {
      const codeWord = this.codegen[i++];
      if (codeWord === BAD_CODE) break;
      this.w.writeCode(this.codegenEncoding.codes[codeWord]);
      const extra = codeWord === 16 ? 2 : codeWord === 17 ? 3 : codeWord === 18 ? 7 : 0;
      if (extra) this.w.writeBits(this.codegen[i++], extra);
    }
  }

  private writeTokens(tokens: readonly Token[], leCodes: readonly HCode[], oeCodes: readonly HCode[]): void {
    for (const t of tokens) {
      if ('literal' in t) {
        this.w.writeCode(leCodes[t.literal]);
        continue;
      }
      const lc = LENGTH_CODE[t.length];
      this.w.writeCode(leCodes[lc + LENGTH_CODES_START]);
      if (LENGTH_EXTRA_BITS[lc] > 0) this.w.writeBits(t.length - LENGTH_BASE[lc], LENGTH_EXTRA_BITS[lc]);
      const oc = offsetCode(t.offset);
      this.w.writeCode(oeCodes[oc]);
      if (OFFSET_EXTRA_BITS[oc] > 0) this.w.writeBits(t.offset - OFFSET_BASE[oc], OFFSET_EXTRA_BITS[oc]);
    }
  }
}

const hash4 = (w: Uint8Array, i: number) => Math.imul(((w[i] << 24) | (w[i + 1] << 16) | (w[i + 2] << 8) | w[i + 3]) >>> 0, HASH_MUL) >>> (32 - HASH_BITS);

/** One `Write(data)` then `Close()` of a Go `flate.NewWriter(w, flate.BestCompression)`. */
export function goDeflateBestCompression(data: Uint8Array): Uint8Array {
  if (data.length > 2 * WINDOW_SIZE) throw new Error(`go-deflate: ${data.length} bytes is more than this port handles (${2 * WINDOW_SIZE})`);
  const window = Uint8Array.from(data);
  const windowEnd = window.length;
  const hashHead = new Uint32Array(1 << HASH_BITS);
  const hashPrev = new Uint32Array(WINDOW_SIZE);
  const hashOffset = 1;
  const bw = new HuffmanBlockWriter();
  let tokens: Token[] = [];
  let index = 0;
  let blockStart = 0;
  let byteAvailable = false;
  let length = MIN_MATCH - 1;
  let offset = 0;
  let chainHead = -1;
  const maxInsertIndex = windowEnd - (MIN_MATCH - 1);

  const writeBlock = (end: number) => {
    if (end > 0) {
      const input = blockStart <= end ? window.subarray(blockStart, end) : undefined;
      blockStart = end;
      bw.writeBlock(tokens, false, input);
    }
    tokens = [];
  };

  const findMatch = (pos: number, prevHead: number, lookahead: number): [number, number] | undefined => {
    const minMatchLook = Math.min(MAX_MATCH, lookahead);
    const winLen = pos + minMatchLook;
    const nice = Math.min(NICE, winLen - pos);
    let tries = CHAIN;
    let len = MIN_MATCH - 1;
    if (len >= GOOD) tries >>= 2;
    let found: [number, number] | undefined;
    let wEnd = window[pos + len];
    const minIndex = pos - WINDOW_SIZE;
    for (let i = prevHead; tries > 0; tries--) {
      if (wEnd === window[i + len]) {
        let n = 0;
        while (n < minMatchLook && window[i + n] === window[pos + n]) n++;
        if (n > len && (n > MIN_MATCH || pos - i <= 4096)) {
          len = n;
          found = [n, pos - i];
          if (n >= nice) break;
          wEnd = window[pos + n];
        }
      }
      if (i === minIndex) break;
      i = hashPrev[i & WINDOW_MASK] - hashOffset;
      if (i < minIndex || i < 0) break;
    }
    return found;
  };

  for (;;) {
    const lookahead = windowEnd - index;
    if (lookahead === 0) {
      if (byteAvailable) tokens.push({ literal: window[index - 1] });
      if (tokens.length > 0) writeBlock(index);
      break;
    }
    if (index < maxInsertIndex) {
      const h = hash4(window, index);
      chainHead = hashHead[h];
      hashPrev[index & WINDOW_MASK] = chainHead;
      hashHead[h] = index + hashOffset;
    }
    const prevLength = length;
    const prevOffset = offset;
    length = MIN_MATCH - 1;
    offset = 0;
    const minIndex = Math.max(0, index - WINDOW_SIZE);
    if (chainHead - hashOffset >= minIndex && lookahead > prevLength && prevLength < LAZY) {
      const m = findMatch(index, chainHead - hashOffset, lookahead);
      if (m) [length, offset] = m;
    }
    if (prevLength >= MIN_MATCH && length <= prevLength) {
      // The match that started at the previous byte wins (lazy matching).
      tokens.push({ length: prevLength - 3, offset: prevOffset - 1 });
      const newIndex = index + prevLength - 1;
      for (index++; index < newIndex; index++) {
        if (index < maxInsertIndex) {
          const h = hash4(window, index);
          hashPrev[index & WINDOW_MASK] = hashHead[h];
          hashHead[h] = index + hashOffset;
        }
      }
      byteAvailable = false;
      length = MIN_MATCH - 1;
      if (tokens.length === MAX_BLOCK_TOKENS) writeBlock(index);
    } else {
      if (byteAvailable) {
        tokens.push({ literal: window[index - 1] });
        if (tokens.length === MAX_BLOCK_TOKENS) writeBlock(index);
      }
      index++;
      byteAvailable = true;
    }
  }
  // Close(): an empty final stored block.
  bw.w.writeStoredHeader(0, true);
  bw.w.flush();
  return Uint8Array.from(bw.w.out);
}
