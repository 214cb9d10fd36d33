import { Construct } from 'constructs';
import type { ClusterModel } from '../clusters/model';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, ClusterIssuer } from '../imports/cert-manager.io';
import { clusterCaIssuer } from './lib/certificate';
import { ComponentChart } from './lib/component-chart';

/**
 * The cluster CA ClusterIssuer `ca-<name>-issuer` (reference name), which every host
 * certificate of the platform comes from.
 *
 * With `pki.caKeySecretName` it signs with the site's own root CA, loaded beforehand into that
 * `kubernetes.io/tls` Secret (the key never enters `dist/`). Without it, cert-manager makes a root:
 * self-signed ClusterIssuer → CA Certificate (Secret `ca-<name>-tls`) → CA ClusterIssuer.
 */
export class CertManagerChart extends ComponentChart {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id, { model, component: 'cert-manager' });
    const { caIssuer, caSecret, certManager: names } = model.names;

    if (!model.pki?.caKeySecretName) {
      const selfSigned = names.selfSignedIssuer;
      new ClusterIssuer(this, 'selfsigned-issuer', { metadata: { name: selfSigned }, spec: { selfSigned: {} } });
      new Certificate(this, 'root-ca', {
        metadata: { name: names.rootCaCertificate, namespace: model.names.namespaces.certManager },
        spec: {
          isCa: true,
          commonName: names.rootCaCommonName,
          subject: { organizations: [clusterCaIssuer(model).organization] },
          secretName: caSecret,
          // A root lives long; cert-manager renews it a third of the way before expiry.
          duration: '87600h',
          privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
          issuerRef: { name: selfSigned, kind: 'ClusterIssuer', group: 'cert-manager.io' },
        },
      });
    }

    new ClusterIssuer(this, 'ca-issuer', { metadata: { name: caIssuer }, spec: { ca: { secretName: caSecret } } });
  }
}
