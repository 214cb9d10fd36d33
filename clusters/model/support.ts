/**
 * Support status of every pinned upstream component, as data: keyed by the same names as the
 * versions module (`versions.<key>`, `images.<key>`), each with the version it was assessed for,
 * where it is installed from, when its support ends and the upstream document that says so.
 *
 * The project cannot ask the internet whether a release is still supported, so the answer is
 * recorded here, with the date it was recorded (`asOf`). `npm run versions` prints it,
 * `npm run versions -- --check [--date D]` fails for what is past support on D, and synth warns.
 * A pin whose value changes without its entry being re-assessed fails the tests (the `version`
 * recorded here must equal the pin): bumping a pin means reading its support policy again.
 */
import { images, versions } from './versions';

/**
 * How the end of support is known.
 * - `date`: the upstream project published the date (an EOL table, a retirement notice).
 * - `estimated`: upstream ties the end to a later release ("until the release of 1.23");
 *   the date is that release's expected date from the published cadence, recorded in `rule`.
 * - `latest-release-only`: fixes ship only in the newest release. It cannot be checked offline,
 *   so the entry carries the date by which a maintainer must confirm again that the pin is
 *   still the newest release (`endOfSupport`); after it, `--check` reports the pin.
 */
export type SupportKind = 'date' | 'estimated' | 'latest-release-only';

export interface SupportStatus {
  /** The component as an admin knows it, e.g. `cert-manager`. */
  readonly component: string;
  /** The pinned version this entry was assessed for; must equal the pin. */
  readonly version: string;
  /** Where the cluster gets it from (release manifest, Helm repository, image registry, git). */
  readonly installedFrom: string;
  readonly kind: SupportKind;
  /**
   * First day the pin is no longer supported (YYYY-MM-DD, UTC). For `latest-release-only`,
   * the day by which the pin must have been confirmed again as the newest release.
   */
  readonly endOfSupport: string;
  /** The upstream policy in one sentence, and how the date follows from it. */
  readonly rule: string;
  /**
   * A newer release that replaces this one (fixes ship there only): the pin is past support from
   * `endOfSupport`, the day that release was known to exist at the latest.
   * @default - none known
   */
  readonly supersededBy?: string;
  /** URL of the upstream policy or release page the fact comes from. */
  readonly source: string;
  /** Day the fact was read (YYYY-MM-DD), and in what (a fetched snapshot at a tag, or the published page as known). */
  readonly asOf: string;
}

/** A pin of the versions module: `versions.<key>` or `images.<key>`, and its version. */
export interface Pin {
  readonly name: string;
  readonly version: string;
}

/** The tag of an image reference (`quay.io/ceph/ceph:v20.2.4` → `v20.2.4`). */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : '';
}

/**
 * Every pin of the versions module. An image whose tag is the `versions` entry of the same
 * name (`images.keycloak` is `…/keycloak:${versions.keycloak}`) is that pin, not a second one.
 * Butane and Ignition spec versions are formats, not software, and are not pins.
 */
export function pinnedComponents(): Pin[] {
  const pins: Pin[] = Object.entries(versions).map(([key, value]) => ({ name: `versions.${key}`, version: String(value) }));
  for (const [key, image] of Object.entries(images)) {
    const tag = imageTag(image);
    if ((versions as Record<string, unknown>)[key] !== undefined && String((versions as Record<string, unknown>)[key]) === tag) continue;
    pins.push({ name: `images.${key}`, version: tag });
  }
  return pins;
}

const AS_OF = '2026-11-29';
const SNAPSHOT = (what: string) => `${AS_OF}, from ${what}`;
/** Day by which the `latest-release-only` pins read on AS_OF must be confirmed again (AS_OF + 60 days). */
const REVIEW_BY = '2027-01-28';
const AS_KNOWN = `${AS_OF}, the published page as known (not re-read offline)`;

