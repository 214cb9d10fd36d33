import * as fs from 'fs';
import * as path from 'path';

/** Every file below `dir` with its text, keyed by relative path (sorted). */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}
