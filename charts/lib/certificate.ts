import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager.io';
import type { ClusterModel } from '../../clusters/model';

/** Where an Ingress made by someone else (an operator, a Helm chart) finds its TLS Secret. */
export interface HostCertificateProps {
  /** The cluster model: its CA ClusterIssuer and name. */
  readonly model: ClusterModel;
  /** Namespace of the Certificate and of the Secret the Ingress reads. */
  readonly namespace: string;
  /** Host name, from `model.hosts`. */
  readonly host: string;
  /** Secret cert-manager writes. */
  readonly secretName: string;
  /**
   * Name of the Certificate.
   * @default - `secretName`
   */
  readonly certificateName?: string;
}

/**
 * A cert-manager.io/v1 Certificate of one host from the cluster CA ClusterIssuer: for our own
 * Ingresses (`PublishedService`) and for those an operator or a Helm chart writes.
 */
export class HostCertificate extends Construct {
  readonly certificate: Certificate;

  constructor(scope: Construct, id: string, props: HostCertificateProps) {
    super(scope, id);
    const { model, host } = props;
    this.certificate = new Certificate(this, 'certificate', {
      metadata: { name: props.certificateName ?? props.secretName, namespace: props.namespace },
      spec: {
        secretName: props.secretName,
        issuerRef: { name: model.names.caIssuer, kind: 'ClusterIssuer', group: 'cert-manager.io' },
        commonName: host,
        dnsNames: [host],
        subject: { organizations: [`${model.name} CA`] },
      },
    });
  }
}
