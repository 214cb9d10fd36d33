/**
 * Monitoring (charts/monitoring.ts): the kube-prometheus-stack Helm release (its values, the
 * install script, checked by shellcheck) and the monitors beside it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { versions } from '../../clusters/model/versions';
import { render } from '../helpers/render';
import { requireTool } from '../helpers/require-tool';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('52-monitoring', () => expect(lacave.files['manifests/52-monitoring.yaml']).toMatchSnapshot());
  test('helm values and install script', () => {
    const helm = Object.keys(lacave.files).filter((p) => /^helm\//.test(p)).sort();
    expect(helm).toEqual(['helm/install.sh', 'helm/kube-prometheus-stack.values.yaml']);
    for (const p of helm) expect(lacave.files[p]).toMatchSnapshot(p);
  });
});

describe('Helm releases', () => {
  test('pinned versions of the versions module, reference release names', () => {
    const script = lacave.files['helm/install.sh']!;
    const lines = script.split('\n').filter((l) => l.startsWith('helm upgrade'));
    expect(lines.map((l) => l.split(' ').slice(3, 8))).toEqual([
      ['lacave-prom', 'prometheus-community/kube-prometheus-stack', '--version', versions.kubePrometheusStackChart, '--namespace'],
    ]);
    expect(lacave.output.find((f) => f.path === 'helm/install.sh')!.mode).toBe(0o755);
  });
  test('kube-prometheus-stack values follow the spec', () => {
    const r = render(lacaveWith((s) => (s.components.monitoring = { retention: '30d', retentionSize: '90GiB', prometheusStorageSize: '120Gi' })));
    const v = parse(r.files['helm/kube-prometheus-stack.values.yaml']!);
    expect(v.prometheus.prometheusSpec).toMatchObject({ retention: '30d', retentionSize: '90GiB', serviceMonitorSelectorNilUsesHelmValues: false });
    expect(v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe('120Gi');
  });
  test('install.sh passes shellcheck', () => {
    if (!requireTool('shellcheck', 'helm/install.sh')) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-'));
    const file = path.join(dir, 'install.sh');
    fs.writeFileSync(file, lacave.files['helm/install.sh']!);
    execFileSync('shellcheck', ['-s', 'sh', file]);
  });
});
