/**
 * Tenants (charts/tenants.ts): their namespaces and role bindings. That each binding names a
 * realm role is checked with the OIDC wiring, in oidc.test.ts.
 */
import { render } from '../helpers/render';
import { lacaveSpec } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('manifests/70-tenants.yaml', () => {
    expect(lacave.files['manifests/70-tenants.yaml']).toBeDefined();
    expect(lacave.files['manifests/70-tenants.yaml']).toMatchSnapshot();
  });
});
