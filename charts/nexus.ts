import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, KubernetesSecretRef, NexusNamesModel } from '../clusters/model';
import { images } from '../clusters/model/versions';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { PublishedService, RouteBackend } from './lib/published-service';
import { computeResources, restrictedContainer } from './lib/workload';

/** The data volume (reference name: renaming it would orphan the repositories). */
export const NEXUS_DATA_CLAIM = 'nexus3-ceph-claim';
export const NEXUS_SERVICE = 'nexus-service';
/** Port of the UI and the REST API. */
export const NEXUS_WEB_PORT = 8081;
/** Port of the Docker hosted repository's HTTP connector (configured in Nexus, reference value). */
export const NEXUS_DOCKER_PORT = 5000;
/** Uid of the `nexus` user of the sonatype/nexus3 image. */
const NEXUS_UID = 200;
/**
 * JVM sizing for a small cluster, as the image's README shows it (the image's own default asks
 * for 2.7 GiB of heap and as much direct memory). Memory limit = heap + direct memory + headroom.
 */
const JVM_OPTIONS = '-Xms1200m -Xmx1200m -XX:MaxDirectMemorySize=2g -Djava.util.prefs.userRoot=/nexus-data/javaprefs';

/** Where Nexus runs, what it stores and where it is published. */
export interface NexusChartProps extends PlatformChartProps {
  /** Namespace of Nexus, created here (`model.names.namespaces.nexus`). */
  readonly namespace: string;
  /** Storage class of the data volume (`model.storageClass`). */
  readonly storageClass: string;
  /** Size of the data volume (`components.nexus.storageSize`). */
  readonly storageSize: string;
  /**
   * Secret key holding the admin's initial password, read at first start only (`components.nexus.adminPassword`).
   * @default - none: Nexus makes a random one, in `/nexus-data/admin.password`
   */
  readonly adminPassword?: KubernetesSecretRef;
  /** Host of the UI and the REST API (`model.hosts.nexus`). */
  readonly uiHost: string;
  /** Host of the Docker hosted repository (`model.hosts.docker`). */
  readonly dockerHost: string;
  /** Issuer of the hosts' certificates: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /** TLS Secrets of the two hosts (`model.names.nexus`). */
  readonly names: NexusNamesModel;
}

/**
 * Nexus Repository 3 with its data on the platform StorageClass, published as `nexus.<domain>`
 * (UI, Maven, npm…) and `docker.<domain>` (the Docker hosted repository's connector). Object
 * names are the reference's so that applying updates the running Nexus in place.
 */
export class NexusChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: NexusChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'nexus' });
    const { namespace, issuer, names } = props;
    const labels = { app: 'nexus' };

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: namespace } });

    const data = new k8s.KubePersistentVolumeClaim(this, 'data', {
      metadata: { name: NEXUS_DATA_CLAIM, namespace, labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: props.storageClass,
        resources: { requests: { storage: k8s.Quantity.fromString(props.storageSize) } },
      },
    });

    const status: k8s.HttpGetAction = { path: '/service/rest/v1/status', port: k8s.IntOrString.fromNumber(NEXUS_WEB_PORT) };
    const env: k8s.EnvVar[] = [{ name: 'INSTALL4J_ADD_VM_PARAMS', value: JVM_OPTIONS }];
    if (props.adminPassword) {
      // Read at first start only (empty data volume); later changes go through the UI or API.
      env.push(
        { name: 'NEXUS_SECURITY_RANDOMPASSWORD', value: 'false' },
        { name: 'NEXUS_SECURITY_INITIAL_PASSWORD', valueFrom: { secretKeyRef: { name: props.adminPassword.secretName, key: props.adminPassword.key } } },
      );
    }

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: 'nexus-deployment', namespace, labels },
      spec: {
        replicas: 1,
        // A ReadWriteOnce volume cannot be mounted by the old and the new pod at once.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { fsGroup: NEXUS_UID, fsGroupChangePolicy: 'OnRootMismatch' },
            // Nexus flushes its database on shutdown.
            terminationGracePeriodSeconds: 120,
            containers: [
              {
                name: 'nexus',
                image: images.nexus,
                ports: [
                  { name: 'web', containerPort: NEXUS_WEB_PORT },
                  { name: 'docker', containerPort: NEXUS_DOCKER_PORT },
                ],
                env,
                securityContext: { ...restrictedContainer(NEXUS_UID), runAsGroup: NEXUS_UID },
                resources: computeResources({ cpu: '500m', memory: '2Gi' }, { cpu: '2', memory: '4Gi' }),
                // First start (or a database upgrade) takes minutes: up to 10 before liveness applies.
                startupProbe: { httpGet: status, periodSeconds: 10, failureThreshold: 60 },
                readinessProbe: { httpGet: status, periodSeconds: 10, failureThreshold: 3 },
                livenessProbe: { httpGet: status, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 6 },
                volumeMounts: [{ name: 'nexus-ceph-data', mountPath: '/nexus-data' }],
              },
            ],
            volumes: [{ name: 'nexus-ceph-data', persistentVolumeClaim: { claimName: data.name } }],
          },
        },
      },
    });

    const service = new k8s.KubeService(this, 'service', {
      metadata: { name: NEXUS_SERVICE, namespace },
      spec: {
        selector: labels,
        ports: [
          { name: 'web', protocol: 'TCP', port: NEXUS_WEB_PORT, targetPort: k8s.IntOrString.fromNumber(NEXUS_WEB_PORT) },
          { name: 'docker', protocol: 'TCP', port: NEXUS_DOCKER_PORT, targetPort: k8s.IntOrString.fromNumber(NEXUS_DOCKER_PORT) },
        ],
      },
    });

    new PublishedService(this, 'ui', {
      issuer,
      backend: RouteBackend.fromService(service, { port: 'web' }),
      host: props.uiHost,
      routeName: 'nexus',
      tlsSecretName: names.uiTlsSecret,
    });
    new PublishedService(this, 'docker', {
      issuer,
      backend: RouteBackend.fromService(service, { port: 'docker' }),
      host: props.dockerHost,
      routeName: 'docker-nexus',
      tlsSecretName: names.dockerTlsSecret,
    });
  }
}

/** The chart's props from the model. */
export function nexusChartProps(model: ClusterModel): NexusChartProps {
  const nexus = model.components.nexus;
  return {
    clusterName: model.name,
    namespace: model.names.namespaces.nexus,
    storageClass: model.storageClass,
    storageSize: nexus.storageSize,
    adminPassword: nexus.adminPassword,
    uiHost: model.hosts.nexus,
    dockerHost: model.hosts.docker,
    issuer: clusterCaIssuer(model),
    names: model.names.nexus,
  };
}
