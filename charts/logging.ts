/**
 * ECK logging stack in `elastic-system`: Elasticsearch, Kibana (`kibana.<apps domain>`), Filebeat
 * collecting container logs on every node, APM Server. Names are the seed's `kube-<name>-*`
 * (what `kubectl get elastic -n elastic-system` shows in seed 000).
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, LoggingNamesModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { versions } from '../clusters/model/versions';
import { ApmServer } from '../imports/apm.k8s.elastic.co';
import { Beat } from '../imports/beat.k8s.elastic.co';
import { Elasticsearch, ElasticsearchSpecNodeSetsVolumeClaimTemplatesSpecResourcesRequests } from '../imports/elasticsearch.k8s.elastic.co';
import { Kibana } from '../imports/kibana.k8s.elastic.co';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { PublishedService, RouteBackend } from './lib/published-service';
import { computeResources, ComputeQuantities } from './lib/workload';

const FILEBEAT = 'filebeat';

/** A pod template overriding the resources of the main container ECK creates. */
const podResources = (container: string, requests: ComputeQuantities, limits: Partial<ComputeQuantities>) => ({
  spec: { containers: [{ name: container, resources: computeResources(requests, limits) }] },
});

/** Size and placement of the logs' Elasticsearch. */
export interface LogsElasticsearchProps {
  /** Name of the Elasticsearch resource, and those ECK derives from it (`model.names.logging`). */
  readonly names: Pick<LoggingNamesModel, 'elasticsearch' | 'httpService' | 'elasticUserSecret' | 'httpCertsPublicSecret'>;
  /**
   * Namespace of the ECK stack.
   * @default platformNamespaces.elastic
   */
  readonly namespace?: string;
  /** Number of Elasticsearch nodes (`components.logging.elasticsearchNodes`). */
  readonly nodes: number;
  /** Storage class of the data volumes (`model.storageClass`). */
  readonly storageClass: string;
  /** Size of each node's data volume, a Kubernetes quantity (`components.logging.elasticsearchStorageSize`). */
  readonly storageSize: string;
}

/**
 * The Elasticsearch cluster: one node set holding every role, data on the cluster's storage class.
 * Its clients reference it by this object: the resource, and what ECK makes for it.
 */
export class LogsElasticsearch extends Construct {
  /** The ECK Elasticsearch resource (`elasticsearchRef` of Kibana, Beats, APM Server). */
  readonly resource: Elasticsearch;
  /** Its namespace, where ECK writes its Services and Secrets. */
  readonly namespace: string;
  /** Number of Elasticsearch nodes. */
  readonly nodes: number;
  /** The HTTPS Service ECK makes (port 9200). */
  readonly httpService: string;
  /** The Secret ECK writes with the `elastic` superuser's password (key `elastic`). */
  readonly elasticUserSecret: string;
  /** The Secret ECK writes with the HTTP layer's CA (`ca.crt`). */
  readonly httpCertsPublicSecret: string;

  constructor(scope: Construct, id: string, props: LogsElasticsearchProps) {
    super(scope, id);
    this.namespace = props.namespace ?? platformNamespaces.elastic;
    this.nodes = props.nodes;
    ({ httpService: this.httpService, elasticUserSecret: this.elasticUserSecret, httpCertsPublicSecret: this.httpCertsPublicSecret } = props.names);
    this.resource = new Elasticsearch(this, 'elasticsearch', {
      metadata: { name: props.names.elasticsearch, namespace: this.namespace },
      spec: {
        version: versions.elasticStack,
        nodeSets: [
          {
            name: 'masters',
            count: props.nodes,
            // Elasticsearch 8 roles; no mmap so that nodes need no vm.max_map_count tuning.
            config: { 'node.roles': ['master', 'data', 'ingest'], 'node.store.allow_mmap': false },
            podTemplate: podResources('elasticsearch', { cpu: '500m', memory: '4Gi' }, { cpu: '2', memory: '4Gi' }),
            volumeClaimTemplates: [
              {
                metadata: { name: 'elasticsearch-data' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  storageClassName: props.storageClass,
                  resources: { requests: { storage: ElasticsearchSpecNodeSetsVolumeClaimTemplatesSpecResourcesRequests.fromString(props.storageSize) } },
                },
              },
            ],
          },
        ],
      },
    });
  }
}

/** The Filebeat resource and the ECK objects it sends to. */
export interface ContainerLogShipperProps {
  /** Name of the Beat resource (`model.names.logging.beat`). */
  readonly name: string;
  /** The Elasticsearch receiving the logs: Filebeat runs in its namespace. */
  readonly elasticsearch: LogsElasticsearch;
  /** The Kibana where Filebeat loads its dashboards, in the same namespace. */
  readonly kibana: Kibana;
}

