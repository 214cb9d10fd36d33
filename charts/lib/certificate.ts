import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager.io';
import type { ClusterModel } from '../../clusters/model';

/** The CA ClusterIssuer that signs the cluster's host certificates. */
export interface ClusterCaIssuer {
  /** Name of the ClusterIssuer (`model.names.caIssuer`). */
  readonly name: string;
  /** Organization in the subject of the CA and of the certificates it signs. */
  readonly organization: string;
}

/** The cluster's CA ClusterIssuer, from the model. */
export const clusterCaIssuer = (model: ClusterModel): ClusterCaIssuer => ({ name: model.names.caIssuer, organization: model.names.certManager.caOrganization });

/** Where an Ingress made by someone else (an operator, a Helm chart) finds its TLS Secret. */
export interface HostCertificateProps {
  /** The issuer of the certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
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
    const { issuer, host } = props;
    this.certificate = new Certificate(this, 'certificate', {
      metadata: { name: props.certificateName ?? props.secretName, namespace: props.namespace },
      spec: {
        secretName: props.secretName,
        issuerRef: { name: issuer.name, kind: 'ClusterIssuer', group: 'cert-manager.io' },
        commonName: host,
        dnsNames: [host],
        subject: { organizations: [issuer.organization] },
      },
    });
  }
}
