/**
 * OIDC wiring from one source (`model.oidc`): the ClusterRoleBinding of the cluster-admin group
 * and the kubelogin kubeconfig (Headlamp's login is in charts/dashboard.ts). Kubespray's
 * `kube_oidc_*` variables are written by the inventory generator from the same model fields.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, OidcModel } from '../clusters/model';
import type { OutputFile } from '../output/files';
import { toYaml } from '../output/serialize';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';

/** Reference name of the binding of `oidc:cluster-admin` to cluster-admin. */
export const OIDC_CLUSTER_ADMIN_BINDING = 'oidc-cluster-admin';

const requireOidc = (model: ClusterModel): OidcModel => {
  if (!model.oidc) throw new Error(`cluster ${model.name}: OIDC objects need an 'oidc' section in the spec`);
  return model.oidc;
};

/** Who gets cluster-admin through OIDC. */
export interface OidcChartProps extends PlatformChartProps {
  /** The OIDC group bound to cluster-admin, with the API server's prefix (`model.oidc.clusterAdminGroup`). */
  readonly clusterAdminGroup: string;
}

/**
 * `41-oidc`: the cluster-admin binding. (The dashboard's oauth2-proxy is gone: Headlamp logs users
 * in with the issuer itself, see charts/dashboard.ts.)
 */
export class OidcChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: OidcChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'oidc' });
    new k8s.KubeClusterRoleBinding(this, 'cluster-admin', {
      metadata: { name: OIDC_CLUSTER_ADMIN_BINDING },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: props.clusterAdminGroup }],
    });
  }
}

/**
 * `kubeconfig-oidc.yaml`: a kubelogin user and context to merge with Kubespray's admin.conf
 * (`KUBECONFIG=inventory/artifacts/admin.conf:kubeconfig-oidc.yaml`), whose cluster entry
 * (server, CA) it refers to by name. The client secret is not in it: each admin appends
 * `--oidc-client-secret=…` to their own copy (see docs/platform.md).
 */
export function renderKubeconfigOidc(model: ClusterModel): OutputFile {
  const oidc = requireOidc(model);
  const cluster = model.clusterDomain; // Kubespray names the cluster of admin.conf after cluster_name
  const user = `oidc@${model.name}`;
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    users: [
      {
        name: user,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: 'kubectl',
            args: ['oidc-login', 'get-token', `--oidc-issuer-url=${oidc.issuerUrl}`, `--oidc-client-id=${oidc.clientId}`],
            interactiveMode: 'IfAvailable',
            provideClusterInfo: false,
          },
        },
      },
    ],
    contexts: [{ name: user, context: { cluster, user } }],
  };
  return { path: 'kubeconfig-oidc.yaml', content: toYaml(kubeconfig) };
}

/** The chart's props from the model (which must have an `oidc` section). */
export function oidcChartProps(model: ClusterModel): OidcChartProps {
  return { clusterName: model.name, clusterAdminGroup: requireOidc(model).clusterAdminGroup };
}