/** Filebeat as a DaemonSet reading every container log of its node, with the RBAC of its Kubernetes metadata. */
export class ContainerLogShipper extends Construct {
  constructor(scope: Construct, id: string, props: ContainerLogShipperProps) {
    super(scope, id);
    const namespace = props.elasticsearch.namespace;
    const account = new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: FILEBEAT, namespace } });
    const role = new k8s.KubeClusterRole(this, 'role', {
      metadata: { name: FILEBEAT },
      rules: [
        { apiGroups: [''], resources: ['namespaces', 'pods', 'nodes'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'binding', {
      metadata: { name: FILEBEAT },
      roleRef: { apiGroup: role.apiGroup, kind: role.kind, name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: account.name, namespace }],
    });
    const hostPaths = [
      { name: 'varlogcontainers', path: '/var/log/containers' },
      // /var/log/containers links into /var/log/pods (crio and containerd alike).
      { name: 'varlogpods', path: '/var/log/pods' },
    ];
    new Beat(this, 'filebeat', {
      metadata: { name: props.name, namespace },
      spec: {
        type: 'filebeat',
        version: versions.elasticStack,
        elasticsearchRef: { name: props.elasticsearch.resource.name },
        kibanaRef: { name: props.kibana.name },
        config: {
          filebeat: {
            autodiscover: {
              providers: [
                {
                  type: 'kubernetes',
                  node: '${NODE_NAME}',
                  hints: { enabled: true, default_config: { type: 'container', paths: ['/var/log/containers/*${data.kubernetes.container.id}.log'] } },
                },
              ],
            },
          },
          processors: [{ add_host_metadata: {} }],
        },
        daemonSet: {
          podTemplate: {
            spec: {
              serviceAccountName: account.name,
              automountServiceAccountToken: true,
              hostNetwork: true,
              dnsPolicy: 'ClusterFirstWithHostNet',
              // Reading other containers' log files on the host needs root: runAsNonRoot is not possible here.
              securityContext: { runAsUser: 0 },
              containers: [
                {
                  name: 'filebeat',
                  env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                  resources: computeResources({ cpu: '100m', memory: '200Mi' }, { cpu: '500m', memory: '500Mi' }),
                  volumeMounts: hostPaths.map((p) => ({ name: p.name, mountPath: p.path, readOnly: true })),
                },
              ],
              volumes: hostPaths.map((p) => ({ name: p.name, hostPath: { path: p.path } })),
            },
          },
        },
      },
    });
  }
}

/** What the logging chart needs. */
export interface LoggingChartProps extends PlatformChartProps {
  /** Names of the ECK objects (`model.names.logging`). */
  readonly names: LoggingNamesModel;
  /**
   * Namespace of the ECK stack.
   * @default platformNamespaces.elastic
   */
  readonly namespace?: string;
  /** Number of Elasticsearch nodes (`components.logging.elasticsearchNodes`). */
  readonly elasticsearchNodes: number;
  /** Size of each Elasticsearch node's data volume (`components.logging.elasticsearchStorageSize`). */
  readonly elasticsearchStorageSize: string;
  /** Storage class of the data volumes (`model.storageClass`). */
  readonly storageClass: string;
  /** Host Kibana is published at (`model.hosts.kibana`). */
  readonly kibanaHost: string;
  /** Issuer of Kibana's certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /**
   * Run an APM Server (`components.logging.apm`).
   * @default true
   */
  readonly apm?: boolean;
}

/** The chart's props from the cluster model. */
export function loggingChartProps(model: ClusterModel): LoggingChartProps {
  const logging = model.components.logging;
  return {
    clusterName: model.name,
    names: model.names.logging,
    namespace: model.names.namespaces.elastic,
    elasticsearchNodes: logging.elasticsearchNodes,
    elasticsearchStorageSize: logging.elasticsearchStorageSize,
    storageClass: model.storageClass,
    kibanaHost: model.hosts.kibana,
    issuer: clusterCaIssuer(model),
    apm: logging.apm,
  };
}

/** `50-logging`. */
export class LoggingChart extends ComponentChart {
  /** The Elasticsearch of the logs, which Jaeger also writes to. */
  readonly elasticsearch: LogsElasticsearch;

  constructor(scope: Construct, id: string, props: LoggingChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'eck-logging' });
    const { names } = props;
    const namespace = new k8s.KubeNamespace(this, 'namespace', { metadata: { name: props.namespace ?? platformNamespaces.elastic } }).name;
    const elasticsearch = (this.elasticsearch = new LogsElasticsearch(this, 'elasticsearch', {
      names,
      namespace,
      nodes: props.elasticsearchNodes,
      storageClass: props.storageClass,
      storageSize: props.elasticsearchStorageSize,
    }));
    const kibana = new Kibana(this, 'kibana', {
      metadata: { name: names.kibana, namespace },
      spec: {
        version: versions.elasticStack,
        count: 1,
        elasticsearchRef: { name: elasticsearch.resource.name },
        // TLS ends at the Gateway (cert-manager certificate of the cluster CA), as it ended at the reference's Ingress.
        http: { tls: { selfSignedCertificate: { disabled: true } } },
        config: { 'server.publicBaseUrl': `https://${props.kibanaHost}` },
        podTemplate: podResources('kibana', { cpu: '200m', memory: '1Gi' }, { cpu: '1', memory: '2Gi' }),
      },
    });
    new PublishedService(this, 'kibana-published', {
      issuer: props.issuer,
      // The Service ECK makes for the Kibana resource.
      backend: RouteBackend.fromServiceName(namespace, names.kibanaService, 5601),
      host: props.kibanaHost,
      routeName: names.kibanaRoute,
      tlsSecretName: names.kibanaTlsSecret,
    });
    new ContainerLogShipper(this, 'filebeat', { name: names.beat, elasticsearch, kibana });
    if (props.apm ?? true) {
      // The reference's APM referred to kube-<name>-elasticsearch while its Elasticsearch was <name>-elasticsearch: fixed.
      new ApmServer(this, 'apm', {
        metadata: { name: names.apmServer, namespace },
        spec: {
          version: versions.elasticStack,
          count: 1,
          elasticsearchRef: { name: elasticsearch.resource.name },
          kibanaRef: { name: kibana.name },
          podTemplate: podResources('apm-server', { cpu: '100m', memory: '256Mi' }, { cpu: '1', memory: '512Mi' }),
        },
      });
    }
  }
}
