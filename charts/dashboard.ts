import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel } from '../clusters/model';
import { ComponentChart } from './lib/component-chart';

/** Name of the admin ServiceAccount, its binding and (with `-token`) its Secret, as in the reference. */
export const DASHBOARD_ADMIN_USER = 'admin-user';
/** Where the reference keeps that ServiceAccount (whatever namespace the dashboard itself runs in). */
const ADMIN_USER_NAMESPACE = 'kube-system';

/**
 * Objects for the Kubernetes dashboard (Kubespray's addon before v2.31; from v2.31 the operators
 * kustomization installs upstream's last release, see `model.kubespray.installsIngressAndDashboard`).
 *
 * With `components.dashboard.adminUser`, the reference's `admin-user` ServiceAccount bound to
 * cluster-admin, plus the long-lived token Secret Kubernetes ≥ 1.24 no longer creates by itself.
 * RISK: that token is a permanent cluster-admin credential; the OIDC proxy is the safer door.
 */
export class DashboardChart extends ComponentChart {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id, { model, component: 'kubernetes-dashboard' });
    if (!model.components.dashboard.adminUser) return;
    new k8s.KubeServiceAccount(this, 'admin-user', { metadata: { name: DASHBOARD_ADMIN_USER, namespace: ADMIN_USER_NAMESPACE } });
    new k8s.KubeClusterRoleBinding(this, 'admin-user-binding', {
      metadata: { name: DASHBOARD_ADMIN_USER },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: DASHBOARD_ADMIN_USER, namespace: ADMIN_USER_NAMESPACE }],
    });
    new k8s.KubeSecret(this, 'admin-user-token', {
      metadata: {
        name: `${DASHBOARD_ADMIN_USER}-token`,
        namespace: ADMIN_USER_NAMESPACE,
        annotations: { 'kubernetes.io/service-account.name': DASHBOARD_ADMIN_USER },
      },
      type: 'kubernetes.io/service-account-token',
    });
  }
}
