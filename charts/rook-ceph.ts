import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, RookCephNamesModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { images } from '../clusters/model/versions';
import { CephBlockPool, CephCluster, CephClusterSpecStorage } from '../imports/ceph.rook.io';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { PublishedService, RouteBackend } from './lib/published-service';
import { computeResources, restrictedContainer } from './lib/workload';

/** Port of Rook's `rook-ceph-mgr-dashboard` Service when the dashboard serves without SSL. */
export const CEPH_DASHBOARD_HTTP_PORT = 7000;
/** Uid the toolbox runs as (Rook's own toolbox.yaml uses it; the image needs no particular uid). */
const TOOLBOX_UID = 2016;

/**
 * The toolbox's entrypoint: keep `/etc/ceph/ceph.conf` and the admin keyring current from the mon
 * endpoints ConfigMap (mons move when they fail over), so `kubectl exec … -- ceph status` works.
 */
export const TOOLBOX_SCRIPT = `set -eu
keyring=/etc/ceph/keyring
umask 077
printf '[%s]\\nkey = %s\\n' "$ROOK_CEPH_USERNAME" "$(cat /var/lib/rook-ceph-mon/secret.keyring)" > "$keyring"
while true; do
  mon_host=$(sed 's/[a-z0-9_-]*=//g' /etc/rook/mon-endpoints)
  printf '[global]\\nmon_host = %s\\n[client.admin]\\nkeyring = %s\\n' "$mon_host" "$keyring" > /etc/ceph/ceph.conf.new
  mv /etc/ceph/ceph.conf.new /etc/ceph/ceph.conf
  sleep 30
done
`;

/** The disks of one node that become OSDs. */
export interface CephNodeDisks {
  /** Node name (its `kubernetes.io/hostname`). */
  readonly name: string;
  /** Device names or paths, e.g. `sdb`, `/dev/disk/by-id/…`. */
  readonly devices: readonly string[];
}

