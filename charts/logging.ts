/**
 * ECK logging stack in `elastic-system`: Elasticsearch, Kibana (`kibana.<apps domain>`), Filebeat
 * collecting container logs on every node, APM Server. Names are the seed's `kube-<name>-*`
 * (what `kubectl get elastic -n elastic-system` shows in seed 000).
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { versions } from '../clusters/model/versions';
import { ApmServer } from '../imports/apm.k8s.elastic.co';
import { Beat } from '../imports/beat.k8s.elastic.co';
import { Elasticsearch, ElasticsearchSpecNodeSetsVolumeClaimTemplatesSpecResourcesRequests } from '../imports/elasticsearch.k8s.elastic.co';
import { Kibana } from '../imports/kibana.k8s.elastic.co';
import { clusterCaIssuer } from './lib/certificate';
import { ComponentChart } from './lib/component-chart';
import { PublishedService, RouteBackend } from './lib/published-service';
import { computeResources, ComputeQuantities } from './lib/workload';

const FILEBEAT = 'filebeat';

/** A pod template overriding the resources of the main container ECK creates. */
const podResources = (container: string, requests: ComputeQuantities, limits: Partial<ComputeQuantities>) => ({
  spec: { containers: [{ name: container, resources: computeResources(requests, limits) }] },
});

/** Size and placement of the logs' Elasticsearch. */
export interface LogsElasticsearchProps {
  /** Name of the Elasticsearch resource (`model.names.logging.elasticsearch`). */
  readonly name: string;
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

/** The Elasticsearch cluster: one node set holding every role, data on the cluster's storage class. */
export class LogsElasticsearch extends Construct {
  constructor(scope: Construct, id: string, props: LogsElasticsearchProps) {
    super(scope, id);
    new Elasticsearch(this, 'elasticsearch', {
      metadata: { name: props.name, namespace: props.namespace ?? platformNamespaces.elastic },
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
  /** Elasticsearch resource receiving the logs, in `namespace`. */
  readonly elasticsearchName: string;
  /** Kibana resource where Filebeat loads its dashboards, in `namespace`. */
  readonly kibanaName: string;
  /**
   * Namespace of the ECK stack, of Filebeat and of its ServiceAccount.
   * @default platformNamespaces.elastic
   */
  readonly namespace?: string;
}

/** Filebeat as a DaemonSet reading every container log of its node, with the RBAC of its Kubernetes metadata. */
export class ContainerLogShipper extends Construct {
  constructor(scope: Construct, id: string, props: ContainerLogShipperProps) {
    super(scope, id);
    const namespace = props.namespace ?? platformNamespaces.elastic;
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: FILEBEAT, namespace } });
    new k8s.KubeClusterRole(this, 'role', {
      metadata: { name: FILEBEAT },
      rules: [
        { apiGroups: [''], resources: ['namespaces', 'pods', 'nodes'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'binding', {
      metadata: { name: FILEBEAT },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: FILEBEAT },
      subjects: [{ kind: 'ServiceAccount', name: FILEBEAT, namespace }],
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
        elasticsearchRef: { name: props.elasticsearchName },
        kibanaRef: { name: props.kibanaName },
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
              serviceAccountName: FILEBEAT,
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

/** `50-logging`. */
export class LoggingChart extends ComponentChart {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id, { clusterName: model.name, component: 'eck-logging' });
    const names = model.names.logging;
    const namespace = model.names.namespaces.elastic;
    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: namespace } });
    const logging = model.components.logging;
    new LogsElasticsearch(this, 'elasticsearch', {
      name: names.elasticsearch,
      nodes: logging.elasticsearchNodes,
      storageClass: model.storageClass,
      storageSize: logging.elasticsearchStorageSize,
    });
    new Kibana(this, 'kibana', {
      metadata: { name: names.kibana, namespace },
      spec: {
        version: versions.elasticStack,
        count: 1,
        elasticsearchRef: { name: names.elasticsearch },
        // TLS ends at the Gateway (cert-manager certificate of the cluster CA), as it ended at the reference's Ingress.
        http: { tls: { selfSignedCertificate: { disabled: true } } },
        config: { 'server.publicBaseUrl': `https://${model.hosts.kibana}` },
        podTemplate: podResources('kibana', { cpu: '200m', memory: '1Gi' }, { cpu: '1', memory: '2Gi' }),
      },
    });
    new PublishedService(this, 'kibana-published', {
      issuer: clusterCaIssuer(model),
      // The Service ECK makes for the Kibana resource.
      backend: RouteBackend.fromServiceName(namespace, names.kibanaService, 5601),
      host: model.hosts.kibana,
      routeName: names.kibanaRoute,
      tlsSecretName: names.kibanaTlsSecret,
    });
    new ContainerLogShipper(this, 'filebeat', { name: names.beat, elasticsearchName: names.elasticsearch, kibanaName: names.kibana });
    if (logging.apm) {
      // The reference's APM referred to kube-<name>-elasticsearch while its Elasticsearch was <name>-elasticsearch: fixed.
      new ApmServer(this, 'apm', {
        metadata: { name: names.apmServer, namespace },
        spec: {
          version: versions.elasticStack,
          count: 1,
          elasticsearchRef: { name: names.elasticsearch },
          kibanaRef: { name: names.kibana },
          podTemplate: podResources('apm-server', { cpu: '100m', memory: '256Mi' }, { cpu: '1', memory: '512Mi' }),
        },
      });
    }
  }
}