/** The support table, keyed by pin name. */
export const supportStatus: Readonly<Record<string, SupportStatus>> = {
  'versions.kubespray': {
    component: 'Kubespray',
    version: 'v2.31',
    installedFrom: 'git: github.com/kubernetes-sigs/kubespray, release-2.31 branch / v2.31.x tags',
    kind: 'date',
    endOfSupport: '2027-02-28',
    rule: 'a release is maintained while its milestone is open and is bound to its Kubernetes minor; v2.31 installs Kubernetes up to 1.35, whose upstream patch support ends 2027-02-28',
    source: 'https://github.com/kubernetes-sigs/kubespray/blob/v2.31.0/RELEASE.md ; https://kubernetes.io/releases/patch-releases/',
    asOf: SNAPSHOT('kubernetes-sigs/kubespray at v2.31.0 (RELEASE.md, kubelet_checksums up to 1.35.4)'),
  },
  'versions.certManager': {
    component: 'cert-manager',
    version: 'v1.21.1',
    installedFrom: 'https://github.com/cert-manager/cert-manager/releases (cert-manager.yaml)',
    kind: 'estimated',
    endOfSupport: '2027-03-01',
    rule: 'each release is supported until the release of the second next minor: 1.21 (2026-07-08) until 1.23; 1.22 is expected ~Nov 2026 and the cadence is ~4 months, so 1.23 ~Mar 2027',
    source: 'https://cert-manager.io/docs/releases/',
    asOf: SNAPSHOT('cert-manager/website content/docs/releases/README.md (snapshot 2026-08-22)'),
  },
  'versions.rook': {
    component: 'Rook',
    version: 'v1.20.6',
    installedFrom: 'https://raw.githubusercontent.com/rook/rook/<tag>/deploy/examples/ (crds, common, csi-operator, operator)',
    kind: 'estimated',
    endOfSupport: '2027-02-01',
    rule: 'the two most recent minors are maintained; 1.20 (2026-06-02) until 1.22 is out; a minor every ~4 months puts 1.22 ~Feb 2027',
    source: 'https://rook.io/docs/rook/latest/Getting-Started/maintenance-and-support/',
    asOf: SNAPSHOT('rook/rook at v1.20.6 (Documentation/Getting-Started/maintenance-and-support.md)'),
  },
  'versions.eck': {
    component: 'Elastic Cloud on Kubernetes (operator)',
    version: 'v3.5.0',
    installedFrom: 'https://download.elastic.co/downloads/eck/<version>/ (crds.yaml, operator.yaml)',
    kind: 'date',
    endOfSupport: '2028-01-24',
    rule: "Elastic's product EOL policy: a minor is supported 18 months after its GA; ECK 3.5.0 was tagged 2026-07-24",
    source: 'https://www.elastic.co/support/eol',
    asOf: SNAPSHOT('elastic/cloud-on-k8s tag v3.5.0 (2026-07-24); the EOL policy as known'),
  },
  'versions.jaeger': {
    component: 'Jaeger v2',
    version: '2.20.0',
    installedFrom: 'docker.io/jaegertracing/jaeger and jaegertracing/jaeger-es-index-cleaner (our Deployment and CronJob, charts/tracing.ts)',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'Jaeger ships fixes in its next monthly release only (no maintained release branches); v1 reached end of life on 2025-12-31',
    source: 'https://github.com/jaegertracing/jaeger/releases',
    asOf: SNAPSHOT('jaegertracing/jaeger tag v2.20.0 (2026-07-19, newest tag of the 2026-08 snapshot)'),
  },
  'versions.prometheusOperator': {
    component: 'prometheus-operator (CRDs)',
    version: 'v0.93.0',
    installedFrom: 'https://github.com/prometheus-operator/prometheus-operator/releases (stripped-down-crds.yaml)',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'no maintained release branches: fixes ship in the next release only',
    source: 'https://github.com/prometheus-operator/prometheus-operator/blob/main/RELEASE.md',
    asOf: AS_KNOWN,
  },
  'versions.crunchyPgo': {
    component: 'Crunchy Postgres for Kubernetes (PGO)',
    version: 'v6.0.3',
    installedFrom: 'kustomize base github.com/CrunchyData/postgres-operator//config/default?ref=<tag>',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'community releases are fixed forward only (support of older releases is a commercial offer)',
    source: 'https://github.com/CrunchyData/postgres-operator/releases',
    asOf: SNAPSHOT('CrunchyData/postgres-operator tag v6.0.3 (2026-08-20, newest tag of the snapshot)'),
  },
  'versions.envoyGateway': {
    component: 'Envoy Gateway',
    version: 'v1.9.0',
    installedFrom: 'https://github.com/envoyproxy/gateway/releases (install.yaml)',
    kind: 'date',
    endOfSupport: '2027-02-14',
    rule: 'each minor has a published end of life in the compatibility matrix: v1.9 until 2027/02/14',
    source: 'https://gateway.envoyproxy.io/news/releases/matrix/',
    asOf: SNAPSHOT('envoyproxy/gateway v1.9.0 site/content/en/news/releases/matrix.md'),
  },
  'versions.gatewayApi': {
    component: 'Gateway API CRDs',
    version: 'v1.6.1',
    installedFrom: 'the Gateway API CRDs of the Envoy Gateway release (experimental channel)',
    kind: 'date',
    endOfSupport: '2027-02-14',
    rule: 'bound to the Envoy Gateway release compiled against it (v1.9 ships v1.6.1): supported as long as that release',
    source: 'https://gateway.envoyproxy.io/news/releases/matrix/',
    asOf: SNAPSHOT('envoyproxy/gateway v1.9.0 site/content/en/news/releases/matrix.md'),
  },
  'versions.headlamp': {
    component: 'Headlamp (cluster UI)',
    version: 'v0.45.0',
    installedFrom: 'ghcr.io/headlamp-k8s/headlamp (typed constructs after its chart)',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'fixes ship in new releases only (about monthly); v0.45.0 is the newest tag of the 2026-08-21 snapshot: confirm the newest release by this date',
    source: 'https://github.com/kubernetes-sigs/headlamp/releases',
    asOf: SNAPSHOT('kubernetes-sigs/headlamp at v0.45.0 (charts/headlamp, backend/pkg/config)'),
  },
  'versions.keycloak': {
    component: 'Keycloak',
    version: '26.8.0',
    installedFrom: 'quay.io/keycloak/keycloak',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'the community supports only the latest release; 26.8.0 (2026-10) is the latest as recorded by the pin (stack helper, 2026-11-29): re-confirm by this date',
    source: 'https://github.com/keycloak/keycloak/blob/main/SECURITY.md',
    asOf: AS_KNOWN,
  },
  'versions.keycloakPostgres': {
    component: 'PostgreSQL (Keycloak database, image chosen by PGO)',
    version: '17',
    installedFrom: 'the PGO release’s PostgreSQL 17 image (registry.developers.crunchydata.com)',
    kind: 'date',
    endOfSupport: '2029-11-08',
    rule: 'each PostgreSQL major is supported five years after its first release (17: 2024-09-26 → 2029-11-08)',
    source: 'https://www.postgresql.org/support/versioning/',
    asOf: AS_KNOWN,
  },
  'versions.elasticStack': {
    component: 'Elastic Stack (Elasticsearch, Kibana, Filebeat, APM Server)',
    version: '8.19.18',
    installedFrom: 'docker.elastic.co images, run by ECK',
    kind: 'date',
    endOfSupport: '2027-01-29',
    rule: "Elastic's product EOL policy: 18 months after the minor's GA (8.19.0, 2025-07-29); 8.19 is the last 8.x minor, fixed in 8.19.x patches (8.19.18 is the latest released one ECK v3.5.0 tests)",
    source: 'https://www.elastic.co/support/eol',
    asOf: SNAPSHOT('elastic/cloud-on-k8s v3.5.0 .buildkite/e2e/release-branch-matrix.yaml; the EOL policy as known'),
  },
  'versions.kubePrometheusStackChart': {
    component: 'kube-prometheus-stack (Helm chart)',
    version: '88.2.0',
    installedFrom: 'Helm repository https://prometheus-community.github.io/helm-charts',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'the chart is released from main only; fixes land in the next chart version',
    source: 'https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack',
    asOf: AS_KNOWN,
  },
  'versions.graylog': {
    component: 'Graylog Open and Graylog Data Node',
    version: '7.1.9',
    installedFrom: 'docker.io/graylog/graylog and graylog/graylog-datanode (our StatefulSets, charts/graylog.ts)',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'Graylog Open ships fixes in its newest release; the Data Node must be the same release as Graylog',
    source: 'https://github.com/Graylog2/graylog2-server/releases',
    asOf: AS_KNOWN,
  },
  'versions.mongodb': {
    component: 'MongoDB 8.0 (official mongo image)',
    version: '8.0.26',
    installedFrom: 'docker.io/library/mongo (our Deployment, charts/graylog.ts)',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'MongoDB 8.0 is supported until 2029-10-31, fixes ship as 8.0 patches only: keep the newest 8.0.x (8.0.17 fixed CVE-2025-14847)',
    source: 'https://www.mongodb.com/legal/support-policy/lifecycles',
    asOf: SNAPSHOT('docker-library/mongo versions.json (2026-06-11): 8.0 → 8.0.26'),
  },
  'versions.argoCd': {
    component: 'Argo CD (Application CRD of the gitops/ output)',
    version: 'v3.5.1',
    installedFrom: 'installed by the admin (https://github.com/argoproj/argo-cd/releases); the CRD schema is derived from the tag',
    kind: 'estimated',
    endOfSupport: '2027-05-01',
    rule: 'the three most recent minors are supported; a minor every ~3 months (3.5 in Aug 2026) puts 3.8, which ends 3.5, ~May 2027',
    source: 'https://argo-cd.readthedocs.io/en/stable/developer-guide/release-process-and-cadence/',
    asOf: SNAPSHOT('argoproj/argo-cd at v3.5.1 (2026-08-12)'),
  },
  'versions.externalSecretsChart': {
    component: 'External Secrets Operator (Helm chart)',
    version: '2.9.0',
    installedFrom: 'Helm repository https://charts.external-secrets.io',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'only the current minor is supported; a minor deprecates the previous one as soon as it is out (every ~3 weeks)',
    source: 'https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/introduction/stability-support.md',
    asOf: SNAPSHOT('external-secrets/external-secrets at v2.9.0 / helm-chart-2.9.0 (snapshot 2026-08)'),
  },
  'images.ceph': {
    component: 'Ceph (Tentacle v20)',
    version: 'v20.2.4',
    installedFrom: 'quay.io/ceph/ceph, run by Rook',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'a stable series is fixed in new point releases only; v20.2.4 (CVE-2025-30156 fixed) is the image of Rook v1.20.6 (tagged 2026-08-20), the latest Tentacle point release known',
    source: 'https://docs.ceph.com/en/latest/releases/ ; https://github.com/rook/rook/blob/v1.20.6/deploy/examples/cluster.yaml',
    asOf: SNAPSHOT('rook/rook at v1.20.6 (deploy/examples/cluster.yaml)'),
  },
  'images.nexus': {
    component: 'Sonatype Nexus Repository',
    version: '3.95.2',
    installedFrom: 'docker.io/sonatype/nexus3',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'fixes ship in new 3.x releases only; 3.95.2 is the release of sonatype/docker-nexus3 main (2026-08-21), past the CVE-2026-3199 fix of 3.91',
    source: 'https://help.sonatype.com/en/sonatype-nexus-repository-release-notes.html',
    asOf: SNAPSHOT('sonatype/docker-nexus3 main (Dockerfile.java21 NEXUS_VERSION=3.95.2-01)'),
  },
  'images.fleetlock': {
    component: 'fleetlock (FleetLock server for Zincati)',
    version: 'v0.4.0-275-gc42d494',
    installedFrom: 'quay.io/poseidon/fleetlock (image of each main commit, tagged by git describe)',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'maintained on main only (dependency and Go updates weekly; last commit 2026-08-21); the last tag, v0.4.0 (2022-05), is not rebuilt, so the pin is the newest main build',
    source: 'https://github.com/poseidon/fleetlock',
    asOf: SNAPSHOT('poseidon/fleetlock main at c42d494 (2026-08-21): CHANGES.md, Makefile, .github/workflows/multiarch.yaml'),
  },
  'images.kubectl': {
    component: 'kubectl (maintenance-window CronJobs)',
    version: 'v1.35.4',
    installedFrom: 'registry.k8s.io/kubectl',
    kind: 'date',
    endOfSupport: '2027-02-28',
    rule: 'a Kubernetes minor gets patches for about 14 months: 1.35 until 2027-02-28',
    source: 'https://kubernetes.io/releases/patch-releases/',
    asOf: AS_KNOWN,
  },
  'images.flatcarUpdateOperator': {
    component: 'Flatcar Linux Update Operator',
    version: 'v0.10.0-rc2',
    installedFrom: 'ghcr.io/flatcar/flatcar-linux-update-operator',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: "Flatcar's recommended reboot manager on Kubernetes, fixed forward only; v0.10.0-rc2 (2026-06-22) is the newest build (master active 2026-06-24), v0.9.0 (2023-01) the last final release",
    source: 'https://github.com/flatcar/flatcar-linux-update-operator/releases ; https://www.flatcar.org/docs/latest/setup/releases/update-strategies/',
    asOf: SNAPSHOT('flatcar/flatcar-linux-update-operator at v0.10.0-rc2 and master (2026-06-24)'),
  },
  'images.keycloakConfigCli': {
    component: 'keycloak-config-cli (realm sync Job)',
    version: '6.5.0-26.5.4',
    installedFrom: 'docker.io/adorsys/keycloak-config-cli',
    kind: 'latest-release-only',
    endOfSupport: REVIEW_BY,
    rule: 'fixes ship in new releases only; 6.5.0 (2026-03-12) is the latest tag, main is active (6.5.1-SNAPSHOT), built against Keycloak 26.5.4, the newest of its CI matrix',
    source: 'https://github.com/adorsys/keycloak-config-cli/releases',
    asOf: SNAPSHOT('adorsys/keycloak-config-cli v6.5.0 (CHANGELOG.md, .github/workflows/ci.yaml, pom.xml)'),
  },
};

