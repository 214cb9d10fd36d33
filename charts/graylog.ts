/**
 * Graylog (reference `journalisation/graylog`) in `graylog-system`: the namespace, the certificate
 * of `graylog.<apps domain>`, the Helm values of MongoDB, OpenSearch and Graylog, and the inputs.
 *
 * Modernized: stable/graylog is retired (KongZ/graylog is its successor); Graylog ≥ 5 stores in
 * OpenSearch 2 (or Elasticsearch 7.10), not in the Elasticsearch 8 that ECK runs, so its store is
 * an OpenSearch release. Every credential is in one existing Secret (`components.graylog.secretName`).
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel } from '../clusters/model';
import { helmRepositories, versions } from '../clusters/model/versions';
import type { OutputFile } from '../synth/output';
import { toJson } from '../synth/serialize';
import { ComponentChart } from './lib/component-chart';
import { clusterCaIssuer, HostCertificate } from './lib/certificate';
import type { HelmRelease } from './lib/helm-release';
import { INGRESS_CLASS } from './lib/published-service';

export const GRAYLOG_NAMESPACE = 'graylog-system';

/** A Graylog input: what the Helm values open as a Service port and what the API creates. */
export interface GraylogInput {
  readonly title: string;
  /** Graylog input class. */
  readonly type: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
}

/** The seed's inputs (gelf-tcp 12222, gelf-udp 12231, beats 5061): one list for the Services and the API. */
export const GRAYLOG_INPUTS: readonly GraylogInput[] = [
  { title: 'gelf-tcp', type: 'org.graylog2.inputs.gelf.tcp.GELFTCPInput', port: 12222, protocol: 'tcp' },
  // Beats2Input is today's Beats input; the reference's BeatsInput was the deprecated one.
  { title: 'beats', type: 'org.graylog.plugins.beats.Beats2Input', port: 5061, protocol: 'tcp' },
  { title: 'gelf-udp', type: 'org.graylog2.inputs.gelf.udp.GELFUDPInput', port: 12231, protocol: 'udp' },
];

/** Release names of the reference (`<name>-graylog`, `<name>-graylog-mongodb`) and the new OpenSearch one. */
export function graylogNames(model: ClusterModel) {
  return {
    graylog: `${model.name}-graylog`,
    mongodb: `${model.name}-graylog-mongodb`,
    opensearch: `${model.name}-graylog-opensearch`,
    /** Service of the opensearch chart: `<clusterName>-<nodeGroup>`. */
    opensearchService: `${model.name}-graylog-opensearch-master`,
    tlsSecret: `graylog-${model.name}-tls`,
  };
}

const ports = (protocol: 'tcp' | 'udp') => GRAYLOG_INPUTS.filter((i) => i.protocol === protocol).map((i) => ({ name: i.title, port: i.port }));

