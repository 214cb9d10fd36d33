/**
 * fleetlock: the FleetLock server Zincati (Fedora CoreOS) asks before it reboots a node into an
 * update. It holds a Kubernetes Lease (`fleetlock-<group>`, one holder at a time), drains the
 * node before granting, and the node releases the lock when it is back. Zincati reaches it at a
 * fixed ClusterIP, without cluster DNS (fcc-gen/updates.ts).
 *
 * The maintenance window: Zincati's `periodic` strategy cannot be combined with `fleet_lock`, and
 * fleetlock has no window of its own, so two CronJobs scale the server to one replica when the
 * window opens and to zero when it closes. Outside the window no lock can be had (Zincati keeps
 * the update staged and asks again later); a node rebooting when the window closes keeps its
 * lock, and releases it when the next window opens, so no second node reboots meanwhile.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, MaintenanceWindowModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { images } from '../clusters/model/versions';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { computeResources, httpProbe, restrictedContainer, restrictedPod } from './lib/workload';

const FLEETLOCK = 'fleetlock';
const PORT = 8080;
/** Uid of `nobody`, the image's USER. */
const NOBODY = 65534;
/** Zincati's default group (`identity.group`): fleetlock names its Lease after it. */
export const ZINCATI_GROUP = 'default';

/** Where the FleetLock server runs and how Zincati reaches it. */
export interface FleetLockServerProps {
  /** Fixed ClusterIP of the Service, in the service network (what every node's Zincati calls). */
  readonly clusterIp: string;
  /**
   * Namespace of the server and of its Lease.
   * @default platformNamespaces.fleetlock
   */
  readonly namespace?: string;
  /**
   * Image of the server.
   * @default images.fleetlock
   */
  readonly image?: string;
}

/** The fleetlock Deployment and its Service at a fixed ClusterIP, with the RBAC of its Lease and of draining. */
export class FleetLockServer extends Construct {
  readonly namespace: string;
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: FleetLockServerProps) {
    super(scope, id);
    const namespace = (this.namespace = props.namespace ?? platformNamespaces.fleetlock);
    const labels = { app: FLEETLOCK };
    const account = new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: FLEETLOCK, namespace }, automountServiceAccountToken: true });
    const subjects = [{ kind: 'ServiceAccount', name: account.name, namespace }];
    // The Lease: create (a name cannot restrict create), then get/update of its own only.
    const role = new k8s.KubeRole(this, 'lease-role', {
      metadata: { name: FLEETLOCK, namespace },
      rules: [
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [`fleetlock-${ZINCATI_GROUP}`], verbs: ['get', 'update'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'lease-binding', {
      metadata: { name: FLEETLOCK, namespace },
      roleRef: { apiGroup: role.apiGroup, kind: role.kind, name: role.name },
      subjects,
    });
    // Draining: find the node by machine id, cordon it, evict its pods (upstream's ClusterRole).
    const drain = new k8s.KubeClusterRole(this, 'drain-role', {
      metadata: { name: `${FLEETLOCK}-drain` },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'patch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
        { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'drain-binding', {
      metadata: { name: `${FLEETLOCK}-drain` },
      roleRef: { apiGroup: drain.apiGroup, kind: drain.kind, name: drain.name },
      subjects,
    });
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: FLEETLOCK, namespace, labels },
      spec: {
        // Closed until the window opens: the open CronJob scales it to 1, the close one to 0.
        // Re-applying the manifests (deploy applies with --force-conflicts) closes an open
        // window early, the safe direction, and can never open a closed one.
        replicas: 0,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: account.name,
            securityContext: restrictedPod(),
            containers: [
              {
                name: FLEETLOCK,
                image: props.image ?? images.fleetlock,
                env: [{ name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
                ports: [{ name: 'http', containerPort: PORT }],
                securityContext: { ...restrictedContainer(NOBODY), readOnlyRootFilesystem: true },
                resources: computeResources({ cpu: '30m', memory: '30Mi' }, { cpu: '200m', memory: '64Mi' }),
                livenessProbe: httpProbe('/-/healthy', PORT),
                readinessProbe: httpProbe('/-/healthy', PORT),
              },
            ],
          },
        },
      },
    });
    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name: FLEETLOCK, namespace, labels },
      spec: { type: 'ClusterIP', clusterIp: props.clusterIp, selector: labels, ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromNumber(PORT) }] },
    });
  }
}

