import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager.io';
import type { ClusterModel } from '../../clusters/model';

/** Where an Ingress made by someone else (an operator, a Helm chart) finds its TLS Secret. */
export interface HostCertificateProps {
  readonly model: ClusterModel;
  readonly namespace: string;
  /** Host name, from `model.hosts`. */
  readonly host: string;
  /** Secret cert-manager writes; also the Certificate's name. */
  readonly secretName: string;
}

/** A cert-manager.io/v1 Certificate of one host from the cluster CA ClusterIssuer, for an Ingress we do not write. */
export class HostCertificate extends Construct {
  constructor(scope: Construct, id: string, props: HostCertificateProps) {
    super(scope, id);
    const { model, host } = props;
    new Certificate(this, 'certificate', {
      metadata: { name: props.secretName, namespace: props.namespace },
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
