/**
 * The pinned upstream versions, in one place: `imports/` and `upstream/` are derived from the
 * CRDs, bundles and charts of these versions (`npm run derive-upstream`; the list of CRD
 * releases is scripts/upstream/crd-sources.ts), the operators kustomization installs these
 * releases, and the charts use these images. Bump a version here, re-derive, re-synth.
 */
export const versions = {
  /** Default Kubespray release of a spec that names none. */
  kubespray: 'v2.31',
  certManager: 'v1.21.1',
  rook: 'v1.20.6',
  eck: 'v3.5.0',
  /**
   * Jaeger v2 (OpenTelemetry Collector based), run by our own Deployment (charts/tracing.ts): no
   * operator. Image tag of git tag v2.20.0, the latest tag of jaegertracing/jaeger (2026-07-19); Jaeger v1 and its
   * operator reached end of life on 2025-12-31. Its Elasticsearch storage supports ES 7, 8 and 9
   * (docker-compose/elasticsearch/v7, v8, v9 and .github/workflows/ci-e2e-elasticsearch.yml at v2.20.0).
   */
  jaeger: '2.20.0',
  prometheusOperator: 'v0.93.0',
  /**
   * Crunchy PGO: v6.0.3, the newest tag of CrunchyData/postgres-operator (2026-08-20); community
   * releases are fixed forward only, and 5.8.9 is the last 5.x. Runs PostgreSQL 15–18
   * (config/manager/manager.yaml RELATED_IMAGE_POSTGRES_*); its CRD serves v1beta1 (storage) and v1.
   */
  crunchyPgo: 'v6.0.3',
  /**
   * Envoy Gateway, the Gateway API implementation of the edge (replaces the retired ingress-nginx):
   * its release `install.yaml` (controller + Envoy Gateway CRDs + the Gateway API CRDs it is built
   * against, `gatewayApi`). v1.9 is supported until 2027-02-14 (its compatibility matrix); see docs/gateway.md.
   */
  envoyGateway: 'v1.9.0',
  /** Gateway API of the Envoy Gateway release (experimental channel, as its install.yaml ships it). */
  gatewayApi: 'v1.6.1',
  /** Headlamp (kubernetes-sigs), the cluster UI (replaces the archived kubernetes/dashboard). */
  headlamp: 'v0.45.0',
  // Charts II: images and Helm charts of the identity, logging, tracing and monitoring stack.
  /**
   * quay.io/keycloak/keycloak: Quarkus distribution, jdbc-ping is the default cache stack since 26.1.
   * Keycloak supports only its latest release: 26.8.0 (released 2026-10; seen as the base of
   * folio-org/folio-keycloak v26.8.0; keycloak/keycloak-quickstarts main still builds against
   * 26.6.4, 2026-06-26). Replaces 26.4.7, out of support since 26.5.
   */
  keycloak: '26.8.0',
  /** PostgreSQL major version of the Keycloak PostgresCluster (PGO picks the image of its release). */
  keycloakPostgres: 17,
  /**
   * Elasticsearch, Kibana, Filebeat, APM Server: the latest patch of 8.19, the last 8.x line, still
   * maintained beside 9.x. Source: elastic/cloud-on-k8s v3.5.0 tests 8.19.18 as released
   * (.buildkite/e2e/release-branch-matrix.yaml; 8.19.19 was still a SNAPSHOT). Jaeger v2 (v2.20.0,
   * docker-compose/elasticsearch/v8 and v9) supports 8 and 9; the move to 9.x is a major upgrade of
   * the live logging data (reindex of 7.x indices, Filebeat/APM 9) left for its own change.
   */
  elasticStack: '8.19.18',
  /** prometheus-community/kube-prometheus-stack: 88.x ships prometheus-operator v0.93.0 (= prometheusOperator). */
  kubePrometheusStackChart: '88.2.0',
  /**
   * Argo CD release whose Application CRD the `gitops/` objects are validated against (the admin
   * installs Argo CD; any supported 3.x reads them). Latest tag of argoproj/argo-cd in the snapshot.
   */
  argoCd: 'v3.5.1',
  /**
   * external-secrets/external-secrets Helm chart, installed by the `gitops/` Applications first:
   * it turns the ExternalSecrets of `gitops/secrets/` into the Secrets the platform references.
   */
  externalSecretsChart: '2.9.0',
  /**
   * Graylog Open and Graylog Data Node (same release, charts/graylog.ts), replacing the KongZ chart.
   * 7.1.9: newest 7.1 patch seen in public deployments (graylog/graylog:7.1.9, "current stable";
   * the Graylog2/graylog-docker snapshot stops in 2025-04 at 6.3, Graylog2/graylog-helm 1.0.0 of
   * 2025-12 floats on `7.0`). The Data Node bundles the OpenSearch its Graylog supports.
   */
  graylog: '7.1.9',
  /**
   * The official `mongo` image for Graylog's MongoDB (Bitnami's is frozen in bitnamilegacy).
   * 8.0.26: the 8.0 entry of docker-library/mongo versions.json (2026-06-11); ≥ 8.0.17 fixes
   * CVE-2025-14847. 8.0 is a MongoDB major Graylog 7 supports.
   */
  mongodb: '8.0.26',
} as const;

