/**
 * OIDC wiring from one source (`model.oidc`): the ClusterRoleBinding of the cluster-admin group,
 * the dashboard's OIDC proxy, and the kubelogin kubeconfig. Kubespray's `kube_oidc_*` variables are
 * written by the inventory generator from the same model fields.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel, KubernetesSecretRef, OidcModel } from '../clusters/model';
import { images } from '../clusters/model/versions';
import type { OutputFile } from '../synth/output';
import { toYaml } from '../synth/serialize';
import { ACCESS_TOKEN_LIFESPAN_SECONDS } from './keycloak-realm';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import { ComponentChart } from './lib/component-chart';
import { PublishedService } from './lib/published-service';
import { computeResources, envFromSecret, httpProbe, restrictedContainer, restrictedPod } from './lib/workload';

/** Reference name of the binding of `oidc:cluster-admin` to cluster-admin. */
export const OIDC_CLUSTER_ADMIN_BINDING = 'oidc-cluster-admin';
/** Reference names of the dashboard proxy (Deployment, Service, Ingress), in kube-system. */
export const DASHBOARD_PROXY = 'kubernetes-dashboard-proxy';
const PROXY_NAMESPACE = 'kube-system';
const PROXY_PORT = 4180;
const CA_MOUNT = '/etc/oauth2-proxy/ca';

const requireOidc = (model: ClusterModel): OidcModel => {
  if (!model.oidc) throw new Error(`cluster ${model.name}: OIDC objects need an 'oidc' section in the spec`);
  return model.oidc;
};

/** TLS Secret of the dashboard host (reference: `dashboard-kube-<name>-tls`). */
export const dashboardTlsSecret = (model: ClusterModel) => `dashboard-kube-${model.name}-tls`;

/**
 * oauth2-proxy's command line (keycloak-oidc provider). Secrets come from env vars
 * (OAUTH2_PROXY_CLIENT_SECRET, OAUTH2_PROXY_COOKIE_SECRET), never from arguments.
 */
export function dashboardProxyArgs(model: ClusterModel): string[] {
  const oidc = requireOidc(model);
  return [
    '--provider=keycloak-oidc',
    `--oidc-issuer-url=${oidc.issuerUrl}`,
    `--client-id=${oidc.clientId}`,
    `--oidc-groups-claim=${oidc.groupsClaim}`,
    // Keycloak refuses scopes the client does not have: the realm gives this client basic + the audience scope.
    '--scope=openid',
    '--code-challenge-method=S256',
    `--redirect-url=https://${model.hosts.dashboard}/oauth2/callback`,
    `--http-address=0.0.0.0:${PROXY_PORT}`,
    `--upstream=https://${model.names.dashboardService.name}.${model.names.dashboardService.namespace}.svc.${model.clusterDomain}`,
    // The dashboard serves a self-signed certificate inside the cluster.
    '--ssl-upstream-insecure-skip-verify=true',
    // Keycloak's certificate is issued by the cluster CA: cert-manager puts it in ca.crt of our TLS Secret.
    `--provider-ca-file=${CA_MOUNT}/ca.crt`,
    // The dashboard acts with the user's ID token, so the API server authorizes (groups → RBAC).
    '--pass-authorization-header=true',
    '--email-domain=*',
    // E-mail is not used for authorization here; users created by an admin often have it unverified.
    '--insecure-oidc-allow-unverified-email=true',
    '--cookie-secure=true',
    // The dashboard acts with the ID token, which lives as long as the realm's access tokens: refresh
    // it a minute earlier (the reference's gatekeeper ran --enable-refresh-tokens), or the dashboard gets 401s.
    `--cookie-refresh=${ACCESS_TOKEN_LIFESPAN_SECONDS - 60}s`,
    '--reverse-proxy=true',
    '--skip-provider-button=true',
  ];
}