/** Pins without a support entry, and entries that name no pin or another version. */
export function supportTableProblems(pins: readonly Pin[] = pinnedComponents(), table: Readonly<Record<string, SupportStatus>> = supportStatus): string[] {
  const problems: string[] = [];
  const names = new Set(pins.map((p) => p.name));
  for (const pin of pins) {
    const entry = table[pin.name];
    if (!entry) problems.push(`${pin.name} (${pin.version}) has no support entry in clusters/model/support.ts: add one (component, installedFrom, kind, endOfSupport, rule, source, asOf)`);
    else if (entry.version !== pin.version) problems.push(`${pin.name} is ${pin.version} but its support entry was assessed for ${entry.version}: read the upstream support policy for ${pin.version} and update the entry`);
  }
  for (const name of Object.keys(table)) {
    if (!names.has(name)) problems.push(`support entry ${name} names no pin of clusters/model/versions.ts: remove it or fix its name`);
  }
  for (const [name, e] of Object.entries(table)) {
    if (!ISO_DATE.test(e.endOfSupport) || Number.isNaN(Date.parse(e.endOfSupport))) problems.push(`${name}.endOfSupport: "${e.endOfSupport}" is not a date YYYY-MM-DD`);
    if (!/^https:\/\//.test(e.source)) problems.push(`${name}.source: "${e.source}" is not an https URL`);
  }
  return problems;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of a Date, in UTC. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Whether `day` is a real calendar day written YYYY-MM-DD. */
export function isIsoDay(day: string): boolean {
  return ISO_DATE.test(day) && !Number.isNaN(Date.parse(day)) && isoDay(new Date(`${day}T00:00:00Z`)) === day;
}

/** A pin with its support entry. */
export interface PinSupport extends Pin {
  readonly status: SupportStatus;
}

/** Pins and their entries (pins without an entry are left out: `supportTableProblems` names them). */
export function pinSupport(): PinSupport[] {
  return pinnedComponents().flatMap((p) => (supportStatus[p.name] ? [{ ...p, status: supportStatus[p.name] }] : []));
}

/** Whether a pin is past support on `day` (YYYY-MM-DD): support ends on the morning of `endOfSupport`. */
export const pastSupport = (status: SupportStatus, day: string): boolean => day >= status.endOfSupport;

/** The end of support as a person reads it. */
export function describeEnd(status: SupportStatus): string {
  if (status.supersededBy) return `superseded by ${status.supersededBy} (by ${status.endOfSupport})`;
  if (status.kind === 'latest-release-only') return `latest release only (re-confirm by ${status.endOfSupport})`;
  return status.kind === 'estimated' ? `${status.endOfSupport} (estimated)` : status.endOfSupport;
}

/** One line per pin past support on `day`, for synth's warnings and `--check`. */
export function pastSupportLines(day: string): string[] {
  return pinSupport()
    .filter((p) => pastSupport(p.status, day))
    .map((p) => `${p.name} ${p.status.component} ${p.version}: past support on ${day} (${describeEnd(p.status)}: ${p.status.rule}; ${p.status.source})`);
}

/**
 * End of patch support of each Kubernetes minor (first unsupported day): the cluster's
 * `kubernetesVersion` is the spec's, not a pin, so synth checks it per cluster.
 * Source: https://kubernetes.io/releases/patch-releases/ (about 14 months per minor), as known on
 * 2026-11-29; 1.36 is estimated from its release (2026-04) and that rule.
 */
export const kubernetesEndOfSupport: Readonly<Record<string, string>> = {
  '1.30': '2025-06-28',
  '1.31': '2025-10-28',
  '1.32': '2026-02-28',
  '1.33': '2026-06-28',
  '1.34': '2026-10-27',
  '1.35': '2027-02-28',
  '1.36': '2027-06-28',
};

/** A line when a cluster's Kubernetes minor is past support on `day`, or has no recorded end. */
export function kubernetesSupportLine(cluster: string, kubernetesVersion: string, day: string): string | undefined {
  const minor = /^v?(\d+\.\d+)/.exec(kubernetesVersion)?.[1] ?? kubernetesVersion;
  const end = kubernetesEndOfSupport[minor];
  if (end === undefined) return `${cluster}: Kubernetes ${kubernetesVersion}: no end of support recorded for ${minor} in clusters/model/support.ts (see https://kubernetes.io/releases/patch-releases/)`;
  return day >= end ? `${cluster}: Kubernetes ${kubernetesVersion}: past support on ${day} (${minor} patches ended ${end}; https://kubernetes.io/releases/patch-releases/)` : undefined;
}