/** The three releases: MongoDB, OpenSearch, Graylog. */
export function graylogReleases(model: ClusterModel): HelmRelease[] {
  const g = model.components.graylog;
  const names = graylogNames(model);
  const secret = g.secretName;
  const mongodb: HelmRelease = {
    name: names.mongodb,
    namespace: GRAYLOG_NAMESPACE,
    repository: 'bitnami',
    repositoryUrl: helmRepositories.bitnami,
    chart: 'mongodb',
    version: versions.mongodbChart,
    valuesFile: 'graylog-mongodb.values.yaml',
    values: {
      // Bitnami removed its free images from docker.io/bitnami (September 2025): the chart's own tag
      // is pulled from docker.io/bitnamilegacy (frozen, no more security updates), which the
      // chart's image check refuses unless told otherwise. See README, Charts II.
      global: { security: { allowInsecureImages: true } },
      image: { registry: 'docker.io', repository: 'bitnamilegacy/mongodb' },
      clusterDomain: model.clusterDomain,
      auth: { enabled: true, existingSecret: secret, usernames: ['graylog'], databases: ['graylog'] },
      persistence: { storageClass: model.storageClass, accessModes: ['ReadWriteOnce'], size: g.mongodbStorageSize },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    },
  };
  const opensearch: HelmRelease = {
    name: names.opensearch,
    namespace: GRAYLOG_NAMESPACE,
    repository: 'opensearch',
    repositoryUrl: helmRepositories.opensearch,
    chart: 'opensearch',
    version: versions.opensearchChart,
    valuesFile: 'graylog-opensearch.values.yaml',
    values: {
      clusterName: names.opensearch,
      nodeGroup: 'master',
      singleNode: true,
      replicas: 1,
      // Graylog speaks plain HTTP to it; the NetworkPolicy of the graylog chart admits only Graylog.
      config: { 'opensearch.yml': 'plugins.security.disabled: true\n' },
      extraEnvs: [{ name: 'DISABLE_SECURITY_PLUGIN', value: 'true' }],
      opensearchJavaOpts: '-Xms1g -Xmx1g',
      resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
      persistence: { enabled: true, storageClass: model.storageClass, accessModes: ['ReadWriteOnce'], size: g.elasticsearchStorageSize },
      sysctlInit: { enabled: false },
    },
  };
  const graylog: HelmRelease = {
    name: names.graylog,
    namespace: GRAYLOG_NAMESPACE,
    repository: 'kongz',
    repositoryUrl: helmRepositories.kongz,
    chart: 'graylog',
    version: versions.graylogChart,
    valuesFile: 'graylog.values.yaml',
    values: {
      tags: { 'install-mongodb': false, 'install-opensearch': false, 'install-elasticsearch': false },
      rbac: { create: true },
      serviceAccount: { create: true, name: names.graylog },
      graylog: {
        replicas: 1,
        persistence: { enabled: true, storageClass: model.storageClass, accessMode: 'ReadWriteOnce', size: '10Gi' },
        input: {
          tcp: { service: { type: 'ClusterIP' }, ports: ports('tcp') },
          udp: { service: { type: 'ClusterIP' }, ports: ports('udp') },
        },
        rootUsername: 'admin',
        rootTimezone: 'America/Toronto',
        // Keys graylog-password-secret and graylog-password-sha2.
        existingRootSecret: secret,
        // https from the start: the seed edited the ConfigMap by hand after each install.
        externalUri: model.hosts.graylog,
        externalUriTLS: true,
        elasticsearch: { hosts: `http://${names.opensearchService}.${GRAYLOG_NAMESPACE}.svc.${model.clusterDomain}:9200` },
        mongodb: { uriSecretName: secret, uriSecretKey: 'mongodb-uri' },
        ingress: {
          enabled: true,
          ingressClassName: INGRESS_CLASS,
          hosts: [model.hosts.graylog],
          tls: [{ secretName: names.tlsSecret, hosts: [model.hosts.graylog] }],
        },
        metrics: { enabled: true },
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
      },
    },
  };
  return [mongodb, opensearch, graylog];
}

/** `graylog/inputs/<title>.json`: request bodies of `POST /api/system/inputs` (see README). */
export function renderGraylogInputs(): OutputFile[] {
  return GRAYLOG_INPUTS.map((i) => ({
    path: `graylog/inputs/${i.title}.json`,
    content: toJson({ title: i.title, type: i.type, global: true, configuration: { bind_address: '0.0.0.0', port: i.port } }),
  }));
}

/** `53-graylog`: namespace, certificate, and the NetworkPolicy that keeps OpenSearch (no auth) for Graylog alone. */
export class GraylogChart extends ComponentChart {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id, { model, component: 'graylog' });
    const names = graylogNames(model);
    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: GRAYLOG_NAMESPACE } });
    new HostCertificate(this, 'certificate', { issuer: clusterCaIssuer(model), namespace: GRAYLOG_NAMESPACE, host: model.hosts.graylog, secretName: names.tlsSecret });
    const opensearchPods = { 'app.kubernetes.io/instance': names.opensearch };
    new k8s.KubeNetworkPolicy(this, 'opensearch-access', {
      metadata: { name: `${names.opensearch}-access`, namespace: GRAYLOG_NAMESPACE },
      spec: {
        podSelector: { matchLabels: opensearchPods },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': names.graylog } } }], ports: [{ port: k8s.IntOrString.fromNumber(9200) }] },
          { from: [{ podSelector: { matchLabels: opensearchPods } }] },
        ],
      },
    });
  }
}
