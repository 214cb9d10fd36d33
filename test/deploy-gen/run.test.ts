/**
 * deploy.yml and deploy.sh run for real (ansible-playbook, bash) against a fake `kubectl` that
 * records its arguments and answers from a table, and every file the playbook makes Ansible
 * parse is loaded with Python's PyYAML, the loader Ansible uses.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { toYaml } from '../../output/serialize';
import { CA_BUNDLE_INJECTED } from '../../deploy-gen/playbook';
import { validateSpec } from '../../clusters/model';
import { renderCluster } from '../../synth/render';
import type { OutputFile } from '../../output/files';
import { requirePresent, requireTool } from '../helpers/require-tool';
import { lacaveSpec } from '../helpers/specs';

const model = validateSpec(lacaveSpec(), 'clusters/lacave.ts');
const output = renderCluster(model).files;

function writeTree(files: readonly OutputFile[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-run-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.content, { mode: f.mode ?? 0o644 });
  }
  return dir;
}

/** Python's `yaml` (PyYAML), the loader of Ansible: null when the file loads, else the error. */
function pyyamlError(file: string): string | null {
  const r = spawnSync('python3', ['-c', 'import sys, yaml\nwith open(sys.argv[1]) as f: list(yaml.safe_load_all(f))', file], { encoding: 'utf8' });
  return r.status === 0 ? null : r.stderr.trim().split('\n').slice(-3).join(' ');
}

const havePyyaml = () => requirePresent("Python's yaml module (Debian python3-yaml)", spawnSync('python3', ['-c', 'import yaml']).status === 0);

describe('what Ansible parses', () => {
  const playbook = output.find((f) => f.path === 'deploy.yml')!;
  const tasks = parse(playbook.content)[0].tasks as Array<Record<string, any>>;
  const kustomizeDirs = output.map((f) => /^(.*)\/kustomization\.yaml$/.exec(f.path)?.[1]).filter((d): d is string => !!d);

  /** Files of the output a module makes Ansible read as YAML: k8s `src`, helm `values_files`. */
  const parsedFiles = () => [
    'deploy.yml',
    ...tasks.flatMap((t) => [t['kubernetes.core.k8s']?.src, ...(t['kubernetes.core.helm']?.values_files ?? [])]).filter((s): s is string => typeof s === 'string').map((s) => s.replace('{{ dist }}/', '')),
  ];

  test('PyYAML loads every file the playbook parses (and rejects what the upstream bundles hold)', () => {
    if (!havePyyaml()) return;
    const dir = writeTree(output);
    const files = [...new Set(parsedFiles())];
    expect(files.filter((f) => f.startsWith('manifests/')).length).toBeGreaterThan(5);
    expect(files.some((f) => f.startsWith('helm/'))).toBe(true);
    for (const f of files) expect({ file: f, error: pyyamlError(path.join(dir, f)) }).toEqual({ file: f, error: null });
    // The check can fail: the prometheus-operator CRDs hold `- =` in an enum, which PyYAML refuses.
    fs.writeFileSync(path.join(dir, 'bundle.yaml'), 'spec:\n  enum:\n    - =\n    - "!="\n');
    expect(pyyamlError(path.join(dir, 'bundle.yaml'))).toMatch(/tag:yaml.org,2002:value/);
  });

  test('the upstream bundles (kustomizations) reach kubectl only, never a YAML-reading module or filter', () => {
    expect(kustomizeDirs).toContain('operators');
    expect(playbook.content).not.toMatch(/lookup\(|from_yaml|kubernetes\.core\.kustomize/);
    for (const t of tasks) {
      const text = JSON.stringify(t);
      for (const d of kustomizeDirs) {
        if (!text.includes(`{{ dist }}/${d}"`)) continue;
        expect({ task: t.name, module: Object.keys(t).find((k) => k.includes('.')), kustomize: t['ansible.builtin.command']?.argv.includes('-k') }).toEqual({
          task: t.name,
          module: 'ansible.builtin.command',
          kustomize: true,
        });
      }
    }
    for (const f of parsedFiles()) expect(kustomizeDirs.some((d) => f.startsWith(`${d}/`))).toBe(false);
  });
});

/**
 * A fake kubectl (and helm): logs each call; answers `get secret` from FAKE_SECRETS (`ns/name key…`
 * lines), and other calls from FAKE_RULES (`regex<TAB>stdout<TAB>exit code<TAB>stderr` lines, the
 * first whose regex matches the arguments wins; `\n` in stdout is a new line); else empty, 0.
 */
const FAKE_KUBECTL = `#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG"
if [ "$1" = get ] && [ "$2" = secret ]; then
  while read -r id keys; do
    [ "$id" = "$5/$3" ] && printf 'exists %s ' "$keys"
  done <<< "$FAKE_SECRETS"
  exit 0
fi
while IFS=$'\\t' read -r re out code err; do
  [ -n "$re" ] || continue
  if [[ "$*" =~ $re ]]; then
    printf '%b' "$out"
    [ -n "$err" ] && printf '%s\\n' "$err" >&2
    exit "\${code:-0}"
  fi
done <<< "\${FAKE_RULES:-}"
exit 0
`;

function fakeTools(): { bin: string; log: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-kubectl-'));
  for (const tool of ['kubectl', 'helm']) fs.writeFileSync(path.join(bin, tool), FAKE_KUBECTL, { mode: 0o755 });
  return { bin, log: path.join(bin, 'calls.log') };
}

const ALL_SECRETS = [
  'cert-manager/ca-lacave-tls tls.crt tls.key',
  'graylog-system/lacave-graylog-secrets graylog-password-secret graylog-password-sha2 mongodb-passwords mongodb-root-password mongodb-uri',
  'keycloak-system/keycloak-admin password username',
  'keycloak-system/kubelacave-oidc-client client-secret',
  'kube-system/kubelacave-oidc-client client-secret',
  'monitoring/grafana-admin admin-password',
];
/** Without keycloak-admin, and the OIDC client Secret of kube-system without its key. */
const SOME_MISSING = ALL_SECRETS.filter((s) => !s.startsWith('keycloak-system/keycloak-admin')).map((s) => (s.startsWith('kube-system/kubelacave') ? 'kube-system/kubelacave-oidc-client other-key' : s));

function run(cmd: string, args: string[], secrets: string[], env: Record<string, string> = {}) {
  const { bin, log } = fakeTools();
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_LOG: log, FAKE_SECRETS: secrets.join('\n'), ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false', ANSIBLE_NOCOLOR: '1', ...env },
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: r.status, out: r.stdout + r.stderr, calls };
}

