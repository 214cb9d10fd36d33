/**
 * Charts I against real consumers: the custom resources against the pinned CRDs' OpenAPI schemas
 * (ajv), the operators kustomization through `kubectl kustomize`, the toolbox script through
 * shellcheck.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { formatProblem, validateOutput } from '../../synth/validate';
import { customKindsFor } from '../../synth/validate/committed-schemas';
import { crdSources, versions } from '../../clusters/model/versions';
import { TOOLBOX_SCRIPT } from '../../charts/rook-ceph';
import { toYaml, toYamlStream } from '../../output/serialize';
import { find, parseYamlStream, render, type K8sObject } from '../helpers/render';
import { requireTool } from '../helpers/require-tool';
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
  const crds = customKindsFor(dir ? crdSources.map(({ file }) => path.join(dir, file)).filter((f) => fs.existsSync(f)) : []);
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

describe('kubectl kustomize builds operators/ and applies its patches', () => {
  /**
   * operators/ with each remote resource replaced by a local stand-in holding the upstream objects
   * the patches target (upstream values), so the build runs offline.
   */
  function offlineCopy(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'operators-'));
    for (const [p, content] of Object.entries(files)) {
      if (!p.startsWith('operators/')) continue;
      const target = path.join(dir, p.slice('operators/'.length));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    const kustomization = parse(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'));
    kustomization.resources = kustomization.resources.map((r: string, i: number) => {
      if (!r.startsWith('https://')) return r;
      const upstream: object[] = r.endsWith('/operator.yaml') && r.includes('rook')
        ? [
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rook-ceph-operator-config', namespace: 'rook-ceph' }, data: { ROOK_LOG_LEVEL: 'INFO', ROOK_ENABLE_DISCOVERY_DAEMON: 'false' } },
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: 'rook-ceph-operator', namespace: 'rook-ceph' },
              spec: {
                selector: { matchLabels: { app: 'rook-ceph-operator' } },
                template: {
                  metadata: { labels: { app: 'rook-ceph-operator' } },
                  spec: { containers: [{ name: 'rook-ceph-operator', image: 'docker.io/rook/ceph:v1.20.6', env: [{ name: 'ROOK_CURRENT_NAMESPACE_ONLY', value: 'false' }, { name: 'ROOK_HOSTPATH_REQUIRES_PRIVILEGED', value: 'false' }] }] },
                },
              },
            },
          ]
        : [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `upstream-${i}`, namespace: 'default' }, data: { url: r } }];
      if (r.includes('?ref=')) {
        fs.mkdirSync(path.join(dir, `upstream-${i}`));
        fs.writeFileSync(path.join(dir, `upstream-${i}`, 'upstream.yaml'), toYamlStream(upstream));
        fs.writeFileSync(path.join(dir, `upstream-${i}`, 'kustomization.yaml'), toYaml({ resources: ['upstream.yaml'] }));
        return `upstream-${i}`;
      }
      fs.writeFileSync(path.join(dir, `upstream-${i}.yaml`), toYamlStream(upstream));
      return `upstream-${i}.yaml`;
    });
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), toYaml(kustomization));
    return dir;
  }

  const build = (files: Record<string, string>) => parseYamlStream(execFileSync('kubectl', ['kustomize', offlineCopy(files)], { encoding: 'utf8' })) as K8sObject[];
  const operator = (objs: K8sObject[]) => find(objs, 'Deployment', 'rook-ceph-operator', 'rook-ceph')!;
  const config = (objs: K8sObject[]) => find(objs, 'ConfigMap', 'rook-ceph-operator-config', 'rook-ceph')!;

  test('lacave (Fedora CoreOS, disks per node): Rook operator privileged on host paths, upstream otherwise', () => {
    if (!requireTool('kubectl', 'the operators kustomization')) return;
    const objs = build(outputs[0].files);
    expect(objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual(['postgres-operator']);
    const env = [...operator(objs).spec.template.spec.containers[0].env].sort((a, b) => a.name.localeCompare(b.name));
    expect(env).toEqual([
      { name: 'ROOK_CURRENT_NAMESPACE_ONLY', value: 'false' },
      { name: 'ROOK_HOSTPATH_REQUIRES_PRIVILEGED', value: 'true' },
    ]);
    expect(config(objs).data).toEqual({ ROOK_LOG_LEVEL: 'INFO', ROOK_ENABLE_DISCOVERY_DAEMON: 'false' });
    expect(objs.filter((o) => o.metadata.name.startsWith('upstream-'))).toHaveLength(outputs[0].files['operators/kustomization.yaml'].match(/https:\/\//g)!.length - 1); // all but Rook's operator.yaml (a stand-in with its objects)
  });

  test('the edge is Envoy Gateway from its pinned install.yaml on every Kubespray release; no ingress-nginx, no dashboard bundle', () => {
    for (const files of [outputs[0].files, render(lacaveWith((s) => ((s.kubespray.release = 'v2.14'), (s.kubernetesVersion = '1.19.3')))).files]) {
      const resources: string[] = parse(files['operators/kustomization.yaml']).resources;
      expect(resources).toContain(`https://github.com/envoyproxy/gateway/releases/download/${versions.envoyGateway}/install.yaml`);
      expect(resources.filter((r) => /ingress-nginx|kubernetes\/dashboard/.test(r))).toEqual([]);
    }
    if (!requireTool('kubectl', 'the operators kustomization')) return;
    const objs = build(outputs[0].files);
    expect(objs.filter((o) => o.kind === 'ConfigMap' && o.data?.url?.includes('envoyproxy/gateway'))).toHaveLength(1);
  });

  test('Kubespray before v2.31 installs ingress-nginx and the dashboard itself: the platform does not', () => {
    const legacy = render(lacaveWith((s) => {
      s.kubespray.release = 'v2.14';
      s.kubernetesVersion = '1.19.3';
    }));
    const k = parse(legacy.files['operators/kustomization.yaml']);
    expect(k.resources.join()).not.toMatch(/ingress-nginx|kubernetes\/dashboard/);
    expect(legacy.files['operators/patches/ingress-nginx-host-network.yaml']).toBeUndefined();
  });

  test('every disk of every node: the discovery daemon runs', () => {
    if (!requireTool('kubectl', 'the operators kustomization')) return;
    expect(config(build(outputs[2].files)).data).toEqual({ ROOK_LOG_LEVEL: 'INFO', ROOK_ENABLE_DISCOVERY_DAEMON: 'true' });
  });
});

describe('shellcheck', () => {
  test('the toolbox script', () => {
    if (!requireTool('shellcheck', 'the toolbox script')) return;
    expect(() => execFileSync('shellcheck', ['--shell=bash', '-'], { input: TOOLBOX_SCRIPT, encoding: 'utf8' })).not.toThrow();
  });
});
