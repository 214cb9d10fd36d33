/**
 * The dashboard (charts/dashboard.ts: Headlamp and its admin user). Headlamp's OIDC login is
 * checked against the realm and the API server in oidc.test.ts.
 */
import { find, render } from '../helpers/render';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('manifests/60-dashboard.yaml', () => {
    expect(lacave.files['manifests/60-dashboard.yaml']).toBeDefined();
    expect(lacave.files['manifests/60-dashboard.yaml']).toMatchSnapshot();
  });
});

describe('what the spec changes', () => {
  test('dashboard admin user only when asked for', () => {
    expect(find(lacave.objects, 'Secret', 'admin-user-token', 'kube-system')?.type).toBe('kubernetes.io/service-account-token');
    const off = render(lacaveWith((s) => (s.components.dashboard = { adminUser: false })));
    expect(off.objects.filter((o) => o.metadata.name === 'admin-user' || o.metadata.name === 'admin-user-token')).toEqual([]);
  });
});
