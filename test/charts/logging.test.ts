/**
 * Logging on ECK (charts/logging.ts): Elasticsearch, Kibana, Beats and the APM server. Their
 * custom resources are checked against the pinned CRDs in custom-resources.test.ts; Jaeger's use
 * of this Elasticsearch in tracing.test.ts.
 */
import { render } from '../helpers/render';
import { lacaveSpec } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('50-logging', () => expect(lacave.files['manifests/50-logging.yaml']).toMatchSnapshot());
});
