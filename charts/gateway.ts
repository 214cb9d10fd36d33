/**
 * The edge of the platform on the Gateway API: one Gateway, implemented by Envoy Gateway
 * (installed by the operators kustomization), whose Envoy proxies run on the host network of the
 * ingress nodes — the nodes the apps domain's A records name — and listen on 80 and 443 there,
 * as ingress-nginx did. Every published host is an HTTPS listener with the certificate of its
 * `PublishedService`; port 80 only redirects to HTTPS. See docs/gateway.md.
 */
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { ClusterModel } from '../clusters/model';
import * as eg from '../imports/gateway.envoyproxy.io';
import {
  Gateway,
  GatewayClass,
  GatewaySpecListenersAllowedRoutesNamespacesFrom as RoutesFrom,
  GatewaySpecListenersTlsMode as TlsMode,
  HttpRoute,
  HttpRouteSpecRulesFiltersRequestRedirectScheme as RedirectScheme,
  HttpRouteSpecRulesFiltersType as FilterType,
  type GatewaySpecListeners,
} from '../imports/gateway.networking.k8s.io';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { GATEWAY_API_GROUP, type GatewayRef, PLATFORM_GATEWAY, publishedHosts } from './lib/published-service';

/** Controller name Envoy Gateway's controller answers for (its `EnvoyGateway` config default). */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** The GatewayClass of the platform's Gateway. */
export const PLATFORM_GATEWAY_CLASS = 'envoy-gateway';

/** Name of the plain-HTTP listener (port 80), which only redirects to HTTPS. */
export const HTTP_LISTENER = 'http';

/** Where the Envoy proxies of the Gateway run and how. */
export interface PlatformGatewayProps {
  /** Names of the nodes that receive the traffic (`nodes[].ingress`): one Envoy on each, on the host network. */
  readonly ingressNodes: readonly string[];
  /**
   * The Gateway (name and namespace); the namespace is created here.
   * @default PLATFORM_GATEWAY
   */
  readonly gateway?: GatewayRef;
  /**
   * GatewayClass name.
   * @default PLATFORM_GATEWAY_CLASS
   */
  readonly gatewayClassName?: string;
}

/**
 * GatewayClass, EnvoyProxy (DaemonSet on the host network of the ingress nodes), the Gateway with
 * one HTTPS listener per published host (found in the whole App when the manifests are written),
 * and the HTTP→HTTPS redirect.
 */
export class PlatformGateway extends Construct {
  readonly gateway: Gateway;

  constructor(scope: Construct, id: string, props: PlatformGatewayProps) {
    super(scope, id);
    const ref = props.gateway ?? PLATFORM_GATEWAY;
    const className = props.gatewayClassName ?? PLATFORM_GATEWAY_CLASS;
    if (props.ingressNodes.length === 0) throw new Error('the Gateway needs at least one ingress node (nodes[].ingress: true)');

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: ref.namespace } });
    new GatewayClass(this, 'class', { metadata: { name: className }, spec: { controllerName: ENVOY_GATEWAY_CONTROLLER } });

    const proxy = new eg.EnvoyProxy(this, 'proxy', {
      metadata: { name: ref.name, namespace: ref.namespace },
      spec: {
        provider: {
          type: eg.EnvoyProxySpecProviderType.KUBERNETES,
          kubernetes: {
            // Listen on 80/443 themselves (no shift to 10080/10443): on the host network those
            // are the ports clients reach, as with ingress-nginx.
            useListenerPortAsContainerPort: true,
            envoyDaemonSet: {
              patch: {
                type: 'StrategicMerge',
                value: { spec: { template: { spec: { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } } } },
              },
              pod: {
                affinity: {
                  nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                      nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [...props.ingressNodes] }] }],
                    },
                  },
                },
                // An ingress node may also be a control-plane node.
                tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
              },
              container: {
                // Binding ports below 1024 needs CAP_NET_BIND_SERVICE in the effective set, which
                // Kubernetes grants only to uid 0 (added capabilities do not reach a non-root
                // process without file capabilities). Root with every other capability dropped.
                securityContext: {
                  runAsUser: 0,
                  runAsGroup: 0,
                  runAsNonRoot: false,
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
                  seccompProfile: { type: 'RuntimeDefault' },
                },
              },
            },
            // No cloud load balancer: the nodes' addresses are the entry points (DNS A records).
            envoyService: { type: eg.EnvoyProxySpecProviderKubernetesEnvoyServiceType.CLUSTER_IP },
          },
        },
      },
    });

    const httpListener: GatewaySpecListeners = {
      name: HTTP_LISTENER,
      protocol: 'HTTP',
      port: 80,
      allowedRoutes: { namespaces: { from: RoutesFrom.SAME } },
    };
    this.gateway = new Gateway(this, 'gateway', {
      metadata: { name: ref.name, namespace: ref.namespace },
      spec: {
        gatewayClassName: className,
        infrastructure: { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: proxy.name } },
        // Resolved when the manifests are written, once every chart has added its services.
        listeners: Lazy.any({ produce: () => [httpListener, ...httpsListeners(this, ref)] }),
      },
    });

    new HttpRoute(this, 'https-redirect', {
      metadata: { name: 'https-redirect', namespace: ref.namespace },
      spec: {
        parentRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: this.gateway.name, sectionName: HTTP_LISTENER }],
        rules: [{ filters: [{ type: FilterType.REQUEST_REDIRECT, requestRedirect: { scheme: RedirectScheme.HTTPS, statusCode: 301 } }] }],
      },
    });
  }
}

/**
 * One HTTPS listener per published host, named after it, serving the certificate its
 * PublishedService requests, accepting routes from that service's namespace only (a tenant
 * cannot take over a platform host).
 */
function httpsListeners(scope: Construct, ref: GatewayRef): GatewaySpecListeners[] {
  const hosts = publishedHosts(scope).filter((h) => h.gateway.name === ref.name && h.gateway.namespace === ref.namespace);
  const seen = new Set<string>();
  for (const h of hosts) {
    if (seen.has(h.host)) throw new Error(`host ${h.host} is published twice: one PublishedService per host`);
    seen.add(h.host);
  }
  return hosts.map((h) => ({
    name: h.host,
    hostname: h.host,
    protocol: 'HTTPS',
    port: 443,
    tls: {
      mode: TlsMode.TERMINATE,
      certificateRefs: [{ group: '', kind: 'Secret', name: h.tlsSecretName, ...(h.namespace !== ref.namespace ? { namespace: h.namespace } : {}) }],
    },
    allowedRoutes: {
      namespaces: { from: RoutesFrom.SELECTOR, selector: { matchLabels: { 'kubernetes.io/metadata.name': h.namespace } } },
      kinds: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' }],
    },
  }));
}

/** The platform Gateway of a cluster. */
export interface GatewayChartProps extends PlatformChartProps, PlatformGatewayProps {}

/** `11-gateway`: the platform Gateway of the cluster. */
export class GatewayChart extends ComponentChart {
  readonly gateway: PlatformGateway;

  constructor(scope: Construct, id: string, props: GatewayChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'gateway' });
    this.gateway = new PlatformGateway(this, 'platform', { ingressNodes: props.ingressNodes, gateway: props.gateway, gatewayClassName: props.gatewayClassName });
  }
}

/** The chart's props from the model: one Envoy on each ingress node. */
export function gatewayChartProps(model: ClusterModel): GatewayChartProps {
  return { clusterName: model.name, ingressNodes: model.nodes.filter((n) => n.ingress).map((n) => n.name) };
}
