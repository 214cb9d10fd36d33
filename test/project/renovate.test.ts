/**
 * renovate.json: Renovate needs a newer Node than this project's, so its regex managers are
 * applied here the way Renovate applies them (customManagers[].managerFilePatterns or fileMatch
 * select files; each matchStrings regex runs globally over the whole file; named groups or
 * `*Template` fields give depName, datasource, currentValue), and every match is compared with
 * the pins of the versions module, found independently by parsing versions.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { imageTag, pinnedComponents } from '../../clusters/model/support';

const ROOT = path.resolve(__dirname, '..', '..');
const VERSIONS_FILE = 'clusters/model/versions.ts';

interface CustomManager {
  readonly customType: string;
  readonly managerFilePatterns?: string[];
  readonly fileMatch?: string[];
  readonly matchStrings: string[];
  readonly matchStringsStrategy?: string;
  readonly [template: string]: unknown;
}

const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'renovate.json'), 'utf8')) as { customManagers: CustomManager[]; enabledManagers?: string[] };

/** Renovate's managerFilePatterns: `/regex/flags` is a regular expression, anything else a glob. */
function fileSelector(pattern: string): (file: string) => boolean {
  const re = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (re) {
    const r = new RegExp(re[1], re[2]);
    return (f) => r.test(f);
  }
  const tokens: Record<string, string> = { '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' };
  const body = pattern.split(/(\*\*\/|\*\*|\*|\?)/).map((part) => tokens[part] ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('');
  const glob = new RegExp(`^${body}$`);
  return (f) => glob.test(f);
}

function repositoryFiles(dir = ROOT, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!['node_modules', '.git', 'dist', 'build'].includes(e.name)) out.push(...repositoryFiles(dir, r));
    } else out.push(r);
  }
  return out;
}

interface Dependency {
  readonly file: string;
  readonly manager: number;
  readonly depName?: string;
  readonly packageName?: string;
  readonly datasource?: string;
  readonly registryUrl?: string;
  readonly currentValue: string;
  /** Offset of currentValue in the file. */
  readonly at: number;
}

/** Renders a `*Template` field: literal text, or `{{group}}` / `{{{group}}}` substitution. */
const render = (template: unknown, groups: Record<string, string | undefined>): string | undefined =>
  typeof template === 'string' ? template.replace(/\{\{\{?\s*(\w+)\s*\}?\}\}/g, (_, g: string) => groups[g] ?? '') : undefined;

function extract(files: readonly string[]): Dependency[] {
  const deps: Dependency[] = [];
  config.customManagers.forEach((m, index) => {
    const selectors = (m.managerFilePatterns ?? m.fileMatch?.map((f) => `/${f}/`) ?? []).map(fileSelector);
    for (const file of files.filter((f) => selectors.some((s) => s(f)))) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const source of m.matchStrings) {
        for (const match of text.matchAll(new RegExp(source, 'gd'))) {
          const g = match.groups ?? {};
          const indices = (match as RegExpMatchArray & { indices: { groups: Record<string, [number, number]> } }).indices.groups;
          deps.push({
            file,
            manager: index,
            depName: g.depName ?? render(m.depNameTemplate, g),
            packageName: g.packageName ?? render(m.packageNameTemplate, g),
            datasource: g.datasource ?? render(m.datasourceTemplate, g),
            registryUrl: g.registryUrl ?? render(m.registryUrlTemplate, g),
            currentValue: g.currentValue,
            at: indices.currentValue[0],
          });
        }
      }
    }
  });
  return deps;
}

