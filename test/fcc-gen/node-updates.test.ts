/**
 * Coordinated node OS updates (docs/node-updates.md): what each node's Ignition carries (read
 * back from the data URL with Node's own base64/gunzip and parsed by Python's tomllib, a real
 * TOML reader), the lock services in manifests/ (strict schemas and policy through the
 * project's validator), the maintenance window and its spec rules.
 */
import { spawnSync } from 'child_process';
import { gunzipSync } from 'zlib';
import { specIssues, validateSpec } from '../../clusters/model';
import { buildWindow } from '../../clusters/model/model';
import { fluoWindowArgs } from '../../charts/flatcar-update-operator';
import { validateOutput } from '../../synth/validate';
import { ignitionValidate } from '../helpers/ignition-check';
import { render, type K8sObject } from '../helpers/render';
import { requireTool } from '../helpers/require-tool';
import { lacaveWith } from '../helpers/specs';

interface IgnFile { path: string; contents?: { source?: string; compression?: string } }
interface IgnUnit { name: string; mask?: boolean; enabled?: boolean }
interface Ign { storage?: { files?: IgnFile[] }; systemd?: { units?: IgnUnit[] } }

/** RFC 2397 data URL → text, without the project's decoder. */
function dataUrlText(f: IgnFile): string {
  const m = /^data:([^,]*),(.*)$/s.exec(f.contents!.source!)!;
  const bytes = m[1].endsWith(';base64') ? Buffer.from(m[2], 'base64') : Buffer.from(decodeURIComponent(m[2]), 'utf8');
  return (f.contents!.compression === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** TOML → JSON by Python's tomllib (3.11+). */
function parseToml(text: string): unknown {
  const r = spawnSync('python3', ['-c', 'import sys, tomllib, json; print(json.dumps(tomllib.loads(sys.stdin.read())))'], { input: text, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tomllib rejected:\n${text}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const ign = (files: Record<string, string>, node: string) => JSON.parse(files[`fcc/${node}.ign`]) as Ign;
const fileAt = (config: Ign, path: string) => config.storage?.files?.find((f) => f.path === path);
const unit = (config: Ign, name: string) => config.systemd?.units?.find((u) => u.name === name);
const find = (objs: K8sObject[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const haveTomllib = () => spawnSync('python3', ['-c', 'import tomllib']).status === 0;

describe('lacave (Fedora CoreOS): Zincati fleet_lock against fleetlock', () => {
  const r = render(lacaveWith(() => undefined));

  test('every node asks the lock service at its fixed ClusterIP before rebooting', () => {
    if (!requireTool('python3', 'tomllib') || !haveTomllib()) return;
    const service = find(r.objectsOf('12-fleetlock'), 'Service', 'fleetlock')!;
    expect(service.spec.clusterIP).toBe('10.233.0.15');
    for (const node of r.model.nodes) {
      const f = fileAt(ign(r.files, node.name), '/etc/zincati/config.d/55-updates-strategy.toml');
      expect(f).toBeDefined();
      expect(parseToml(dataUrlText(f!))).toEqual({ updates: { strategy: 'fleet_lock', fleet_lock: { base_url: `http://${service.spec.clusterIP}/` } } });
      expect(fileAt(ign(r.files, node.name), '/etc/zincati/config.d/90-disable-auto-updates.toml')).toBeUndefined();
    }
  });

  test('the Service reaches the server port; the server has the Lease and drain rights and nothing else', () => {
    const objs = r.objectsOf('12-fleetlock');
    const deployment = find(objs, 'Deployment', 'fleetlock')!;
    const service = find(objs, 'Service', 'fleetlock')!;
    const container = deployment.spec.template.spec.containers[0];
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: container.ports[0].containerPort }]);
    expect(container.env).toEqual([{ name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }]);
    expect(container.image).toMatch(/^quay\.io\/poseidon\/fleetlock:v\d/);
    // Closed until the window opens (the CronJobs scale it); applying can only close it.
    expect(deployment.spec.replicas).toBe(0);
    const role = find(objs, 'Role', 'fleetlock')!;
    expect(role.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['fleetlock-default'], verbs: ['get', 'update'] },
    ]);
    expect(find(objs, 'ClusterRole', 'fleetlock-drain')!.rules.flatMap((x: { resources: string[]; verbs: string[] }) => x.resources.map((res) => `${res}:${x.verbs.join(',')}`))).toEqual([
      'nodes:list,patch',
      'pods:list',
      'pods/eviction:create',
    ]);
  });

  test('two CronJobs open (scale to 1) and close (scale to 0) the window, allowed to scale that Deployment only', () => {
    const objs = r.objectsOf('12-fleetlock');
    const open = find(objs, 'CronJob', 'fleetlock-window-open')!;
    const close = find(objs, 'CronJob', 'fleetlock-window-close')!;
    // Default window: every day 02:00 UTC for 120 minutes.
    expect([open.spec.schedule, close.spec.schedule, open.spec.timeZone]).toEqual(['0 2 * * *', '0 4 * * *', 'Etc/UTC']);
    const command = (c: K8sObject) => c.spec.jobTemplate.spec.template.spec.containers[0].command;
    expect(command(open)).toEqual(['/bin/kubectl', 'scale', 'deployment/fleetlock', '--namespace=fleetlock', '--replicas=1']);
    expect(command(close)).toEqual(['/bin/kubectl', 'scale', 'deployment/fleetlock', '--namespace=fleetlock', '--replicas=0']);
    expect(find(objs, 'Role', 'fleetlock-window')!.rules).toEqual([
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['fleetlock'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments/scale'], resourceNames: ['fleetlock'], verbs: ['get', 'patch', 'update'] },
    ]);
    expect(open.spec.jobTemplate.spec.template.spec.serviceAccountName).toBe('fleetlock-window');
  });

  test('no Flatcar node, no Flatcar update operator', () => {
    expect(r.files['manifests/13-flatcar-update-operator.yaml']).toBeUndefined();
  });
});

describe('a Flatcar node, a one-day window', () => {
  const r = render(
    lacaveWith((s) => {
      s.nodes[3].os = 'flatcar';
      s.updates = { window: { days: ['Thu'], start: '23:00', lengthMinutes: 90 } };
    }),
  );

  test('the Flatcar node masks locksmithd and keeps update-engine; its Ignition passes ignition-validate', () => {
    const config = ign(r.files, 'kube04');
    expect(unit(config, 'locksmithd.service')).toEqual({ mask: true, name: 'locksmithd.service' });
    expect(unit(config, 'update-engine.service')).toBeUndefined();
    expect(fileAt(config, '/etc/zincati/config.d/55-updates-strategy.toml')).toBeUndefined();
    if (requireTool('ignition-validate', 'Ignition configs')) expect(ignitionValidate(r.files['fcc/kube04.ign'])).toEqual({ ok: true, output: '' });
  });

  test('FLUO reboots within the window, its agent runs on the Flatcar nodes only', () => {
    const objs = r.objectsOf('13-flatcar-update-operator');
    const operator = find(objs, 'Deployment', 'flatcar-linux-update-operator')!;
    expect(operator.spec.template.spec.containers[0].command).toEqual(['/bin/update-operator', '--reboot-window-start=Thu 23:00', '--reboot-window-length=1h30m']);
    const agent = find(objs, 'DaemonSet', 'flatcar-linux-update-agent')!;
    expect(agent.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kube04'] }] },
    ]);
    // The FCOS nodes keep fleetlock, in the same window (closing after midnight, on Friday).
    const close = find(r.objectsOf('12-fleetlock'), 'CronJob', 'fleetlock-window-close')!;
    expect(close.spec.schedule).toBe('30 0 * * 5');
  });

  test('every object of both lock services passes the strict schemas and the policy', () => {
    const files = r.output.filter((f) => /^manifests\/1[23]-/.test(f.path));
    expect(files.map((f) => f.path)).toEqual(['manifests/12-fleetlock.yaml', 'manifests/13-flatcar-update-operator.yaml']);
    expect(validateOutput(files, { model: r.model }).problems).toEqual([]);
  });
});

describe('updates.strategy off', () => {
  const r = render(
    lacaveWith((s) => {
      s.nodes[3].os = 'flatcar';
      s.updates = { strategy: 'off' };
    }),
  );

  test('Zincati is disabled, Flatcar masks update-engine and locksmithd, no lock service is deployed', () => {
    if (!requireTool('python3', 'tomllib') || !haveTomllib()) return;
    const f = fileAt(ign(r.files, 'kube01'), '/etc/zincati/config.d/90-disable-auto-updates.toml');
    expect(parseToml(dataUrlText(f!))).toEqual({ updates: { enabled: false } });
    expect(fileAt(ign(r.files, 'kube01'), '/etc/zincati/config.d/55-updates-strategy.toml')).toBeUndefined();
    const flatcar = ign(r.files, 'kube04');
    expect(unit(flatcar, 'update-engine.service')?.mask).toBe(true);
    expect(unit(flatcar, 'locksmithd.service')?.mask).toBe(true);
    expect(Object.keys(r.files).filter((p) => /fleetlock|flatcar-update-operator/.test(p))).toEqual([]);
  });
});

describe('the maintenance window', () => {
  test('cron schedules in UTC, moving to the next day when the window crosses midnight', () => {
    expect(buildWindow({})).toEqual({ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], start: '02:00', lengthMinutes: 120, openSchedule: '0 2 * * *', closeSchedule: '0 4 * * *' });
    const weekend = buildWindow({ days: ['Sun', 'Sat'], start: '23:30', lengthMinutes: 90 });
    expect([weekend.days, weekend.openSchedule, weekend.closeSchedule]).toEqual([['Sat', 'Sun'], '30 23 * * 0,6', '0 1 * * 0,1']);
    expect(buildWindow({ days: ['Mon'], start: '00:05', lengthMinutes: 720 }).closeSchedule).toBe('5 12 * * 1');
  });

  test('FLUO window flags: every day or one day, Go durations', () => {
    expect(fluoWindowArgs(buildWindow({}))).toEqual(['--reboot-window-start=02:00', '--reboot-window-length=2h']);
    expect(fluoWindowArgs(buildWindow({ days: ['Sun'], start: '04:15', lengthMinutes: 45 }))).toEqual(['--reboot-window-start=Sun 04:15', '--reboot-window-length=45m']);
  });

  const issues = (mutate: (s: any) => void) => specIssues(lacaveWith(mutate)).map((i) => [i.path, i.message]);

  test('bad windows are refused with the field, the value and the fix', () => {
    expect(issues((s) => (s.updates = { window: { start: '24:00' } }))).toEqual([['updates.window.start', expect.stringContaining('HH:MM')]]);
    expect(issues((s) => (s.updates = { window: { start: '2:00' } }))).toEqual([['updates.window.start', expect.stringContaining('HH:MM')]]);
    expect(issues((s) => (s.updates = { window: { days: [] } }))).toEqual([['updates.window.days', expect.stringContaining('never open')]]);
    expect(issues((s) => (s.updates = { window: { days: ['Mon', 'Mon'] } }))).toEqual([['updates.window.days', expect.stringContaining('Mon listed twice')]]);
    expect(issues((s) => (s.updates = { window: { days: ['Monday'] } }))).toEqual([['updates.window.days[0]', expect.stringContaining("'Mon'")]]);
    expect(issues((s) => (s.updates = { window: { lengthMinutes: 10 } }))).toEqual([['updates.window.lengthMinutes', expect.stringContaining('30 to 720')]]);
    expect(issues((s) => (s.updates = { strategy: 'sometimes' }))).toEqual([['updates.strategy', expect.stringContaining("'coordinated', 'off'")]]);
    expect(issues((s) => (s.updates = { windows: {} }))).toEqual([['updates.windows', expect.stringContaining('unknown key')]]);
  });

  test('Flatcar nodes take a window of every day or one day', () => {
    const flatcar = (days: string[]) => (s: any) => {
      s.nodes[3].os = 'flatcar';
      s.updates = { window: { days } };
    };
    expect(issues(flatcar(['Sat', 'Sun']))).toEqual([['updates.window.days', expect.stringContaining('kube04')]]);
    expect(issues(flatcar(['Sat']))).toEqual([]);
    expect(issues(flatcar(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']))).toEqual([]);
    // Only FCOS nodes: Zincati and fleetlock take any days.
    expect(issues((s) => (s.updates = { window: { days: ['Sat', 'Sun'] } }))).toEqual([]);
  });

  test('the lock service address must be a free ClusterIP of the service network', () => {
    expect(issues((s) => (s.updates = { lockServiceIp: '10.234.0.15' }))).toEqual([['updates.lockServiceIp', expect.stringContaining('outside the service network 10.233.0.0/18')]]);
    expect(issues((s) => (s.updates = { lockServiceIp: '10.233.0.3' }))).toEqual([['updates.lockServiceIp', expect.stringContaining('reserved')]]);
    expect(issues((s) => (s.updates = { lockServiceIp: 'fleetlock' }))).toEqual([['updates.lockServiceIp', expect.stringContaining('10.233.0.15')]]);
    expect(issues((s) => (s.updates = { lockServiceIp: '10.233.1.20' }))).toEqual([]);
    // The service network of the spec, when it sets Kubespray's.
    const custom = validateSpec(
      lacaveWith((s) => {
        s.kubespray = { ...s.kubespray, extraVars: { ...(s.kubespray?.extraVars ?? {}), kube_service_addresses: '10.96.0.0/16' } };
      }),
    );
    expect([custom.updates.serviceNetwork, custom.updates.lockServiceIp, custom.updates.lockUrl]).toEqual(['10.96.0.0/16', '10.96.0.15', 'http://10.96.0.15/']);
  });
});
