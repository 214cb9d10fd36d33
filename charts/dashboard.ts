/**
 * The cluster UI: Headlamp (kubernetes-sigs/headlamp, the SIG UI successor of the archived
 * kubernetes/dashboard), at the dashboard host. With the spec's `oidc`, users log in with the
 * cluster's Keycloak directly and Headlamp calls the API server with each user's own ID token:
 * the API server already trusts that issuer (`kube_oidc_*`), so RBAC applies per user and no
 * OIDC proxy is needed in front (oauth2-proxy is gone). Arguments and environment follow
 * Headlamp's own chart at the pinned tag (charts/headlamp/templates/deployment.yaml).
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, KubernetesSecretRef } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { images } from '../clusters/model/versions';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { PublishedService, RouteBackend } from './lib/published-service';
import { computeResources, envFromSecret, httpProbe, restrictedContainer, restrictedPod } from './lib/workload';

/** Name of the admin ServiceAccount, its binding and (with `-token`) its Secret, as in the reference. */
export const DASHBOARD_ADMIN_USER = 'admin-user';

/** Deployment, Service and ServiceAccount of Headlamp. */
export const HEADLAMP = 'headlamp';
/** Headlamp's HTTP port (its chart's containerPort) and the Service port in front of it. */
const HEADLAMP_PORT = 4466;
const SERVICE_PORT = 80;
const CA_MOUNT = '/etc/headlamp/oidc-ca';

/** How Headlamp logs users in with the cluster's OIDC issuer. */
export interface HeadlampOidc {
  /** Issuer URL (`model.oidc.issuerUrl`): what the API server trusts. */
  readonly issuerUrl: string;
  /** The OIDC client (`model.oidc.clientId`): the ID token's audience the API server expects. */
  readonly clientId: string;
  /** The client's secret, read from a Secret into Headlamp's environment, never an argument. */
  readonly clientSecret: KubernetesSecretRef;
  /** Scopes besides `openid` (Keycloak refuses scopes the client does not have). */
  readonly scopes: readonly string[];
  /** Where Keycloak sends the browser back: `https://<host>/oidc-callback`, a redirect URI of the realm's client. */
  readonly callbackUrl: string;
}

/** Headlamp's settings. */
export interface HeadlampProps {
  /** Host the UI is published at (`model.hosts.dashboard`). */
  readonly host: string;
  /** Secret cert-manager writes the host's certificate to; its `ca.crt` (the cluster CA) also verifies the issuer. */
  readonly tlsSecretName: string;
  /** Issuer of that certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /** Name of the cluster in Headlamp's UI (`-in-cluster-context-name`). */
  readonly clusterName: string;
  /**
   * OIDC login.
   * @default - none: users paste a bearer token (e.g. the opt-in admin-user token)
   */
  readonly oidc?: HeadlampOidc;
  /**
   * Namespace of Headlamp (not created here).
   * @default platformNamespaces.kubeSystem
   */
  readonly namespace?: string;
}

/** Headlamp's ServiceAccount (bound to nothing), Deployment, Service and route. */
export class Headlamp extends Construct {
  constructor(scope: Construct, id: string, props: HeadlampProps) {
    super(scope, id);
    // kube-system by default: where the dashboard's OIDC proxy ran, so the OIDC client's Secret and
    // the dashboard host's certificate already exist there on a running cluster.
    const namespace = props.namespace ?? platformNamespaces.kubeSystem;
    const { oidc } = props;
    const selector = { 'app.kubernetes.io/name': HEADLAMP, 'app.kubernetes.io/instance': HEADLAMP };
    // Headlamp acts with each user's token. Its own account only lets it read the in-cluster
    // configuration (API address, CA): no role is bound to it (the chart binds cluster-admin).
    const account = new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: HEADLAMP, namespace } });

    const args = ['-in-cluster', `-in-cluster-context-name=${props.clusterName}`, '-plugins-dir=/headlamp/plugins'];
    const env: k8s.EnvVar[] = [];
    if (oidc) {
      args.push(
        `-oidc-client-id=${oidc.clientId}`,
        `-oidc-idp-issuer-url=${oidc.issuerUrl}`,
        `-oidc-scopes=${oidc.scopes.join(',')}`,
        `-oidc-callback-url=${oidc.callbackUrl}`,
        // The realm's client requires PKCE (S256).
        '-oidc-use-pkce',
        // Keycloak's certificate is issued by the cluster CA.
        `-oidc-ca-file=${CA_MOUNT}/ca.crt`,
      );
      // Headlamp reads HEADLAMP_CONFIG_<FLAG> from its environment: the secret stays out of the arguments.
      env.push(envFromSecret('HEADLAMP_CONFIG_OIDC_CLIENT_SECRET', oidc.clientSecret.secretName, oidc.clientSecret.key));
    }
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: HEADLAMP, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: selector },
          spec: {
            serviceAccountName: account.name,
            securityContext: restrictedPod(),
            containers: [
              {
                name: HEADLAMP,
                image: images.headlamp,
                args,
                env: env.length ? env : undefined,
                ports: [{ name: 'http', containerPort: HEADLAMP_PORT }],
                livenessProbe: httpProbe('/', 'http'),
                readinessProbe: httpProbe('/', 'http'),
                resources: computeResources({ cpu: '50m', memory: '128Mi' }, { cpu: '500m', memory: '512Mi' }),
                // The chart's user and group (100:101). The root filesystem stays writable: Headlamp
                // rewrites its index.html under /headlamp/frontend at start-up (baseURLReplace).
                securityContext: { ...restrictedContainer(100), runAsGroup: 101 },
                volumeMounts: oidc ? [{ name: 'oidc-ca', mountPath: CA_MOUNT, readOnly: true }] : undefined,
              },
            ],
            volumes: oidc ? [{ name: 'oidc-ca', secret: { secretName: props.tlsSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] : undefined,
          },
        },
      },
    });
    const service = new k8s.KubeService(this, 'service', {
      metadata: { name: HEADLAMP, namespace },
      spec: { selector, ports: [{ name: 'http', port: SERVICE_PORT, targetPort: k8s.IntOrString.fromString('http') }] },
    });
    new PublishedService(this, 'published', {
      issuer: props.issuer,
      backend: RouteBackend.fromService(service),
      host: props.host,
      routeName: HEADLAMP,
      tlsSecretName: props.tlsSecretName,
    });
  }
}