interface PinLiteral {
  readonly name: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** The literal values of `versions` and `images` in versions.ts, with their offsets (TypeScript's parser, not a regex). */
function pinLiterals(): PinLiteral[] {
  const text = fs.readFileSync(path.join(ROOT, VERSIONS_FILE), 'utf8');
  const sf = ts.createSourceFile(VERSIONS_FILE, text, ts.ScriptTarget.ES2022, true);
  const out: PinLiteral[] = [];
  sf.forEachChild((stmt) => {
    if (!ts.isVariableStatement(stmt)) return;
    for (const decl of stmt.declarationList.declarations) {
      const group = decl.name.getText(sf);
      if (group !== 'versions' && group !== 'images') continue;
      let init = decl.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
      if (!init || !ts.isObjectLiteralExpression(init)) throw new Error(`${group} is not an object literal`);
      for (const p of init.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const v = p.initializer;
        // A template with substitutions (`…:${versions.keycloak}`) holds no version of its own.
        if (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v) || ts.isNumericLiteral(v)) {
          out.push({ name: `${group}.${p.name.getText(sf)}`, value: v.text, start: v.getStart(sf), end: v.getEnd() });
        }
      }
    }
  });
  return out;
}

const KNOWN_DATASOURCES = ['docker', 'github-releases', 'github-tags', 'helm'];
const MANAGER_KEYS = [
  'customType', 'description', 'managerFilePatterns', 'fileMatch', 'matchStrings', 'matchStringsStrategy', 'datasourceTemplate', 'depNameTemplate',
  'packageNameTemplate', 'versioningTemplate', 'registryUrlTemplate', 'extractVersionTemplate', 'depTypeTemplate', 'currentValueTemplate', 'autoReplaceStringTemplate',
];

describe('renovate.json', () => {
  const files = repositoryFiles();
  const deps = extract(files);
  const literals = pinLiterals();

  test('its custom managers are regex managers with only keys Renovate knows, and they are enabled', () => {
    expect(config.enabledManagers ?? ['custom.regex']).toContain('custom.regex');
    for (const m of config.customManagers) {
      expect(m.customType).toBe('regex');
      expect(Object.keys(m).filter((k) => !MANAGER_KEYS.includes(k))).toEqual([]);
      expect(m.matchStrings.length).toBeGreaterThan(0);
    }
  });

  test('the pins found by parsing versions.ts are the pins of the support table', () => {
    const fromSource = literals.filter((l) => !(l.name.startsWith('images.') && literals.some((v) => v.name === `versions.${l.name.slice(7)}` && v.value === imageTag(l.value))));
    expect(fromSource.map((l) => l.name).sort()).toEqual(pinnedComponents().map((p) => p.name).sort());
  });

  test('each pin of the versions module is matched exactly once, with its version, a datasource and a package', () => {
    const problems: string[] = [];
    for (const pin of pinnedComponents()) {
      const literal = literals.find((l) => l.name === pin.name);
      if (!literal) {
        problems.push(`${pin.name}: not a literal in ${VERSIONS_FILE}`);
        continue;
      }
      const hits = deps.filter((d) => d.file === VERSIONS_FILE && d.at >= literal.start && d.at < literal.end);
      if (hits.length !== 1) {
        problems.push(`${pin.name} (${pin.version}): matched ${hits.length} times by renovate.json customManagers ${JSON.stringify(hits.map((h) => h.manager))}; add or fix a regex manager for it`);
        continue;
      }
      const [d] = hits;
      if (d.currentValue !== pin.version) problems.push(`${pin.name}: currentValue "${d.currentValue}" is not the pinned "${pin.version}"`);
      if (!d.datasource || !KNOWN_DATASOURCES.includes(d.datasource)) problems.push(`${pin.name}: datasource "${d.datasource}"`);
      if (!d.depName && !d.packageName) problems.push(`${pin.name}: no depName or packageName`);
      if (d.datasource === 'helm' && !/^https:\/\//.test(d.registryUrl ?? '')) problems.push(`${pin.name}: a helm dependency needs its repository URL`);
      if (pin.name.startsWith('images.') && `${d.depName}:${d.currentValue}` !== literal.value) problems.push(`${pin.name}: depName:currentValue "${d.depName}:${d.currentValue}" is not the image "${literal.value}"`);
    }
    expect(problems).toEqual([]);
  });

  test('no manager matches anything that is not a pin', () => {
    const stray = deps.filter((d) => !(d.file === VERSIONS_FILE && literals.some((l) => d.at >= l.start && d.at < l.end)));
    expect(stray.map((d) => `${d.file}@${d.at}: manager ${d.manager} matched "${d.currentValue}"`)).toEqual([]);
  });

  test('the helm managers name the repositories the charts are installed from', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { helmRepositories } = require('../../clusters/model/versions') as { helmRepositories: Record<string, string> };
    for (const d of deps.filter((x) => x.datasource === 'helm')) expect(Object.values(helmRepositories)).toContain(d.registryUrl);
  });

  test('extractVersionTemplate turns upstream tag names into the form of the pin', () => {
    const extractFor = (pin: string) => {
      const d = deps.find((x) => literals.some((l) => l.name === pin && x.at >= l.start && x.at < l.end));
      const m = d && (config.customManagers[d.manager].extractVersionTemplate as string | undefined);
      return (tag: string) => (m ? new RegExp(m).exec(tag)?.groups?.version : tag);
    };
    // Kubespray's tags are vX.Y.Z; the pin is the release vX.Y: only .0 tags count.
    expect(extractFor('versions.kubespray')('v2.31.0')).toBe('v2.31');
    expect(extractFor('versions.kubespray')('v2.31.1')).toBeUndefined();
    // ingress-nginx tags its controller releases controller-vX.Y.Z.
    if (literals.some((l) => l.name === 'versions.ingressNginx')) expect(extractFor('versions.ingressNginx')('controller-v1.15.1')).toBe('v1.15.1');
  });

  /** A release URL or an image reference with a literal version: a pin outside the versions module. */
  const LITERAL_PIN = /(?:releases\/download|raw\.githubusercontent\.com\/[^/\s]+\/[^/\s]+|\/archive\/refs\/tags|[?&]ref=)\/?v?\d+\.\d+\.\d+|['"`](?:[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d+)?\/)?[a-z0-9._-]+(?:\/[a-z0-9._-]+)*:v?\d+\.\d+[\w.+-]*['"`]/g;

  test('no generator source pins a version of its own: every release URL and image tag comes from the versions module', () => {
    const sources = files.filter((f) => /^(charts|synth|inventory-gen|fcc-gen|clusters|topology-gen)\/.*\.ts$/.test(f) || f === 'main.ts');
    const own = ['clusters/model/versions.ts', 'clusters/model/support.ts'];
    const found = sources
      .filter((f) => !own.includes(f))
      .flatMap((f) => [...fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(LITERAL_PIN)].map((m) => `${f}: ${m[0]}`));
    expect(found).toEqual([]);
    // The pattern catches what it is meant to catch.
    const samples = [
      "'https://github.com/x/y/releases/download/v1.2.3/a.yaml'",
      '`https://raw.githubusercontent.com/rook/rook/v1.20.6/deploy/examples/crds.yaml`',
      "'github.com/CrunchyData/postgres-operator//config/default?ref=v5.8.9'",
      "'quay.io/ceph/ceph:v20.2.4'",
      "'sonatype/nexus3:3.95.2'",
      "'localhost:5000/app:1.0'",
    ];
    expect(samples.map((x) => (x.match(LITERAL_PIN) ?? []).length)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(["`quay.io/keycloak/keycloak:${versions.keycloak}`", "'app.kubernetes.io/name'", "'10.233.0.15'", "'1.35'"].map((x) => (x.match(LITERAL_PIN) ?? []).length)).toEqual([0, 0, 0, 0]);
  });

  test('a regex versioning of a package rule or manager reads the current value of the pins it governs', () => {
    const rules = (JSON.parse(fs.readFileSync(path.join(ROOT, 'renovate.json'), 'utf8')).packageRules ?? []) as Array<{ matchPackageNames?: string[]; versioning?: string }>;
    const checked: string[] = [];
    for (const d of deps) {
      const versionings = [
        ...rules.filter((r) => r.versioning && r.matchPackageNames?.includes(d.depName ?? '')).map((r) => r.versioning!),
        ...[config.customManagers[d.manager].versioningTemplate as string | undefined].filter((v): v is string => Boolean(v)),
      ];
      for (const v of versionings.filter((x) => x.startsWith('regex:'))) {
        expect([d.depName, new RegExp(v.slice('regex:'.length)).test(d.currentValue)]).toEqual([d.depName, true]);
        checked.push(d.depName!);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['quay.io/poseidon/fleetlock', 'postgres']));
  });

  test('the matcher itself finds a pin added without a manager, and a stray match', () => {
    const text = "export const versions = {\n  certManager: 'v1.21.1',\n  newThing: 'v9.9.9',\n} as const;\n";
    const certManager = config.customManagers.find((m) => m.depNameTemplate === 'cert-manager/cert-manager');
    expect(certManager).toBeDefined();
    const matched = certManager!.matchStrings.flatMap((s) => [...text.matchAll(new RegExp(s, 'gd'))].map((m) => m.groups?.currentValue));
    expect(matched).toEqual(['v1.21.1']);
    expect(fileSelector('/^clusters/model/versions\\.ts$/')(VERSIONS_FILE)).toBe(true);
    expect(fileSelector('/^clusters/model/versions\\.ts$/')('clusters/model/versions.ts.bak')).toBe(false);
    expect(fileSelector('charts/**/*.ts')('charts/lib/x.ts')).toBe(true);
  });
});
