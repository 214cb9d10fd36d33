/**
 * Every custom resource of the platform's outputs against the real judge, the OpenAPI schemas of
 * the CRDs at the pinned versions, through the project's strict validator (synth/validate).
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatProblem, validateOutput } from '../../synth/validate';
import { customKindsFor } from '../../synth/validate/committed-schemas';
import { crdSources } from '../../scripts/upstream/crd-sources';
import { toYamlStream } from '../../output/serialize';
import { render } from '../helpers/render';
import { sharedPath } from '../helpers/shared';
import { generatedSpec, lacaveSpec, lacaveWith } from '../helpers/specs';

const outputs = [
  render(lacaveSpec()),
  render(lacaveWith((s) => delete s.pki)),
  render(lacaveWith((s) => (s.components.rookCeph.useAllDevices = true))),
  render(generatedSpec(7, 3)),
];

describe('custom resources validate against the CRDs of the pinned versions', () => {
  const dir = sharedPath('crds');
  // The project's own validator (synth/validate), strict as the API server's pruning is silent:
  // the committed schemas (upstream/schemas/), overridden by the pinned CRD files where ../shared has them.
  const crds = customKindsFor(dir ? crdSources().flatMap(({ input }) => (input.file ? [path.join(dir, input.file)] : [])).filter((f) => fs.existsSync(f)) : []);
  const schemaProblems = (r: (typeof outputs)[number], files = r.output) =>
    validateOutput(files, { model: r.model, crds }).problems.filter((p) => p.category === 'schema').map((p) => formatProblem(p));

  test('each custom resource of every output', () => {
    const builtIn = /^(v1|apps\/v1|batch\/v1|[a-z.]*k8s\.io\/v1)$/;
    const custom = outputs.flatMap((r) => r.objects).filter((o) => !builtIn.test(o.apiVersion) || o.apiVersion.startsWith('gateway.networking.k8s.io/'));
    expect(new Set(custom.map((o) => o.kind))).toEqual(
      new Set(['ClusterIssuer', 'Certificate', 'CephCluster', 'CephBlockPool', 'ServiceMonitor', 'PodMonitor', 'PostgresCluster', 'Elasticsearch', 'Kibana', 'Beat', 'ApmServer', 'GatewayClass', 'EnvoyProxy', 'Gateway', 'HTTPRoute', 'ReferenceGrant']),
    );
    for (const r of outputs) expect(schemaProblems(r)).toEqual([]);
  });

  test('the check catches a misspelt field', () => {
    const pool = { apiVersion: 'ceph.rook.io/v1', kind: 'CephBlockPool', metadata: { name: 'x', namespace: 'rook-ceph' }, spec: { failureDomain: 'host', replicated: { sise: 2 } } };
    const files = [...outputs[0].output, { path: 'manifests/99-typo.yaml', content: toYamlStream([pool]) }];
    expect(schemaProblems(outputs[0], files)).toEqual([
      'manifests/99-typo.yaml: CephBlockPool rook-ceph/x: [schema] spec.replicated: missing required field "size"',
      'manifests/99-typo.yaml: CephBlockPool rook-ceph/x: [schema] unknown field "spec.replicated.sise"',
    ]);
  });
});