/** Where the dashboard's OIDC proxy is published and the Secrets it reads. */
export interface DashboardOidcProxyProps {
  /** Host of the dashboard (`model.hosts.dashboard`). */
  readonly host: string;
  /** Secret cert-manager writes the host's certificate to; its `ca.crt` also verifies Keycloak. */
  readonly tlsSecretName: string;
  /** Issuer of that certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /** oauth2-proxy's command line, free of secrets (`dashboardProxyArgs(model)`). */
  readonly args: readonly string[];
  /** The OIDC client's secret (`model.oidc.clientSecret`). */
  readonly clientSecret: KubernetesSecretRef;
  /** The secret oauth2-proxy encrypts its session cookies with (`model.oidc.proxyCookieSecret`). */
  readonly cookieSecret: KubernetesSecretRef;
  /**
   * Namespace of the proxy (the dashboard's Service is reached across namespaces by DNS).
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * Name of the Deployment, Service and Ingress (the reference's).
   * @default DASHBOARD_PROXY
   */
  readonly name?: string;
}

/** The dashboard behind oauth2-proxy at `dashboard.<apps domain>` (keycloak-gatekeeper is discontinued). */
export class DashboardOidcProxy extends Construct {
  constructor(scope: Construct, id: string, props: DashboardOidcProxyProps) {
    super(scope, id);
    const { clientSecret, cookieSecret, tlsSecretName: tlsSecret } = props;
    const name = props.name ?? DASHBOARD_PROXY;
    const namespace = props.namespace ?? PROXY_NAMESPACE;
    const selector = { 'app.kubernetes.io/name': 'oauth2-proxy', 'app.kubernetes.io/instance': name };
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: selector },
          spec: {
            securityContext: restrictedPod(),
            containers: [
              {
                name: 'oauth2-proxy',
                image: images.oauth2Proxy,
                args: [...props.args],
                env: [
                  envFromSecret('OAUTH2_PROXY_CLIENT_SECRET', clientSecret.secretName, clientSecret.key),
                  envFromSecret('OAUTH2_PROXY_COOKIE_SECRET', cookieSecret.secretName, cookieSecret.key),
                ],
                ports: [{ name: 'http', containerPort: PROXY_PORT }],
                livenessProbe: httpProbe('/ping', 'http'),
                readinessProbe: httpProbe('/ready', 'http'),
                resources: computeResources({ cpu: '30m', memory: '64Mi' }, { cpu: '200m', memory: '128Mi' }),
                // The distroless image runs as nonroot (65532).
                securityContext: { ...restrictedContainer(65532), readOnlyRootFilesystem: true },
                volumeMounts: [{ name: 'ca', mountPath: CA_MOUNT, readOnly: true }],
              },
            ],
            volumes: [{ name: 'ca', secret: { secretName: tlsSecret, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }],
          },
        },
      },
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name, namespace },
      spec: { selector, ports: [{ name: 'http', port: PROXY_PORT, targetPort: k8s.IntOrString.fromString('http') }] },
    });
    new PublishedService(this, 'published', {
      issuer: props.issuer,
      namespace,
      host: props.host,
      serviceName: name,
      servicePort: PROXY_PORT,
      ingressName: name,
      tlsSecretName: tlsSecret,
      // Session cookies carry Keycloak tokens: larger than nginx's default buffer.
      annotations: { 'nginx.ingress.kubernetes.io/proxy-buffer-size': '16k' },
    });
  }
}

/** `41-oidc`: the cluster-admin binding and, with the dashboard, its OIDC proxy. */
export class OidcChart extends ComponentChart {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id, { model, component: 'oidc' });
    const oidc = requireOidc(model);
    new k8s.KubeClusterRoleBinding(this, 'cluster-admin', {
      metadata: { name: OIDC_CLUSTER_ADMIN_BINDING },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: oidc.clusterAdminGroup }],
    });
    if (model.components.dashboard.enabled) {
      new DashboardOidcProxy(this, 'dashboard-proxy', {
        host: model.hosts.dashboard,
        tlsSecretName: dashboardTlsSecret(model),
        issuer: clusterCaIssuer(model),
        args: dashboardProxyArgs(model),
        clientSecret: oidc.clientSecret,
        cookieSecret: oidc.proxyCookieSecret,
      });
    }
  }
}

/**
 * `kubeconfig-oidc.yaml`: a kubelogin user and context to merge with Kubespray's admin.conf
 * (`KUBECONFIG=inventory/artifacts/admin.conf:kubeconfig-oidc.yaml`), whose cluster entry
 * (server, CA) it refers to by name. The client secret is not in it: each admin appends
 * `--oidc-client-secret=…` to their own copy (see README).
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
