/**
 * `npm run versions [-- --check] [--date YYYY-MM-DD]`: the support table of every pinned
 * component (clusters/model/support.ts). With `--check`, exits 1 naming every component past
 * its end of support on the date (default: today, UTC), or whose support entry is missing.
 */
import { describeEnd, isIsoDay, isoDay, pastSupport, pastSupportLines, pinSupport, supportTableProblems } from '../clusters/model/support';

const USAGE = 'usage: versions [--check] [--date YYYY-MM-DD]';

export interface VersionsOptions {
  readonly check: boolean;
  /** Day the support is judged on, YYYY-MM-DD. */
  readonly date: string;
}

export function parseVersionsArgs(argv: readonly string[], today: string): VersionsOptions {
  let check = false;
  let date = today;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--date' || arg.startsWith('--date=')) {
      const value = arg === '--date' ? argv[++i] : arg.slice('--date='.length);
      if (value === undefined || !isIsoDay(value)) throw new Error(`--date needs a day written YYYY-MM-DD, got ${value === undefined ? 'nothing' : JSON.stringify(value)}; ${USAGE}`);
      date = value;
    } else throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  return { check, date };
}

/** The table as aligned text columns, one row per pin. */
export function renderSupportTable(date: string): string[] {
  const header = ['pin', 'version', 'end of support', `on ${date}`, 'component', 'installed from', 'source (as of)'];
  const rows = pinSupport().map((p) => [
    p.name,
    p.version,
    describeEnd(p.status),
    pastSupport(p.status, date) ? 'PAST SUPPORT' : 'supported',
    p.status.component,
    p.status.installedFrom,
    `${p.status.source} (${p.status.asOf})`,
  ]);
  const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Runs the command; returns the exit code and the lines for stdout and stderr. */
export function runVersions(argv: readonly string[], today = isoDay(new Date())): { code: number; out: string[]; err: string[] } {
  let options: VersionsOptions;
  try {
    options = parseVersionsArgs(argv, today);
  } catch (e) {
    return { code: 2, out: [], err: [(e as Error).message] };
  }
  const out = renderSupportTable(options.date);
  const problems = supportTableProblems();
  const past = pastSupportLines(options.date);
  const err = [...problems];
  if (!options.check) return { code: problems.length ? 1 : 0, out, err };
  err.push(...past);
  if (err.length === 0) out.push(`every pinned component is supported on ${options.date}`);
  else err.push(`${past.length} component${past.length === 1 ? '' : 's'} past support on ${options.date}${problems.length ? `, ${problems.length} support-table problem${problems.length === 1 ? '' : 's'}` : ''}`);
  return { code: err.length ? 1 : 0, out, err };
}

export function main(argv: readonly string[]): number {
  const { code, out, err } = runVersions(argv);
  for (const l of out) console.log(l);
  for (const l of err) console.error(l);
  return code;
}
