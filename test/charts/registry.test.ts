/** The container registry's publication (charts/registry.ts). */
import { render } from '../helpers/render';
import { lacaveSpec } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('manifests/31-registry.yaml', () => {
    expect(lacave.files['manifests/31-registry.yaml']).toBeDefined();
    expect(lacave.files['manifests/31-registry.yaml']).toMatchSnapshot();
  });
});
