/**
 * The Flatcar update operator (FLUO), Flatcar's recommended reboot manager on Kubernetes: its
 * agent (a DaemonSet on the Flatcar nodes) hears from update_engine over D-Bus that an update
 * waits for a reboot and marks the node; the operator drains and reboots one marked node at a
 * time, inside its reboot window (`--reboot-window-start`/`--reboot-window-length`). locksmithd,
 * which would reboot on its own, is masked in the nodes' Butane configs (fcc-gen/updates.ts).
 * Objects and permissions as upstream's examples/deploy at the pinned release.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, MaintenanceWindowModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { images } from '../clusters/model/versions';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { computeResources, restrictedContainer, restrictedPod } from './lib/workload';

const OPERATOR = 'flatcar-linux-update-operator';
const AGENT = 'flatcar-linux-update-agent';
/** Name of the operator's leader-election lock (ConfigMap and Lease), fixed by upstream. */
const LOCK = 'flatcar-linux-update-operator-lock';
const NOBODY = 65534;

/** FLUO's window flags: `[Day ]HH:MM` and a Go duration; every day when the window has all seven. */
export function fluoWindowArgs(window: MaintenanceWindowModel): string[] {
  const day = window.days.length === 7 ? '' : `${window.days[0]} `;
  const h = Math.floor(window.lengthMinutes / 60);
  const m = window.lengthMinutes % 60;
  return [`--reboot-window-start=${day}${window.start}`, `--reboot-window-length=${h ? `${h}h` : ''}${m ? `${m}m` : ''}`];
}

/** Where FLUO runs, on which nodes, and its reboot window. */
export interface FlatcarUpdateOperatorProps {
  /** Nodes running Flatcar: the agent runs on these only (it talks to update_engine). */
  readonly nodeNames: readonly string[];
  /** The maintenance window (one day of the week, or every day). */
  readonly window: MaintenanceWindowModel;
  /**
   * Namespace of the operator, the agent and the leader-election lock.
   * @default platformNamespaces.flatcarUpdateOperator
   */
  readonly namespace?: string;
  /**
   * Image of the operator and the agent.
   * @default images.flatcarUpdateOperator
   */
  readonly image?: string;
}

const controlPlaneTolerations: k8s.Toleration[] = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }];

