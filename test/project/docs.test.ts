/**
 * The documentation as a newcomer meets it: README.md is a front door (at most 15 KB), every
 * relative link of README.md and docs/ leads to a file that exists (and, for a `#fragment` into a
 * Markdown file, to one of its headings, slugged as GitHub slugs them), and sections are named by
 * subject, never by the delivery that brought them ("Charts II", "issue 16 item 3").
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const README_MAX_BYTES = 15_000;

/** Markdown files of the project's documentation: README.md and everything under docs/. */
function docFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []));
  return [path.join(ROOT, 'README.md'), ...walk(path.join(ROOT, 'docs'))];
}

/** The lines of a Markdown text outside fenced code blocks, with their line numbers. */
function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((l, i) => {
    const m = /^\s*(```+|~~~+)/.exec(l);
    if (m) {
      if (!fence) fence = m[1][0];
      else if (m[1][0] === fence) fence = undefined;
      return;
    }
    if (!fence) out.push({ line: i + 1, text: l });
  });
  return out;
}

/** Headings (`#` … `######`) outside code blocks. */
export function headings(text: string): { line: number; level: number; title: string }[] {
  return proseLines(text).flatMap(({ line, text: l }) => {
    const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(l);
    return m ? [{ line, level: m[1].length, title: m[2] }] : [];
  });
}

/** Link targets `[text](target)` and `![alt](target)` of the prose, inline code spans removed. */
export function linkTargets(text: string): { line: number; target: string }[] {
  return proseLines(text).flatMap(({ line, text: l }) =>
    [...l.replace(/`[^`]*`/g, '').matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({ line, target: m[1] })),
  );
}

/** GitHub's anchor of a heading: inline Markdown dropped, lower case, punctuation removed, spaces → '-'. */
export function slug(title: string): string {
  return title
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/** Anchors of a Markdown text, repeated headings numbered as GitHub numbers them (`x`, `x-1`…). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of headings(text)) {
    const base = slug(h.title);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Problems of the relative links of one file: missing target file, or missing heading. */
export function brokenLinks(file: string, text: string, read: (f: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const { line, target } of linkTargets(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:…: not a file of the repository
    const [rawPath, fragment] = target.split('#', 2);
    const targetFile = rawPath === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(rawPath));
    const where = `${path.relative(ROOT, file)}:${line}: ${target}`;
    const content = read(targetFile);
    if (content === undefined) {
      problems.push(`${where}: no such file ${path.relative(ROOT, targetFile)}`);
      continue;
    }
    if (fragment && targetFile.endsWith('.md') && !anchors(content).has(fragment)) problems.push(`${where}: no heading with anchor #${fragment}`);
  }
  return problems;
}

/** A heading named after a delivery instead of its subject: "Charts II", "Platform charts I", "issue 16 item 3". */
const ROMAN_NUMBER = /\b(?:I{1,3}|IV)\b/; // "Charts I", "Platform charts II"
const DELIVERY_NUMBER = /\b(?:issue|item|delivery|milestone|sprint)\s*#?\d+/i; // "issue 16 item 3"
const deliveryHeading = (title: string) => {
  const prose = title.replace(/`[^`]*`/g, '');
  return ROMAN_NUMBER.test(prose) || DELIVERY_NUMBER.test(prose);
};

function readIfFile(f: string): string | undefined {
  if (!fs.existsSync(f)) return undefined;
  return fs.statSync(f).isDirectory() ? '' : fs.readFileSync(f, 'utf8');
}

describe('the documentation', () => {
  test(`README.md is a front door of at most ${README_MAX_BYTES} bytes`, () => {
    expect(fs.statSync(path.join(ROOT, 'README.md')).size).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  test('every relative link of README.md and docs/ resolves to an existing file and heading', () => {
    const files = docFiles();
    expect(files.length).toBeGreaterThan(10);
    const links = files.flatMap((f) => linkTargets(fs.readFileSync(f, 'utf8')));
    expect(links.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => brokenLinks(f, fs.readFileSync(f, 'utf8'), readIfFile))).toEqual([]);
  });

  test('every page of docs/ is reachable from README.md or the docs/ index', () => {
    const linked = new Set<string>();
    for (const f of [path.join(ROOT, 'README.md'), path.join(ROOT, 'docs', 'README.md')]) {
      for (const { target } of linkTargets(fs.readFileSync(f, 'utf8'))) {
        if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) linked.add(path.resolve(path.dirname(f), target.split('#')[0]));
      }
    }
    const pages = docFiles().filter((f) => f.startsWith(path.join(ROOT, 'docs') + path.sep) && path.basename(f) !== 'README.md');
    expect(pages.filter((p) => !linked.has(p)).map((p) => path.relative(ROOT, p))).toEqual([]);
  });

  test('no heading is named after a delivery', () => {
    const named = docFiles().flatMap((f) =>
      headings(fs.readFileSync(f, 'utf8'))
        .filter((h) => deliveryHeading(h.title))
        .map((h) => `${path.relative(ROOT, f)}:${h.line}: ${h.title}`),
    );
    expect(named).toEqual([]);
  });
});

describe('the documentation checks can fail', () => {
  const file = path.join(ROOT, 'docs', 'example.md');
  const pages: Record<string, string> = {
    [path.join(ROOT, 'docs', 'deploy.md')]: '# Deploying\n\n## The Secret check\n\n## Nexus 3.85.0 → 3.95.2, Keycloak\n\n## Secret\n\n## Secret\n',
    [path.join(ROOT, 'README.md')]: '# Title\n',
  };
  const read = (f: string) => pages[f];

  test('a link to a missing file or heading is reported; code is not read as a link', () => {
    const text = [
      'See [deploy](deploy.md), [the check](deploy.md#the-secret-check), [nexus](deploy.md#nexus-3850--3952-keycloak),',
      '[the second](deploy.md#secret-1), [home](../README.md), [web](https://example.org/x.md).',
      'Broken: [gone](gone.md), [no heading](deploy.md#order-of-the-steps).',
      '`[not a link](nowhere.md)`',
      '```',
      '[not a link either](nowhere.md)',
      '```',
    ].join('\n');
    expect(brokenLinks(file, text, read)).toEqual([
      'docs/example.md:3: gone.md: no such file docs/gone.md',
      'docs/example.md:3: deploy.md#order-of-the-steps: no heading with anchor #order-of-the-steps',
    ]);
  });

  test('GitHub anchors: inline code and punctuation dropped, repeated headings numbered', () => {
    expect(slug('What `dist/<cluster>/` holds, and what consumes it')).toBe('what-distcluster-holds-and-what-consumes-it');
    expect(slug('The admin-user token (opt-in, risky)')).toBe('the-admin-user-token-opt-in-risky');
    expect([...anchors('## A\n## A\n```\n## A\n```\n## B')]).toEqual(['a', 'a-1', 'b']);
  });

  test('delivery names in headings are found, subjects are not', () => {
    for (const t of ['Charts I', 'Platform charts II', 'Charts III', 'issue 16 item 3', 'Item 8', 'Issue #13']) expect({ t, delivery: deliveryHeading(t) }).toEqual({ t, delivery: true });
    for (const t of ['Identity: the Keycloak realm and OIDC', 'API versions and certificates', 'Kubespray releases before v2.31', 'Why Envoy Gateway', '`kubectl apply -f I`', 'CI and items'])
      expect({ t, delivery: deliveryHeading(t) }).toEqual({ t, delivery: false });
  });
});
