import { Construct } from 'constructs';
import type { CertManagerNamesModel, ClusterModel } from '../clusters/model';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, ClusterIssuer } from '../imports/cert-manager.io';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';

/** The root CA cert-manager makes itself when the site brings none. */
export interface SelfMadeRootCaProps {
  /** Names of the self-signed ClusterIssuer, the root Certificate and its common name (`model.names.certManager`). */
  readonly names: CertManagerNamesModel;
  /** Namespace of the root Certificate and its Secret: cert-manager's own, its `--cluster-resource-namespace` (`model.names.namespaces.certManager`). */
  readonly namespace: string;
}

/** What the cluster CA is made of. */
export interface CertManagerChartProps extends PlatformChartProps {
  /** The CA ClusterIssuer made here: its name and the organization of its certificates (`clusterCaIssuer(model)`). */
  readonly issuer: ClusterCaIssuer;
  /** Secret of the CA's certificate and key, in cert-manager's namespace (`model.names.caSecret`). */
  readonly caSecretName: string;
  /**
   * The self-signed root written to `caSecretName`.
   * @default - none: `caSecretName` holds the site's own root CA, loaded beforehand (`pki.caKeySecretName`)
   */
  readonly selfMadeRoot?: SelfMadeRootCaProps;
}

/**
 * The cluster CA ClusterIssuer `ca-<name>-issuer` (reference name), which every host
 * certificate of the platform comes from.
 *
 * With `pki.caKeySecretName` it signs with the site's own root CA, loaded beforehand into that
 * `kubernetes.io/tls` Secret (the key never enters `dist/`). Without it, cert-manager makes a root:
 * self-signed ClusterIssuer → CA Certificate (Secret `ca-<name>-tls`) → CA ClusterIssuer.
 */
export class CertManagerChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: CertManagerChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'cert-manager' });
    const { issuer, caSecretName, selfMadeRoot } = props;

    if (selfMadeRoot) {
      const { names } = selfMadeRoot;
      const selfSigned = new ClusterIssuer(this, 'selfsigned-issuer', { metadata: { name: names.selfSignedIssuer }, spec: { selfSigned: {} } });
      new Certificate(this, 'root-ca', {
        metadata: { name: names.rootCaCertificate, namespace: selfMadeRoot.namespace },
        spec: {
          isCa: true,
          commonName: names.rootCaCommonName,
          subject: { organizations: [issuer.organization] },
          secretName: caSecretName,
          // A root lives long; cert-manager renews it a third of the way before expiry.
          duration: '87600h',
          privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
          issuerRef: { name: selfSigned.name, kind: selfSigned.kind, group: 'cert-manager.io' },
        },
      });
    }

    new ClusterIssuer(this, 'ca-issuer', { metadata: { name: issuer.name }, spec: { ca: { secretName: caSecretName } } });
  }
}

/** The chart's props from the model. */
export function certManagerChartProps(model: ClusterModel): CertManagerChartProps {
  return {
    clusterName: model.name,
    issuer: clusterCaIssuer(model),
    caSecretName: model.names.caSecret,
    selfMadeRoot: model.pki?.caKeySecretName ? undefined : { names: model.names.certManager, namespace: model.names.namespaces.certManager },
  };
}
