/**
 * Generated line → source line, from a source map's `mappings` (Source Map v3, base64 VLQ), so that
 * an error thrown by a transpiled spec is reported at its line in `clusters/<name>.ts`.
 */
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The numbers of one VLQ segment. */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = BASE64.indexOf(ch);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** For each generated line (0-based index), the first source line (1-based) it maps to. */
export function generatedToSourceLines(mappings: string): Array<number | undefined> {
  const lines: Array<number | undefined> = [];
  let sourceLine = 0;
  for (const generated of mappings.split(';')) {
    let first: number | undefined;
    for (const segment of generated.split(',').filter(Boolean)) {
      const v = decodeSegment(segment);
      if (v.length >= 4) {
        sourceLine += v[2];
        first ??= sourceLine + 1;
      }
    }
    lines.push(first);
  }
  return lines;
}