/** What the Rook-Ceph chart needs. */
export interface RookCephChartProps extends PlatformChartProps {
  /** Names of the Ceph objects (`model.names.rookCeph`). */
  readonly names: RookCephNamesModel;
  /**
   * Namespace of the operator and the cluster (created by Rook's `common.yaml` in `operators/`).
   * @default platformNamespaces.rookCeph
   */
  readonly namespace?: string;
  /** Number of nodes of the Kubernetes cluster: one mon per node, up to 3; one or two mgrs. */
  readonly nodeCount: number;
  /**
   * The disks that become OSDs, node by node.
   * @default - every empty disk of every node, and disks added later (useAllDevices)
   */
  readonly osdDisks?: readonly CephNodeDisks[];
  /** Replicas of the block pool (`components.rookCeph.replicaSize`). */
  readonly replicaSize: number;
  /** Make the block StorageClass the cluster's default (`components.rookCeph.defaultStorageClass`). */
  readonly defaultStorageClass: boolean;
  /**
   * Export Ceph's metrics (monitoring is on).
   * @default false
   */
  readonly metrics?: boolean;
  /** Host the Ceph dashboard is published at (`model.hosts.cephDashboard`). */
  readonly dashboardHost: string;
  /** Issuer of the dashboard's certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
}

/** The chart's props from the cluster model. */
export function rookCephChartProps(model: ClusterModel): RookCephChartProps {
  const rook = model.components.rookCeph;
  return {
    clusterName: model.name,
    names: model.names.rookCeph,
    namespace: model.names.namespaces.rookCeph,
    nodeCount: model.nodes.length,
    // Every empty disk of every node, or exactly the `cephDisks` of each node.
    osdDisks: rook.useAllDevices ? undefined : model.nodes.filter((n) => n.cephDisks.length > 0).map((n) => ({ name: n.name, devices: n.cephDisks })),
    replicaSize: rook.replicaSize,
    defaultStorageClass: rook.defaultStorageClass,
    metrics: model.components.monitoring.enabled,
    dashboardHost: model.hosts.cephDashboard,
    issuer: clusterCaIssuer(model),
  };
}

/**
 * Rook-Ceph storage, for an operator installed from `operators/`: the CephCluster `rook-ceph`,
 * the block pool and StorageClass the platform's volumes use, the toolbox, and the Ceph
 * dashboard published over HTTPS. Names are the reference's, so applying updates in place.
 */
export class RookCephChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: RookCephChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'rook-ceph' });
    const { names } = props;
    const nodes = props.nodeCount;
    const namespace = props.namespace ?? platformNamespaces.rookCeph;

    const cluster = new CephCluster(this, 'cluster', {
      metadata: { name: names.cluster, namespace },
      spec: {
        cephVersion: { image: images.ceph, allowUnsupported: false },
        dataDirHostPath: '/var/lib/rook',
        skipUpgradeChecks: false,
        continueUpgradeAfterChecksEvenIfNotHealthy: false,
        // One mon per node: 3, or 1 on a cluster too small for a quorum of 3.
        mon: { count: nodes >= 3 ? 3 : 1, allowMultiplePerNode: false },
        mgr: { count: nodes >= 2 ? 2 : 1, allowMultiplePerNode: false, modules: [{ name: 'rook', enabled: true }] },
        // Plain HTTP inside the cluster: TLS ends at the Gateway with the host's cluster-CA
        // certificate, as for every other console (the mgr's own certificate is self-signed and
        // cannot be verified by the Gateway). See docs/gateway.md.
        dashboard: { enabled: true, ssl: false },
        // Ceph exports metrics whenever monitoring is on; Rook's own ServiceMonitor stays off
        // (`enabled: false`) because the reference's `ceph-rook-svc-monitor` (52-monitoring,
        // charts/monitoring.ts) already scrapes the mgr: both would collect every series twice.
        monitoring: { enabled: false, metricsDisabled: !(props.metrics ?? false) },
        crashCollector: { disable: false },
        priorityClassNames: { mon: 'system-node-critical', osd: 'system-node-critical', mgr: 'system-cluster-critical' },
        disruptionManagement: { managePodBudgets: true, osdMaintenanceTimeout: 30 },
        storage: cephStorage(props.osdDisks),
      },
    });

    const pool = new CephBlockPool(this, 'replicapool', {
      metadata: { name: names.blockPool, namespace },
      spec: {
        failureDomain: 'host',
        // Rook refuses size 1 unless told the spec means it.
        replicated: { size: props.replicaSize, requireSafeReplicaSize: props.replicaSize > 1 },
        parameters: { compression_mode: 'none' },
      },
    });

    new k8s.KubeStorageClass(this, 'storageclass', {
      metadata: {
        name: names.storageClass,
        annotations: props.defaultStorageClass ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : undefined,
      },
      provisioner: `${namespace}.rbd.csi.ceph.com`,
      parameters: rbdParameters(cluster, pool),
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
    });

    new RookToolbox(this, 'toolbox', { namespace });

    new PublishedService(this, 'dashboard', {
      issuer: props.issuer,
      // Rook's Service of the dashboard without SSL, made by the operator: port 7000 (`http-dashboard`).
      backend: RouteBackend.fromServiceName(namespace, names.dashboardService, CEPH_DASHBOARD_HTTP_PORT),
      host: props.dashboardHost,
      routeName: names.dashboardService,
      tlsSecretName: names.dashboardTlsSecret,
    });
  }
}

/** Every empty disk of every node, or exactly the disks given. */
function cephStorage(osdDisks: readonly CephNodeDisks[] | undefined): CephClusterSpecStorage {
  if (!osdDisks) return { useAllNodes: true, useAllDevices: true };
  return {
    useAllNodes: false,
    useAllDevices: false,
    nodes: osdDisks.map((n) => ({ name: n.name, devices: n.devices.map((d) => ({ name: d })) })),
  };
}

