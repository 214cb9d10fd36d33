/**
 * The operators kustomization (charts/operators.ts, `operators/`): every operator at its pinned
 * release, the patches it applies, and the real consumer `kubectl kustomize` building it. That
 * every output's kustomization pins exactly the versions module is a rule of every output, in
 * platform-rules.test.ts.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { versions } from '../../clusters/model/versions';
import { toYaml, toYamlStream } from '../../output/serialize';
import { find, parseYamlStream, render, type K8sObject } from '../helpers/render';
import { requireTool } from '../helpers/require-tool';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());
const allDevices = render(lacaveWith((s) => (s.components.rookCeph.useAllDevices = true)));

const FILES = ['operators/kustomization.yaml', 'operators/namespaces.yaml', 'operators/patches/rook-hostpath-privileged.yaml'];

describe('snapshot', () => {
  test.each(FILES)('%s', (file) => {
    expect(lacave.files[file]).toBeDefined();
    expect(lacave.files[file]).toMatchSnapshot();
  });
  test('operators/ when every disk of every node goes to Ceph', () => {
    expect(allDevices.files['operators/kustomization.yaml']).toMatchSnapshot();
    expect(allDevices.files['operators/patches/rook-discovery-daemon.yaml']).toMatchSnapshot();
  });
});

describe('pinned releases', () => {
  test('lacave: every operator at the pinned version, one URL set per release', () => {
    const k = parse(lacave.files['operators/kustomization.yaml']);
    const urls: string = k.resources.join('\n');
    // cert-manager is the stage before: the other operators' webhooks and our Certificates need its CRDs and webhook
    expect(parse(lacave.files['operators/cert-manager/kustomization.yaml']).resources).toEqual([`https://github.com/cert-manager/cert-manager/releases/download/${versions.certManager}/cert-manager.yaml`]);
    expect(urls).not.toContain('cert-manager.yaml');
    for (const f of ['crds', 'common', 'csi-operator', 'operator']) expect(urls).toContain(`rook/rook/${versions.rook}/deploy/examples/${f}.yaml`);
    expect(urls).toContain(`eck/${versions.eck.slice(1)}/crds.yaml`);
    expect(urls).toContain(`eck/${versions.eck.slice(1)}/operator.yaml`);
    expect(urls).not.toContain('jaeger-operator');
    expect(urls).toContain(`prometheus-operator/releases/download/${versions.prometheusOperator}/`);
    expect(urls).toContain(`postgres-operator//config/default?ref=${versions.crunchyPgo}`);
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
    const objs = build(lacave.files);
    expect(objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual(['postgres-operator']);
    const env = [...operator(objs).spec.template.spec.containers[0].env].sort((a, b) => a.name.localeCompare(b.name));
    expect(env).toEqual([
      { name: 'ROOK_CURRENT_NAMESPACE_ONLY', value: 'false' },
      { name: 'ROOK_HOSTPATH_REQUIRES_PRIVILEGED', value: 'true' },
    ]);
    expect(config(objs).data).toEqual({ ROOK_LOG_LEVEL: 'INFO', ROOK_ENABLE_DISCOVERY_DAEMON: 'false' });
    expect(objs.filter((o) => o.metadata.name.startsWith('upstream-'))).toHaveLength(lacave.files['operators/kustomization.yaml'].match(/https:\/\//g)!.length - 1); // all but Rook's operator.yaml (a stand-in with its objects)
  });

  test('the edge is Envoy Gateway from its pinned install.yaml on every Kubespray release; no ingress-nginx, no dashboard bundle', () => {
    for (const files of [lacave.files, render(lacaveWith((s) => ((s.kubespray.release = 'v2.14'), (s.kubernetesVersion = '1.19.3')))).files]) {
      const resources: string[] = parse(files['operators/kustomization.yaml']).resources;
      expect(resources).toContain(`https://github.com/envoyproxy/gateway/releases/download/${versions.envoyGateway}/install.yaml`);
      expect(resources.filter((r) => /ingress-nginx|kubernetes\/dashboard/.test(r))).toEqual([]);
    }
    if (!requireTool('kubectl', 'the operators kustomization')) return;
    const objs = build(lacave.files);
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
    expect(config(build(allDevices.files)).data).toEqual({ ROOK_LOG_LEVEL: 'INFO', ROOK_ENABLE_DISCOVERY_DAEMON: 'true' });
  });
});