describe('the Secret check, before the deploy touches the cluster', () => {
  test('the Secrets of lacave: each with its namespace and keys (the model external Secrets, where the output references them)', () => {
    const checked = (parse(output.find((f) => f.path === 'deploy.yml')!.content)[0].tasks as any[])[0].loop.map((i: any) => `${i.namespace}/${i.name} ${i.required_keys.join(' ')}`);
    expect(checked).toEqual(ALL_SECRETS);
    for (const s of model.externalSecrets) expect(checked.some((c: string) => c.includes(`/${s.secretName} `) && c.includes(s.key))).toBe(true);
  });

  test('deploy.sh: missing Secrets and keys are all reported with the command that creates them, and nothing is applied', () => {
    if (!requireTool('bash', 'deploy.sh')) return;
    const dir = writeTree(output);
    const r = run('bash', [path.join(dir, 'deploy.sh')], SOME_MISSING);
    expect(r.status).toBe(1);
    expect(r.out).toContain('MISSING Secret keycloak-system/keycloak-admin');
    expect(r.out).toContain("kubectl create secret generic keycloak-admin --namespace keycloak-system '--from-literal=password=<password>' '--from-literal=username=<username>'");
    expect(r.out).toContain('MISSING key client-secret in Secret kube-system/kubelacave-oidc-client');
    expect(r.out).not.toContain('MISSING Secret monitoring/grafana-admin');
    expect(r.calls.filter((c) => !c.startsWith('get secret '))).toEqual([]);
    // all present: the deploy goes on to apply
    const ok = run('bash', [path.join(dir, 'deploy.sh')], ALL_SECRETS);
    expect(ok.out).not.toContain('MISSING');
    expect(ok.calls).toContain(`apply --server-side --force-conflicts --field-manager=kube-cluster-as-code -k ${dir}/operators/cert-manager`);
  });

  test('deploy.yml: the same check with ansible-playbook', () => {
    if (!requireTool('ansible-playbook', 'deploy.yml')) return;
    const dir = writeTree(output);
    const r = run('ansible-playbook', [path.join(dir, 'deploy.yml')], SOME_MISSING);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("Secret keycloak-system/keycloak-admin is missing or lacks a key of ['password', 'username']");
    expect(r.out).toContain("kubectl create secret generic keycloak-admin --namespace keycloak-system '--from-literal=password=<password>' '--from-literal=username=<username>'");
    expect(r.out).toContain('Secret kube-system/kubelacave-oidc-client is missing or lacks a key');
    expect(r.out).not.toContain('Secret monitoring/grafana-admin is missing');
    expect(r.calls.filter((c) => !c.startsWith('get secret '))).toEqual([]);
    const ok = run('ansible-playbook', [path.join(dir, 'deploy.yml')], ALL_SECRETS);
    expect(ok.out).not.toContain('is missing or lacks');
    expect(ok.calls).toContain(`apply --server-side --force-conflicts --field-manager=kube-cluster-as-code -k ${dir}/operators/cert-manager`);
  });
});

