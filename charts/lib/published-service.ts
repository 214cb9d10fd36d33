import type { ApiObject } from 'cdk8s';
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

/** Options of `RouteBackend.fromService`. */
export interface ServiceRouteBackendOptions {
  /**
   * The Service port the route sends traffic to, by number or by name.
   * @default - the Service's only port (an error when it has several)
   */
  readonly port?: number | string;
}

/**
 * The Service behind a route, and its port by number (a route's backendRef names a port by
 * number only). A Service of this project is given as the object (`fromService`), so its name,
 * namespace and port are read from it, never spelt twice.
 */
export class RouteBackend {
  /**
   * A Service this project makes (a `k8s.KubeService`): name and namespace come from the object;
   * the port must be one it exposes.
   */
  static fromService(service: ApiObject, options: ServiceRouteBackendOptions = {}): RouteBackend {
    const where = `Service ${service.name}`;
    if (service.apiVersion !== 'v1' || service.kind !== 'Service') throw new Error(`${service.kind} ${service.name} is not a Service: a route's backend must be one`);
    const namespace = service.metadata.namespace;
    if (!namespace) throw new Error(`${where} has no namespace: a route's backend must name one`);
    const ports: Array<{ name?: string; port: number }> = service.toJson().spec?.ports ?? [];
    if (ports.length === 0) throw new Error(`${where} exposes no port`);
    const wanted = options.port;
    const found = wanted === undefined ? (ports.length === 1 ? ports[0] : undefined) : ports.find((p) => (typeof wanted === 'number' ? p.port === wanted : p.name === wanted));
    if (!found) {
      const exposed = ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ');
      throw new Error(wanted === undefined ? `${where} exposes several ports (${exposed}): say which one the route uses` : `${where} exposes ${exposed}, not ${wanted}`);
    }
    return new RouteBackend(namespace, service.name, found.port);
  }

  /**
   * A Service another installer makes (an operator, a Helm chart, a Kubespray addon), by name:
   * the contract with that installer. `synth/validate/produced.ts` lists those Services and
   * `references.ts` checks every route against the list.
   */
  static fromServiceName(namespace: string, name: string, port: number): RouteBackend {
    return new RouteBackend(namespace, name, port);
  }

  private constructor(
    /** Namespace of the Service (and of the route in front of it). */
    readonly namespace: string,
    /** Name of the Service. */
    readonly name: string,
    /** Port number of the Service. */
    readonly port: number,
  ) {}
}

/** How a Service is published under a host name of the cluster. */
export interface PublishedServiceProps {
  /** The issuer of the host's certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /**
   * The Service behind the route. The HTTPRoute, the Certificate and its Secret are made in its
   * namespace (a backendRef without a namespace names a Service of the route's own).
   */
  readonly backend: RouteBackend;
  /** Host name, from `model.hosts` (never spelt here). */
  readonly host: string;
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
    const { issuer, backend, host, tlsSecretName } = props;
    const namespace = backend.namespace;
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
            backendRefs: [{ group: '', kind: 'Service', name: backend.name, port: backend.port }],
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
