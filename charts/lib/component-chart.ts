import { Chart } from 'cdk8s';
import { Construct } from 'constructs';

/** What every platform chart is told: whose cluster it belongs to. */
export interface PlatformChartProps {
  /** Name of the cluster (`model.name`): the `app.kubernetes.io/part-of` label of every object. */
  readonly clusterName: string;
}

/** What a ComponentChart needs to know. */
export interface ComponentChartProps extends PlatformChartProps {
  /** Value of `app.kubernetes.io/name` on every object of the chart, e.g. `rook-ceph`. */
  readonly component: string;
  /**
   * Default namespace of the chart's objects.
   * @default - none: each object names its own
   */
  readonly namespace?: string;
}

/** Label that marks every object this project writes. */
export const MANAGED_BY = 'kube-cluster-as-code';

/**
 * Label the operators kustomization puts on every object of the upstream bundles (value: the
 * cluster's name), so that the deploy can prune a bundle's objects by ownership. A key of the
 * project's own: the bundles' `app.kubernetes.io/*` labels are left as upstream set them.
 */
export const OPERATORS_OWNER_LABEL = 'kube-cluster-as-code/cluster';

/**
 * Base of every chart in `charts/`: one platform component, its objects carrying the
 * Kubernetes recommended labels. The construct id is the manifest file name
 * (`20-rook-ceph` → `manifests/20-rook-ceph.yaml`), so name order is apply order.
 */
export class ComponentChart extends Chart {
  constructor(scope: Construct, id: string, props: ComponentChartProps) {
    super(scope, id, {
      namespace: props.namespace,
      disableResourceNameHashes: true,
      labels: {
        'app.kubernetes.io/name': props.component,
        'app.kubernetes.io/part-of': props.clusterName,
        'app.kubernetes.io/managed-by': MANAGED_BY,
      },
    });
  }
}
