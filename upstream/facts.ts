/**
 * The committed upstream facts, as the product reads them at run time: the types of
 * `upstream/bundles/*.json` (what each pinned operator bundle creates) and
 * `upstream/charts/*.json` (each pinned Helm chart's defaults, reads and images), their file
 * names and their readers. `npm run derive-upstream` (scripts/upstream/) writes these files;
 * images-gen, the tests and the scripts read them through this module.
 *
 * A leaf (it imports nothing of the project but the leaf output/), so that every layer may read the facts; the
 * architecture rules check it (`.dependency-cruiser.cjs`, docs/architecture.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../output/project-root';

/** `upstream/` of the project (also when running from build/, which holds no copy of the facts). */
export const UPSTREAM_DIR = path.join(PROJECT_ROOT, 'upstream');
export const BUNDLE_FACTS_DIR = path.join(UPSTREAM_DIR, 'bundles');
export const CHART_FACTS_DIR = path.join(UPSTREAM_DIR, 'charts');

/** One object a bundle creates. */
export interface BundleObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Containers of a workload (pod template), init containers marked. */
  readonly containers?: ReadonlyArray<{ name: string; image: string; init?: true }>;
  /** Images an operator runs for its custom resources, named by its containers' env (`RELATED_IMAGE_…`). */
  readonly envImages?: ReadonlyArray<{ name: string; image: string }>;
  /** Keys of a ConfigMap's `data`. */
  readonly dataKeys?: readonly string[];
  /** Webhooks of a (Validating|Mutating)WebhookConfiguration, with the Service each calls. */
  readonly webhooks?: ReadonlyArray<{ name: string; service?: string }>;
}

export interface BundleResourceFacts {
  readonly url: string;
  /** `owner/name@tag:path…` or `unavailable: why`. */
  readonly derivedFrom: string;
  readonly commit?: string;
  readonly sha256?: readonly string[];
  readonly note?: string;
  readonly objects?: readonly BundleObject[];
}

export interface BundleFacts {
  readonly generatedBy: string;
  readonly name: string;
  readonly release: string;
  readonly versionKey: string;
  readonly resources: readonly BundleResourceFacts[];
}

export type DefaultValue = string | number | boolean | null | Record<string, never> | { $list: number };

export interface ChartFacts {
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  /** `owner/name@tag:dir`. */
  readonly from: string;
  readonly commit: string;
  /** sha256 of values.yaml. */
  readonly valuesSha256: string;
  readonly values: Record<string, DefaultValue>;
  readonly reads: readonly string[];
  /** Reads handed over whole to the objects (`toYaml`): any key below them is passed on. */
  readonly passThrough: readonly string[];
  readonly schema?: unknown;
  readonly images: ReadonlyArray<{ path: string; image: string }>;
  readonly dependencies: ReadonlyArray<{ name: string; alias?: string; condition?: string; version: string; facts?: ChartFacts; unavailable?: string }>;
}

export interface ChartFactsFile {
  readonly generatedBy: string;
  readonly repository: string;
  readonly chart: string;
  readonly release: string;
  readonly versionKey: string;
  readonly facts?: ChartFacts;
  readonly unavailable?: string;
}

/** JSON pointer of key segments. */
export const pointer = (segments: readonly string[]) => segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** File name of a bundle's facts in `upstream/bundles/`. */
export const bundleFile = (name: string) => `${name}.json`;
/** File name of a chart's facts in `upstream/charts/`. */
export const chartFile = (s: { repository: string; chart: string }) => `${s.repository}+${s.chart}.json`;

function readJson<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
}

/** The committed facts of an operator bundle (`upstream/bundles/<name>.json`), or undefined when none were derived. */
export const readBundleFacts = (name: string): BundleFacts | undefined => readJson(path.join(BUNDLE_FACTS_DIR, bundleFile(name)));

/** The committed facts of a Helm chart (`upstream/charts/<repository>+<chart>.json`), or undefined when none were derived. */
export const readChartFactsFile = (s: { repository: string; chart: string }): ChartFactsFile | undefined => readJson(path.join(CHART_FACTS_DIR, chartFile(s)));