/**
 * The CSI parameters of Rook's example RBD StorageClass for a pool of a cluster (the CSI
 * `clusterID` is the CephCluster's namespace; the secrets are made there by the operator).
 */
function rbdParameters(cluster: CephCluster, pool: CephBlockPool): Record<string, string> {
  const namespace = cluster.metadata.namespace!;
  const secret = (kind: string, name: string) => ({
    [`csi.storage.k8s.io/${kind}-secret-name`]: name,
    [`csi.storage.k8s.io/${kind}-secret-namespace`]: namespace,
  });
  return {
    clusterID: namespace,
    pool: pool.name,
    imageFormat: '2',
    // Nodes run current kernels (FCOS/Flatcar ≥ 5.4): the full RBD feature set.
    imageFeatures: 'layering,fast-diff,object-map,deep-flatten,exclusive-lock',
    ...secret('provisioner', 'rook-csi-rbd-provisioner'),
    ...secret('controller-expand', 'rook-csi-rbd-provisioner'),
    ...secret('node-stage', 'rook-csi-rbd-node'),
    // ext4, not the reference's xfs: Rook warns of xfs deadlocks when OSDs share the node.
    'csi.storage.k8s.io/fstype': 'ext4',
  };
}

/** Where the toolbox runs and what it runs. */
export interface RookToolboxProps {
  /**
   * Namespace of the Ceph cluster, whose mon Secret and endpoints the toolbox reads.
   * @default platformNamespaces.rookCeph
   */
  readonly namespace?: string;
  /**
   * Ceph image, the same release as the cluster's daemons.
   * @default images.ceph
   */
  readonly image?: string;
}

/** The `rook-ceph-tools` Deployment (reference name and selector): the ceph CLI against the cluster. */
export class RookToolbox extends Construct {
  constructor(scope: Construct, id: string, props: RookToolboxProps = {}) {
    super(scope, id);
    const labels = { app: 'rook-ceph-tools' };
    const configReady: k8s.Probe = { exec: { command: ['test', '-s', '/etc/ceph/ceph.conf'] }, periodSeconds: 30 };
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: 'rook-ceph-tools', namespace: props.namespace ?? platformNamespaces.rookCeph, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            dnsPolicy: 'ClusterFirstWithHostNet',
            containers: [
              {
                name: 'rook-ceph-tools',
                image: props.image ?? images.ceph,
                imagePullPolicy: 'IfNotPresent',
                command: ['/bin/bash', '-c', TOOLBOX_SCRIPT],
                env: [{ name: 'ROOK_CEPH_USERNAME', valueFrom: { secretKeyRef: { name: 'rook-ceph-mon', key: 'ceph-username' } } }],
                securityContext: { ...restrictedContainer(TOOLBOX_UID), runAsGroup: TOOLBOX_UID },
                resources: computeResources({ cpu: '10m', memory: '64Mi' }, { cpu: '500m', memory: '512Mi' }),
                readinessProbe: { ...configReady, initialDelaySeconds: 5 },
                livenessProbe: { ...configReady, initialDelaySeconds: 60 },
                volumeMounts: [
                  { name: 'ceph-config', mountPath: '/etc/ceph' },
                  { name: 'mon-endpoint-volume', mountPath: '/etc/rook' },
                  { name: 'ceph-admin-secret', mountPath: '/var/lib/rook-ceph-mon', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'ceph-admin-secret', secret: { secretName: 'rook-ceph-mon', items: [{ key: 'ceph-secret', path: 'secret.keyring' }] } },
              { name: 'mon-endpoint-volume', configMap: { name: 'rook-ceph-mon-endpoints', items: [{ key: 'data', path: 'mon-endpoints' }] } },
              { name: 'ceph-config', emptyDir: {} },
            ],
            tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }],
          },
        },
      },
    });
  }
}