/** Helm repositories of the charts above (name as in `helm repo add NAME URL`). */
export const helmRepositories = {
  'prometheus-community': 'https://prometheus-community.github.io/helm-charts',
  'external-secrets': 'https://charts.external-secrets.io',
} as const;

/**
 * Container images the charts run, pinned by tag (never `latest`). Ceph must be a release the
 * pinned Rook supports (Rook v1.20 supports Squid v19 and Tentacle v20).
 */
export const images = {
  /**
   * Ceph daemons of the CephCluster, and the toolbox (the ceph CLI), as in Rook's own toolbox.yaml.
   * v20.2.4: the image of rook/rook v1.20.6 deploy/examples (cluster.yaml, toolbox.yaml), the
   * latest Tentacle patch; it fixes CVE-2025-30156 once the CephX keys are rotated
   * (Documentation/Storage-Configuration/Advanced/cephx-key-rotation.md at v1.20.6; see
   * docs/stack-migration.md).
   */
  ceph: 'quay.io/ceph/ceph:v20.2.4',
  /**
   * Nexus Repository 3 (the reference ran `sonatype/nexus3:latest`). 3.95.2: the release of
   * sonatype/docker-nexus3 main (Dockerfile.java21 `NEXUS_VERSION=3.95.2-01`, 2026-08-21); ≥ 3.91
   * fixes CVE-2026-3199 (authenticated RCE) of 3.85.0.
   */
  nexus: 'sonatype/nexus3:3.95.2',
  /**
   * poseidon/fleetlock, the FleetLock server Zincati asks before rebooting (Kubernetes Lease lock,
   * drains the node). Its last tag, v0.4.0, dates from 2022-05 and was built with that year's Go;
   * the project is maintained on main (Go 1.27, client-go v0.36.4 on 2026-08-21) and every main
   * commit is pushed as quay.io/poseidon/fleetlock:<git describe> (Makefile, workflows/multiarch.yaml):
   * this is main at c42d494.
   */
  fleetlock: 'quay.io/poseidon/fleetlock:v0.4.0-275-gc42d494',
  /**
   * The image of the CronJobs that open and close the maintenance window (`kubectl scale` of
   * fleetlock): Kubernetes' own kubectl image, the Kubernetes minor Kubespray v2.31 installs.
   */
  kubectl: 'registry.k8s.io/kubectl:v1.35.4',
  /**
   * flatcar/flatcar-linux-update-operator (operator and agent): v0.10.0-rc2 (2026-06-22), the only
   * build with current dependencies; the last final release, v0.9.0, dates from 2023-01.
   */
  flatcarUpdateOperator: 'ghcr.io/flatcar/flatcar-linux-update-operator:v0.10.0-rc2',
  keycloak: `quay.io/keycloak/keycloak:${versions.keycloak}`,
  /**
   * adorsys/keycloak-config-cli, the realm sync Job: release 6.5.0 (2026-03-12, the latest tag of
   * adorsys/keycloak-config-cli; main is at 6.5.1-SNAPSHOT, active) built against Keycloak 26.5.4,
   * the newest Keycloak of its CI matrix (.github/workflows/ci.yaml at v6.5.0); it talks to
   * Keycloak's admin REST API, stable across 26.x. 6.5.0 fixes the leak of credentials in its
   * HTTP debug logs (CHANGELOG, #1302).
   */
  keycloakConfigCli: 'docker.io/adorsys/keycloak-config-cli:6.5.0-26.5.4',
  /**
   * Jaeger's release images are tagged without the `v` of the git tag (scripts/utils/compute-tags.sh
   * at v2.20.0). Its es-index-cleaner image, built from the same release, takes the same tag
   * (charts/tracing.ts).
   */
  jaeger: `jaegertracing/jaeger:${versions.jaeger}`,
  /** graylog/graylog; its Data Node image (graylog/graylog-datanode) takes the same tag (charts/graylog.ts). */
  graylog: `graylog/graylog:${versions.graylog}`,
  mongodb: `mongo:${versions.mongodb}`,
  /** Headlamp's image, as its chart at the tag names it (`ghcr.io/headlamp-k8s/headlamp:v<appVersion>`). */
  headlamp: `ghcr.io/headlamp-k8s/headlamp:${versions.headlamp}`,
} as const;

/**
 * Butane spec versions of the node configs (`fcc/<node>.fcc`) and the Ignition spec each one
 * translates to (Butane's own table: coreos.github.io/butane/specs).
 *
 * fcos 1.5.0 → Ignition 3.4.0 on purpose: fcos 1.6.0 would emit 3.5.0, which several
 * coreos-installer releases refuse, and 3.4.0 is what every FCOS and coreos-installer of the
 * last years reads. Flatcar reads Ignition 3.3.0 since release 3185.0.0 (flatcar 1.0.0).
 */
export const butaneSpecs = {
  fcos: { variant: 'fcos', version: '1.5.0', ignition: '3.4.0' },
  flatcar: { variant: 'flatcar', version: '1.0.0', ignition: '3.3.0' },
} as const;

/** Ignition spec of the opt-in `<node>-ignition.json` of the old Flatcar flow (seed 001). */
export const legacyFlatcarIgnition = '2.2.0';
