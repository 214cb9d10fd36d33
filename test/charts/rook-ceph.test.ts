/**
 * Rook-Ceph (charts/rook-ceph.ts): the CephCluster's disks, mons and replicas from the spec and
 * the node count, its metrics with the monitoring stack, the toolbox script through shellcheck,
 * and what the platform does without Ceph. The Rook operator's kustomization is checked in
 * operators.test.ts.
 */
import { execFileSync } from 'child_process';
import { parse } from 'yaml';
import { TOOLBOX_SCRIPT } from '../../charts/rook-ceph';
import { find, render } from '../helpers/render';
import { requireTool } from '../helpers/require-tool';
import { generatedSpec, lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('manifests/20-rook-ceph.yaml', () => {
    expect(lacave.files['manifests/20-rook-ceph.yaml']).toBeDefined();
    expect(lacave.files['manifests/20-rook-ceph.yaml']).toMatchSnapshot();
  });
});

describe('what each spec setting changes', () => {
  test("Ceph storage: lacave's disks per node, or every disk with the discovery daemon", () => {
    const lacaveStorage = find(lacave.objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.storage;
    expect(lacaveStorage.useAllDevices).toBe(false);
    expect(lacaveStorage.nodes.map((n: any) => [n.name, n.devices.map((d: any) => d.name)])).toEqual([['kube01', ['sdb']], ['kube02', ['sdb']], ['kube04', ['sdb']]]);
    expect(lacave.files['operators/patches/rook-discovery-daemon.yaml']).toBeUndefined();
    const all = render(lacaveWith((s) => (s.components.rookCeph.useAllDevices = true)));
    expect(find(all.objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.storage).toEqual({ useAllNodes: true, useAllDevices: true });
    expect(parse(all.files['operators/patches/rook-discovery-daemon.yaml']).data).toEqual({ ROOK_ENABLE_DISCOVERY_DAEMON: 'true' });
  });

  test('replica size and mon count follow the spec and the node count', () => {
    expect(find(lacave.objects, 'CephBlockPool', 'replicapool', 'rook-ceph')!.spec.replicated.size).toBe(2);
    expect(find(lacave.objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.mon.count).toBe(3);
    expect(find(render(generatedSpec(1, 1)).objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.mon.count).toBe(1);
  });

  test('monitoring: the mgr ServiceMonitor with the monitoring stack, Ceph metrics off without it', () => {
    expect(find(lacave.objects, 'ServiceMonitor', 'ceph-rook-svc-monitor', 'monitoring')).toBeDefined();
    const off = render(lacaveWith((s) => (s.components.monitoring = { enabled: false })));
    expect(find(off.objects, 'ServiceMonitor', 'ceph-rook-svc-monitor', 'monitoring')).toBeUndefined();
    expect(find(off.objects, 'CephCluster', 'rook-ceph', 'rook-ceph')!.spec.monitoring.metricsDisabled).toBe(true);
    expect(parse(off.files['operators/kustomization.yaml']).resources.join()).not.toContain('prometheus-operator');
  });

  test('without Rook: no Ceph objects, Nexus data on local-path, no Rook operator', () => {
    const r = render(lacaveWith((s) => (s.components.rookCeph = { enabled: false })));
    expect(r.files['manifests/20-rook-ceph.yaml']).toBeUndefined();
    expect(find(r.objects, 'PersistentVolumeClaim', 'nexus3-ceph-claim', 'nexus')!.spec.storageClassName).toBe('local-path');
    expect(parse(r.files['operators/kustomization.yaml']).resources.join()).not.toContain('rook');
  });
});

describe('shellcheck', () => {
  test('the toolbox script', () => {
    if (!requireTool('shellcheck', 'the toolbox script')) return;
    expect(() => execFileSync('shellcheck', ['--shell=bash', '-'], { input: TOOLBOX_SCRIPT, encoding: 'utf8' })).not.toThrow();
  });
});
