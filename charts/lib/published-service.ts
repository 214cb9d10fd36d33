import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Certificate } from '../../imports/cert-manager.io';
import { type ClusterCaIssuer, HostCertificate } from './certificate';

/** How a Service is published under a host name of the cluster. */
export interface PublishedServiceProps {
  /** The issuer of the Ingress certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /** Namespace of the Service, the Ingress, the Certificate and its Secret. */
  readonly namespace: string;
  /** Host name, from `model.hosts` (never spelt here). */
  readonly host: string;
  /** Service behind the Ingress. */
  readonly serviceName: string;
  /** Port of that Service: a number or the port's name. */
  readonly servicePort: number | string;
  /** Name of the Ingress (keep the reference's name: renaming collides on the host). */
  readonly ingressName: string;
  /** Name of the Secret cert-manager writes the certificate to. */
  readonly tlsSecretName: string;
  /**
   * Name of the Certificate.
   * @default - `tlsSecretName`
   */
  readonly certificateName?: string;
  /**
   * The backend speaks HTTPS (e.g. the Ceph dashboard with SSL).
   * @default false
   */
  readonly backendHttps?: boolean;
  /**
   * Extra annotations of the Ingress (ingress-nginx settings such as `proxy-body-size`).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Path served.
   * @default '/'
   */
  readonly path?: string;
}

/** Ingress annotations for registries and repositories: image layers and artifacts up to 2 GB (reference value). */
export const LARGE_UPLOADS: Readonly<Record<string, string>> = { 'nginx.ingress.kubernetes.io/proxy-body-size': '2000m' };

/** Ingress class of ingress-nginx: Kubespray's addon before v2.31, the operators kustomization's release since. */
export const INGRESS_CLASS = 'nginx';

/**
 * A Service published over HTTPS: an Ingress (networking.k8s.io/v1, class nginx) whose TLS
 * Secret is issued by a cert-manager.io/v1 Certificate from the cluster CA ClusterIssuer.
 */
export class PublishedService extends Construct {
  readonly certificate: Certificate;
  readonly ingress: k8s.KubeIngress;

  constructor(scope: Construct, id: string, props: PublishedServiceProps) {
    super(scope, id);
    const { issuer, namespace, host } = props;
    this.certificate = new HostCertificate(this, 'certificate', { issuer, namespace, host, secretName: props.tlsSecretName, certificateName: props.certificateName }).certificate;
    const port = typeof props.servicePort === 'number' ? { number: props.servicePort } : { name: props.servicePort };
    const annotations: Record<string, string> = { ...(props.annotations ?? {}) };
    if (props.backendHttps) annotations['nginx.ingress.kubernetes.io/backend-protocol'] = 'HTTPS';
    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: { name: props.ingressName, namespace, annotations: Object.keys(annotations).length ? annotations : undefined },
      spec: {
        ingressClassName: INGRESS_CLASS,
        tls: [{ hosts: [host], secretName: props.tlsSecretName }],
        rules: [
          {
            host,
            http: { paths: [{ path: props.path ?? '/', pathType: 'Prefix', backend: { service: { name: props.serviceName, port } } }] },
          },
        ],
      },
    });
  }
}