/** The operator Deployment and the agent DaemonSet, with their ServiceAccounts and RBAC. */
export class FlatcarUpdateOperator extends Construct {
  constructor(scope: Construct, id: string, props: FlatcarUpdateOperatorProps) {
    super(scope, id);
    const namespace = props.namespace ?? platformNamespaces.flatcarUpdateOperator;
    const image = props.image ?? images.flatcarUpdateOperator;
    const nodeRules: k8s.PolicyRule = { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch', 'update'] };
    /** A ServiceAccount and its ClusterRole of the same name. */
    const bind = (id: string, name: string, rules: k8s.PolicyRule[]): k8s.KubeServiceAccount => {
      const account = new k8s.KubeServiceAccount(this, `${id}-account`, { metadata: { name, namespace } });
      const role = new k8s.KubeClusterRole(this, `${id}-cluster-role`, { metadata: { name }, rules });
      new k8s.KubeClusterRoleBinding(this, `${id}-cluster-binding`, {
        metadata: { name },
        roleRef: { apiGroup: role.apiGroup, kind: role.kind, name: role.name },
        subjects: [{ kind: 'ServiceAccount', name: account.name, namespace }],
      });
      return account;
    };
    const operatorAccount = bind('operator', OPERATOR, [nodeRules]);
    // The agent drains its own node (cordon, evict, skipping DaemonSet pods).
    const agentAccount = bind('agent', AGENT, [
      nodeRules,
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] },
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'] },
    ]);
    // Leader election of the operator: its own lock only.
    const operatorRole = new k8s.KubeRole(this, 'operator-role', {
      metadata: { name: OPERATOR, namespace },
      rules: [
        { apiGroups: ['', 'coordination.k8s.io'], resources: ['configmaps', 'leases'], verbs: ['create'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: [LOCK], verbs: ['get', 'update'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [LOCK], verbs: ['get', 'update'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'watch'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'operator-binding', {
      metadata: { name: OPERATOR, namespace },
      roleRef: { apiGroup: operatorRole.apiGroup, kind: operatorRole.kind, name: operatorRole.name },
      subjects: [{ kind: 'ServiceAccount', name: operatorAccount.name, namespace }],
    });

    const operatorLabels = { app: OPERATOR };
    new k8s.KubeDeployment(this, 'operator', {
      metadata: { name: OPERATOR, namespace, labels: operatorLabels },
      spec: {
        replicas: 1,
        selector: { matchLabels: operatorLabels },
        template: {
          metadata: { labels: operatorLabels },
          spec: {
            serviceAccountName: operatorAccount.name,
            securityContext: restrictedPod(),
            tolerations: controlPlaneTolerations,
            containers: [
              {
                name: 'update-operator',
                image,
                command: ['/bin/update-operator', ...fluoWindowArgs(props.window)],
                env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
                securityContext: { ...restrictedContainer(NOBODY), readOnlyRootFilesystem: true },
                resources: computeResources({ cpu: '20m', memory: '32Mi' }, { cpu: '200m', memory: '128Mi' }),
              },
            ],
          },
        },
      },
    });

    const agentLabels = { app: AGENT };
    const hostPaths: Array<[string, string]> = [
      ['var-run-dbus', '/var/run/dbus'],
      ['etc-flatcar', '/etc/flatcar'],
      ['usr-share-flatcar', '/usr/share/flatcar'],
      ['etc-os-release', '/etc/os-release'],
    ];
    new k8s.KubeDaemonSet(this, 'agent', {
      metadata: { name: AGENT, namespace, labels: agentLabels },
      spec: {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        selector: { matchLabels: agentLabels },
        template: {
          metadata: { labels: agentLabels },
          spec: {
            serviceAccountName: agentAccount.name,
            tolerations: controlPlaneTolerations,
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [...props.nodeNames] }] }],
                },
              },
            },
            containers: [
              {
                name: 'update-agent',
                image,
                command: ['/bin/update-agent'],
                env: [
                  { name: 'UPDATE_AGENT_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                ],
                // Rebooting through logind over the host's D-Bus needs uid 0 (upstream's comment:
                // the host's PolicyKit does not let 65534 do it); nothing else is granted.
                securityContext: { runAsUser: 0, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
                volumeMounts: hostPaths.map(([name, path]) => ({ name, mountPath: path, readOnly: name !== 'var-run-dbus' })),
                resources: computeResources({ cpu: '10m', memory: '32Mi' }, { cpu: '200m', memory: '128Mi' }),
              },
            ],
            volumes: hostPaths.map(([name, path]) => ({ name, hostPath: { path } })),
          },
        },
      },
    });
  }
}

/** What the FLUO chart needs: the Flatcar nodes and the window. */
export interface FlatcarUpdateOperatorChartProps extends FlatcarUpdateOperatorProps, PlatformChartProps {}

/** The chart's props from the cluster model. */
export const flatcarUpdateOperatorChartProps = (model: ClusterModel): FlatcarUpdateOperatorChartProps => ({
  clusterName: model.name,
  namespace: model.names.namespaces.flatcarUpdateOperator,
  nodeNames: model.nodes.filter((n) => n.os === 'flatcar').map((n) => n.name),
  window: model.updates.window,
});

/** FLUO on a cluster with Flatcar nodes and coordinated updates. */
export class FlatcarUpdateOperatorChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: FlatcarUpdateOperatorChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'flatcar-update-operator' });
    const namespace = new k8s.KubeNamespace(this, 'namespace', { metadata: { name: props.namespace ?? platformNamespaces.flatcarUpdateOperator } });
    new FlatcarUpdateOperator(this, 'operator', { ...props, namespace: namespace.name });
  }
}