/** The server a maintenance window opens and closes, and when. */
export interface MaintenanceWindowProps {
  /** The server whose Deployment the window scales. */
  readonly server: FleetLockServer;
  /** When the window opens and closes (cron schedules in UTC). */
  readonly window: MaintenanceWindowModel;
  /**
   * Image with kubectl.
   * @default images.kubectl
   */
  readonly image?: string;
}

/** Two CronJobs scaling the server to 1 at the window's start and to 0 at its end, with the RBAC of that Deployment's scale only. */
export class MaintenanceWindow extends Construct {
  constructor(scope: Construct, id: string, props: MaintenanceWindowProps) {
    super(scope, id);
    const namespace = props.server.namespace;
    const target = props.server.deployment.name;
    const name = `${target}-window`;
    const account = new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name, namespace } });
    const role = new k8s.KubeRole(this, 'role', {
      metadata: { name, namespace },
      rules: [
        { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [target], verbs: ['get'] },
        { apiGroups: ['apps'], resources: ['deployments/scale'], resourceNames: [target], verbs: ['get', 'patch', 'update'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'binding', {
      metadata: { name, namespace },
      roleRef: { apiGroup: role.apiGroup, kind: role.kind, name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: account.name, namespace }],
    });
    const scaleJob = (id: string, schedule: string, replicas: number) =>
      new k8s.KubeCronJob(this, id, {
        metadata: { name: `${name}-${id}`, namespace },
        spec: {
          schedule,
          timeZone: 'Etc/UTC',
          concurrencyPolicy: 'Forbid',
          // A missed start (controller down) still runs within the window.
          startingDeadlineSeconds: 600,
          successfulJobsHistoryLimit: 1,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            spec: {
              backoffLimit: 4,
              activeDeadlineSeconds: 600,
              template: {
                spec: {
                  serviceAccountName: account.name,
                  restartPolicy: 'OnFailure',
                  securityContext: restrictedPod(),
                  containers: [
                    {
                      name: 'kubectl',
                      image: props.image ?? images.kubectl,
                      command: ['/bin/kubectl', 'scale', `deployment/${target}`, `--namespace=${namespace}`, `--replicas=${replicas}`],
                      securityContext: { ...restrictedContainer(NOBODY), readOnlyRootFilesystem: true },
                      resources: computeResources({ cpu: '10m', memory: '32Mi' }, { cpu: '200m', memory: '128Mi' }),
                    },
                  ],
                },
              },
            },
          },
        },
      });
    scaleJob('open', props.window.openSchedule, 1);
    scaleJob('close', props.window.closeSchedule, 0);
  }
}

/** What the FleetLock chart needs: where Zincati finds the server, and the window. */
export interface FleetLockChartProps extends PlatformChartProps {
  /** Fixed ClusterIP of the lock service (`model.updates.lockServiceIp`). */
  readonly lockServiceIp: string;
  /** The maintenance window (`model.updates.window`). */
  readonly window: MaintenanceWindowModel;
  /**
   * Namespace of the server.
   * @default platformNamespaces.fleetlock
   */
  readonly namespace?: string;
}

/** The chart's props from the cluster model. */
export const fleetLockChartProps = (model: ClusterModel): FleetLockChartProps => ({ clusterName: model.name, namespace: model.names.namespaces.fleetlock, lockServiceIp: model.updates.lockServiceIp, window: model.updates.window });

/** The FleetLock server of a cluster with Fedora CoreOS nodes and coordinated updates, and its window. */
export class FleetLockChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: FleetLockChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: FLEETLOCK });
    const namespace = new k8s.KubeNamespace(this, 'namespace', { metadata: { name: props.namespace ?? platformNamespaces.fleetlock } });
    const server = new FleetLockServer(this, 'server', { clusterIp: props.lockServiceIp, namespace: namespace.name });
    new MaintenanceWindow(this, 'window', { server, window: props.window });
  }
}
