/**
 * cert-manager (charts/cert-manager.ts): the cluster CA issuer, from the spec's PKI or from a
 * root cert-manager makes itself.
 */
import { find, ofKind, render } from '../helpers/render';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());
// Without a PKI (a PKI the nodes trust needs its key Secret), cert-manager makes the root.
const selfSigned = render(lacaveWith((s) => delete s.pki));

describe('snapshot', () => {
  test('manifests/10-cert-manager.yaml', () => {
    expect(lacave.files['manifests/10-cert-manager.yaml']).toBeDefined();
    expect(lacave.files['manifests/10-cert-manager.yaml']).toMatchSnapshot();
  });
  test('10-cert-manager with a self-made root CA', () => {
    expect(selfSigned.files['manifests/10-cert-manager.yaml']).toMatchSnapshot();
  });
});

describe('the cluster CA', () => {
  test('lacave signs with its own root CA: one CA ClusterIssuer, no self-signed chain', () => {
    const issuers = ofKind(lacave.objects, 'ClusterIssuer');
    expect(issuers.map((i) => [i.metadata.name, i.spec])).toEqual([['ca-lacave-issuer', { ca: { secretName: 'ca-lacave-tls' } }]]);
  });

  test('without a CA Secret: self-signed issuer → CA Certificate → CA issuer', () => {
    const o = selfSigned.objects;
    const root = o.find((x) => x.kind === 'Certificate' && x.spec.isCA);
    expect(root?.spec.issuerRef.name).toBe('selfsigned-lacave-issuer');
    expect(find(o, 'ClusterIssuer', 'selfsigned-lacave-issuer')?.spec).toEqual({ selfSigned: {} });
    expect(find(o, 'ClusterIssuer', 'ca-lacave-issuer')?.spec.ca.secretName).toBe(root?.spec.secretName);
  });
});
