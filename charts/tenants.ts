import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { DEFAULT_OIDC_PREFIX, type ClusterModel, type TenantModel } from '../clusters/model/model';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { computeQuantities } from './lib/workload';

/** Namespaces that exist in every cluster: bound, never created. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * The reference's RoleBinding names (multitenants-default-role-bindings.yaml), kept so that
 * applying to the existing cluster updates them in place: `edit` is bound as `oidc-namespace-user`.
 */
const ROLE_BINDINGS = [
  { name: 'oidc-namespace-admin', clusterRole: 'admin', group: 'admin' },
  { name: 'oidc-namespace-user', clusterRole: 'edit', group: 'edit' },
  { name: 'oidc-namespace-view', clusterRole: 'view', group: 'view' },
] as const;

/** One team's namespace. */
export interface TenantProps {
  /** The tenant: namespace name, OIDC groups, optional quota and limits. */
  readonly tenant: TenantModel;
  /** Prefix the API server adds to OIDC groups (`kube_oidc_groups_prefix`). */
  readonly groupsPrefix: string;
}

/** One team's namespace: the Namespace, admin/edit/view RoleBindings to OIDC groups, quota and limits. */
export class Tenant extends Construct {
  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, id);
    const { tenant, groupsPrefix } = props;
    const namespace = tenant.name;
    if (!BUILT_IN_NAMESPACES.has(namespace)) {
      new k8s.KubeNamespace(this, 'namespace', { metadata: { name: namespace } });
    }
    for (const binding of ROLE_BINDINGS) {
      new k8s.KubeRoleBinding(this, binding.name, {
        metadata: { name: binding.name, namespace },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: binding.clusterRole },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `${groupsPrefix}${tenant.groups[binding.group]}` }],
      });
    }
    const q = tenant.quota;
    if (q) {
      const hard: Record<string, k8s.Quantity> = {};
      const put = (key: string, v: string | number | undefined) => {
        if (v !== undefined) hard[key] = typeof v === 'number' ? k8s.Quantity.fromNumber(v) : k8s.Quantity.fromString(v);
      };
      put('requests.cpu', q.requestsCpu);
      put('requests.memory', q.requestsMemory);
      put('limits.cpu', q.limitsCpu);
      put('limits.memory', q.limitsMemory);
      put('pods', q.pods);
      put('persistentvolumeclaims', q.persistentVolumeClaims);
      put('requests.storage', q.requestsStorage);
      new k8s.KubeResourceQuota(this, 'quota', { metadata: { name: 'tenant-quota', namespace }, spec: { hard } });
    }
    const l = tenant.limits;
    if (l) {
      new k8s.KubeLimitRange(this, 'limits', {
        metadata: { name: 'tenant-limits', namespace },
        spec: {
          limits: [
            {
              type: 'Container',
              defaultRequest: computeQuantities({ cpu: l.defaultRequestCpu, memory: l.defaultRequestMemory }),
              default: computeQuantities({ cpu: l.defaultLimitCpu, memory: l.defaultLimitMemory }),
            },
          ],
        },
      });
    }
  }
}

/** The tenants of a cluster. */
export interface TenantsChartProps extends PlatformChartProps {
  /** The tenants (`model.tenants`); none gives an empty chart. */
  readonly tenants: readonly TenantModel[];
  /**
   * Prefix the API server adds to OIDC groups (`model.oidc.groupsPrefix`).
   * @default DEFAULT_OIDC_PREFIX (what tenants' RoleBindings assume on a cluster without `oidc`)
   */
  readonly groupsPrefix?: string;
}

/** Every tenant of the spec. */
export class TenantsChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: TenantsChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'tenants' });
    const groupsPrefix = props.groupsPrefix ?? DEFAULT_OIDC_PREFIX;
    for (const tenant of props.tenants) new Tenant(this, tenant.name, { tenant, groupsPrefix });
  }
}

/** The chart's props from the model. */
export function tenantsChartProps(model: ClusterModel): TenantsChartProps {
  return { clusterName: model.name, tenants: model.tenants, groupsPrefix: model.oidc?.groupsPrefix };
}
