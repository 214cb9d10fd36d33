import { Construct, type IConstruct } from 'constructs';
import type { Certificate } from '../../imports/cert-manager.io';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType as PathType, ReferenceGrant } from '../../imports/gateway.networking.k8s.io';
import { type ClusterCaIssuer, HostCertificate } from './certificate';
import { platformNamespaces } from '../../clusters/model/namespaces';

/** The Gateway a route attaches to, by name (it lives in another chart and namespace). */
export interface GatewayRef {
  readonly name: string;
  readonly namespace: string;
}

/**
 * The platform's one Gateway (`charts/gateway.ts`): every published host is an HTTPS listener
 * of it, and every `PublishedService` attaches its HTTPRoute to that listener.
 */
export const PLATFORM_GATEWAY: GatewayRef = { name: 'platform', namespace: platformNamespaces.gateway };

/** API group of the Gateway API kinds. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** How a Service is published under a host name of the cluster. */
export interface PublishedServiceProps {
  /** The issuer of the host's certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /** Namespace of the Service, the HTTPRoute, the Certificate and its Secret. */
  readonly namespace: string;
  /** Host name, from `model.hosts` (never spelt here). */
  readonly host: string;
  /** Service behind the route. */
  readonly serviceName: string;
  /** Port number of that Service (a route's backendRef names a port by number only). */
  readonly servicePort: number;
  /** Name of the HTTPRoute (and of the ReferenceGrant that lets the Gateway read the TLS Secret). */
  readonly routeName: string;
  /** Name of the Secret cert-manager writes the certificate to; the Gateway's listener serves it. */
  readonly tlsSecretName: string;
  /**
   * Name of the Certificate.
   * @default - `tlsSecretName`
   */
  readonly certificateName?: string;
  /**
   * Path prefix served.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Longest time for a whole request and its response (Gateway API duration). Envoy's own
   * default is 15 s, too short for image layers and exports; ingress-nginx had no such limit
   * (only 60 s between two reads), so by default there is none: Envoy's stream idle timeout
   * (5 min without a byte either way) still ends a stalled request.
   * @default '0s' (no limit)
   */
  readonly requestTimeout?: string;
  /**
   * The Gateway the route attaches to.
   * @default PLATFORM_GATEWAY
   */
  readonly gateway?: GatewayRef;
}

/** What the Gateway needs from one published host: its HTTPS listener. */
export interface PublishedHost {
  readonly host: string;
  /** Namespace of the route (the only one the listener accepts routes from) and of the TLS Secret. */
  readonly namespace: string;
  readonly tlsSecretName: string;
  readonly gateway: GatewayRef;
}

/**
 * A Service published over HTTPS: a cert-manager.io/v1 Certificate of the host from the cluster
 * CA, an HTTPRoute (gateway.networking.k8s.io/v1) to the Service attached to the host's listener
 * of the platform Gateway, and the ReferenceGrant that lets that Gateway serve the TLS Secret
 * from this namespace. The Gateway gets the listener by itself (`publishedHosts`).
 */
export class PublishedService extends Construct implements PublishedHost {
  readonly certificate: Certificate;
  readonly route: HttpRoute;
  readonly host: string;
  readonly namespace: string;
  readonly tlsSecretName: string;
  readonly gateway: GatewayRef;

  constructor(scope: Construct, id: string, props: PublishedServiceProps) {
    super(scope, id);
    const { issuer, namespace, host, tlsSecretName } = props;
    this.host = host;
    this.namespace = namespace;
    this.tlsSecretName = tlsSecretName;
    this.gateway = props.gateway ?? PLATFORM_GATEWAY;
    this.certificate = new HostCertificate(this, 'certificate', { issuer, namespace, host, secretName: tlsSecretName, certificateName: props.certificateName }).certificate;
    this.route = new HttpRoute(this, 'route', {
      metadata: { name: props.routeName, namespace },
      spec: {
        // The listener is named after its host (see PlatformGateway).
        parentRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: this.gateway.name, namespace: this.gateway.namespace, sectionName: host }],
        hostnames: [host],
        rules: [
          {
            matches: [{ path: { type: PathType.PATH_PREFIX, value: props.path ?? '/' } }],
            backendRefs: [{ group: '', kind: 'Service', name: props.serviceName, port: props.servicePort }],
            timeouts: { request: props.requestTimeout ?? '0s' },
          },
        ],
      },
    });
    if (namespace !== this.gateway.namespace) {
      new ReferenceGrant(this, 'tls-grant', {
        metadata: { name: `${props.routeName}-tls`, namespace },
        spec: {
          from: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', namespace: this.gateway.namespace }],
          to: [{ group: '', kind: 'Secret', name: tlsSecretName }],
        },
      });
    }
  }
}

/** Every host published in the construct tree of `scope` (the whole App), sorted by host name. */
export function publishedHosts(scope: IConstruct): PublishedHost[] {
  const all = scope.node.root.node.findAll().filter((c): c is PublishedService => c instanceof PublishedService);
  return all.map(({ host, namespace, tlsSecretName, gateway }) => ({ host, namespace, tlsSecretName, gateway })).sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}