const OWNED = 'app.kubernetes.io/managed-by=kube-cluster-as-code,app.kubernetes.io/part-of=lacave';
/** A cluster where Keycloak's StatefulSet has the reference's selector, and the project owns a stale Deployment. */
const LIVE_RULES = (pvcClass = 'rook-ceph-block') =>
  [
    ['^get statefulset.apps login-lacave --namespace=keycloak-system --ignore-not-found -o jsonpath=\\{.spec.selector\\}$', '{"matchLabels":{"app":"login-lacave"}}'],
    ['^get persistentvolumeclaim nexus3-ceph-claim --namespace=nexus --ignore-not-found -o jsonpath=\\{.spec.storageClassName\\}$', pvcClass],
    ['^get -f .*40-keycloak.yaml', 'Deployment   nexus   nexus-deployment\\n'],
    [`^get deployments.apps --all-namespaces -l ${OWNED} `, 'Deployment   nexus   nexus-deployment   <none>\\nDeployment   old-tenant   stale-api   <none>\\nDeployment   logging   es-child   Elasticsearch\\n'],
    ['^get namespaces --all-namespaces -l kube-cluster-as-code/cluster=lacave ', 'Namespace   <none>   old-operator   <none>\\n'],
    ['^get httproutes', '', '1', 'error: the server doesn\'t have a resource type "httproutes"'],
  ]
    .map((r) => r.join('\t'))
    .join('\n');

/** The deploy.yml tasks that run without a cluster API (command, assert, debug): the checks, prune and retirement. */
function commandOnlyPlaybook(dir: string): string {
  const play = parse(fs.readFileSync(path.join(dir, 'deploy.yml'), 'utf8'))[0];
  play.tasks = play.tasks.filter((t: any) => ['ansible.builtin.command', 'ansible.builtin.assert', 'ansible.builtin.debug'].some((m) => m in t));
  const file = path.join(dir, 'deploy-commands.yml');
  fs.writeFileSync(file, toYaml([play]));
  return file;
}