/** Headlamp's OIDC settings from the model (undefined without an `oidc` section). */
export function headlampOidc(model: ClusterModel): HeadlampOidc | undefined {
  const oidc = model.oidc;
  if (!oidc) return undefined;
  return {
    issuerUrl: oidc.issuerUrl,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    // A default scope of the client (Headlamp's own default, "profile,email", is not in the realm).
    scopes: [model.names.keycloak.audienceScope],
    callbackUrl: model.names.dashboard.oidcCallbackUrl,
  };
}

/** The opt-in `admin-user` of the reference (see the RISK on DashboardChart). */
export interface DashboardAdminUserProps {
  /** Namespace of the ServiceAccount and its token: where the reference keeps it, whatever namespace the UI runs in (`model.names.namespaces.kubeSystem`). */
  readonly namespace: string;
}

/** Headlamp, and the admin-user if asked for. */
export interface DashboardChartProps extends PlatformChartProps, HeadlampProps {
  /**
   * The `admin-user` ServiceAccount bound to cluster-admin, with a long-lived token (`components.dashboard.adminUser`).
   * @default - none
   */
  readonly adminUser?: DashboardAdminUserProps;
}

/**
 * `60-dashboard`: Headlamp and, with `components.dashboard.adminUser`, the reference's
 * `admin-user` ServiceAccount bound to cluster-admin plus the long-lived token Secret Kubernetes
 * ≥ 1.24 no longer creates by itself. RISK: that token is a permanent cluster-admin credential
 * that never expires, is not tied to a person and survives their departure; anyone who reads the
 * Secret (or a copy of the token) owns the cluster. OIDC login is the door to use; see
 * docs/headlamp.md.
 */
export class DashboardChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: DashboardChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'headlamp' });
    new Headlamp(this, 'headlamp', {
      host: props.host,
      tlsSecretName: props.tlsSecretName,
      issuer: props.issuer,
      clusterName: props.clusterName,
      oidc: props.oidc,
      namespace: props.namespace,
    });
    if (!props.adminUser) return;
    const adminUserNamespace = props.adminUser.namespace;
    const adminUser = new k8s.KubeServiceAccount(this, 'admin-user', { metadata: { name: DASHBOARD_ADMIN_USER, namespace: adminUserNamespace } });
    new k8s.KubeClusterRoleBinding(this, 'admin-user-binding', {
      metadata: { name: DASHBOARD_ADMIN_USER },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: adminUser.name, namespace: adminUserNamespace }],
    });
    new k8s.KubeSecret(this, 'admin-user-token', {
      metadata: {
        name: `${adminUser.name}-token`,
        namespace: adminUserNamespace,
        annotations: { 'kubernetes.io/service-account.name': adminUser.name },
      },
      type: 'kubernetes.io/service-account-token',
    });
  }
}

/** The chart's props from the model. */
export function dashboardChartProps(model: ClusterModel): DashboardChartProps {
  const kubeSystem = model.names.namespaces.kubeSystem;
  return {
    clusterName: model.name,
    host: model.hosts.dashboard,
    tlsSecretName: model.names.dashboard.tlsSecret,
    issuer: clusterCaIssuer(model),
    oidc: headlampOidc(model),
    namespace: kubeSystem,
    adminUser: model.components.dashboard.adminUser ? { namespace: kubeSystem } : undefined,
  };
}