describe('immutable fields, prune and retired releases, run', () => {
  const dir = writeTree(output);
  const deleteCalls = (calls: string[]) => calls.filter((c) => c.startsWith('delete '));

  for (const [tool, args] of [
    ['bash', () => [path.join(dir, 'deploy.sh')]],
    ['ansible-playbook', () => [commandOnlyPlaybook(dir)]],
  ] as const) {
    const extra = (e: Record<string, string>) => (tool === 'ansible-playbook' ? Object.entries(e).map(([k]) => ['-e', `${{ REPLACE: 'replace_immutable', PRUNE: 'prune', REMOVE_RETIRED: 'remove_retired' }[k as 'PRUNE'] ?? k}=true`]).flat() : []);
    const envOf = (e: Record<string, string>) => (tool === 'bash' ? e : {});
    test(`${tool}: a differing immutable field stops the deploy before any apply (a PVC even with the flag); with the flag the object is deleted, then applied; prune and retired releases are shown by a server-side dry run and removed only with their flags`, () => {
      if (!requireTool(tool, 'deploy')) return;
      const stopped = run(tool, [...args()], ALL_SECRETS, { FAKE_RULES: LIVE_RULES() });
      expect(stopped.status).not.toBe(0);
      expect(stopped.out).toMatch(/spec.selector of statefulset.apps keycloak-system\/login-lacave/);
      expect(stopped.calls.filter((c) => c.startsWith('apply ') || c.startsWith('delete '))).toEqual([]);
      // a PersistentVolumeClaim is never replaced, flag or not
      const pvc = run(tool, [...args(), ...extra({ REPLACE: 'yes' })], ALL_SECRETS, { FAKE_RULES: LIVE_RULES('local-path'), ...envOf({ REPLACE: 'yes' }) });
      expect(pvc.status).not.toBe(0);
      expect(pvc.out).toContain('holds data: the deploy never replaces it');
      expect(pvc.calls.filter((c) => c.startsWith('apply '))).toEqual([]);

      const pruneDeletes = (calls: string[]) => deleteCalls(calls).filter((c) => !c.startsWith('delete statefulset') && !c.includes(' -f '));
      const retired = (calls: string[]) => deleteCalls(calls).filter((c) => c.includes(' -f '));
      const jaeger = 'delete --ignore-not-found -f https://github.com/jaegertracing/jaeger-operator/releases/download/v1.65.0/jaeger-operator.yaml';
      // ingress-nginx and the dashboard are retired too (Envoy Gateway and Headlamp replace them)
      const ingressNginx = 'delete --ignore-not-found -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml';
      const dashboard = 'delete --ignore-not-found -f https://raw.githubusercontent.com/kubernetes/dashboard/v2.7.0/aio/deploy/recommended.yaml';
      const replaced = run(tool, [...args(), ...extra({ REPLACE: 'yes' })], ALL_SECRETS, { FAKE_RULES: LIVE_RULES(), ...envOf({ REPLACE: 'yes' }) });
      expect(replaced.status).toBe(0);
      const del = replaced.calls.indexOf('delete statefulset.apps login-lacave --namespace=keycloak-system --ignore-not-found --wait=true');
      expect(del).toBeGreaterThan(-1);
      expect(del).toBeLessThan(replaced.calls.findIndex((c) => c.startsWith('apply ')));
      // prune: the stale Deployment and operator Namespace are shown; the desired Deployment and an operator's child are not
      expect(replaced.out).toMatch(/PRUNE=yes|prune=true/);
      expect(pruneDeletes(replaced.calls)).toEqual([
        'delete deployments.apps stale-api --namespace=old-tenant --ignore-not-found --dry-run=server',
        'delete namespaces old-operator --namespace=default --ignore-not-found --dry-run=server',
      ]);
      expect(retired(replaced.calls)).toEqual([`${ingressNginx} --dry-run=server`, `${dashboard} --dry-run=server`, `${jaeger} --dry-run=server`]);
      const all = { REPLACE: 'yes', PRUNE: 'yes', REMOVE_RETIRED: 'yes' };
      const removed = run(tool, [...args(), ...extra(all)], ALL_SECRETS, { FAKE_RULES: LIVE_RULES(), ...envOf(all) });
      expect(removed.status).toBe(0);
      expect(pruneDeletes(removed.calls)).toEqual([
        'delete deployments.apps stale-api --namespace=old-tenant --ignore-not-found --dry-run=none',
        'delete namespaces old-operator --namespace=default --ignore-not-found --dry-run=none',
      ]);
      expect(retired(removed.calls)).toEqual([`${ingressNginx} --dry-run=none`, `${dashboard} --dry-run=none`, `${jaeger} --dry-run=none`]);
    });
  }
});

describe('the CA bundle wait condition, evaluated by Ansible', () => {
  test('true only when the configuration exists and every webhook has a non-empty caBundle', () => {
    if (!requireTool('ansible-playbook', 'deploy.yml')) return;
    const cases = [
      { resources: [] },
      { resources: [{ webhooks: [{ clientConfig: { caBundle: 'abc' } }, { clientConfig: {} }] }] },
      { resources: [{ webhooks: [{ clientConfig: { caBundle: 'abc' } }, { clientConfig: { caBundle: 'def' } }] }] },
      { resources: [{ webhooks: [{ clientConfig: { caBundle: '' } }] }] },
    ];
    const play = [{ hosts: 'localhost', gather_facts: false, tasks: [{ 'ansible.builtin.debug': { msg: `{{ ${CA_BUNDLE_INJECTED} }}` }, vars: { webhook_configuration: '{{ item }}' }, loop: cases }] }];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-bundle-'));
    fs.writeFileSync(path.join(dir, 'play.yml'), toYaml(play));
    const r = spawnSync('ansible-playbook', [path.join(dir, 'play.yml')], { encoding: 'utf8', env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false', ANSIBLE_NOCOLOR: '1' } });
    expect([...r.stdout.matchAll(/"msg": (true|false)/g)].map((m) => m[1])).toEqual(['false', 'false', 'true', 'false']);
  });
});
