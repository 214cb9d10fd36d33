/**
 * Spec values reach Ansible as data. An inventory made from a spec whose free
 * strings are Jinja (`{{ lookup('pipe', 'touch …') }}`, `{% … %}`) is read by the real
 * `ansible-inventory` and `ansible-playbook`: nothing is evaluated (the marker file is never
 * created) and every value prints verbatim. A control proves the payload does run when a
 * string is not `!unsafe`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateSpec } from '../../clusters/model';
import { renderInventory } from '../../inventory-gen';
import { toYaml } from '../../output/serialize';
import { describeWithTool } from '../helpers/require-tool';
import { lacaveWith } from '../helpers/specs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ansible-data-'));
const marker = (n: string) => path.join(dir, `pwned-${n}`);
const payloads = {
  usernamePrefix: `{{ lookup('pipe', 'touch ${marker('username-prefix')}') }}`,
  groupsPrefix: `{% if lookup('pipe', 'touch ${marker('groups-prefix')}') %}x{% endif %}`,
  usernameClaim: `{{ lookup('pipe','touch ${marker('username-claim')}') }}`,
  groupsClaim: `{#{{ x }}#}{{ 7 * 7 }}`,
  extraName: `{{ lookup('pipe', 'touch ${marker('extra-name')}') }}`,
  extraVar: `{{ lookup('pipe', 'touch ${marker('extra-var')}') }}`,
};

/** The inventory variables the payloads land in, with the text each must print as. */
const expected: Record<string, unknown> = {
  kube_oidc_username_prefix: payloads.usernamePrefix,
  kube_oidc_groups_prefix: payloads.groupsPrefix,
  kube_oidc_username_claim: payloads.usernameClaim,
  kube_oidc_groups_claim: payloads.groupsClaim,
  supplementary_addresses_in_ssl_keys: ['api.kube.lacave.info', payloads.extraName],
  kube_proxy_mode: payloads.extraVar,
};

const hostileSpec = () =>
  lacaveWith((s) => {
    s.oidc = { ...s.oidc, usernamePrefix: payloads.usernamePrefix, groupsPrefix: payloads.groupsPrefix, usernameClaim: payloads.usernameClaim, groupsClaim: payloads.groupsClaim };
    s.kubespray.apiServerExtraNames = ['api.kube.lacave.info', payloads.extraName];
    s.kubespray.extraVars = { kube_proxy_mode: payloads.extraVar };
  });

function writeInventory(): string {
  const root = path.join(dir, 'dist');
  for (const f of renderInventory(validateSpec(hostileSpec()))) {
    const p = path.join(root, f.path);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.content);
  }
  return path.join(root, 'inventory', 'inventory.ini');
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: dir, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'False', ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

const markers = () => fs.readdirSync(dir).filter((f) => f.startsWith('pwned-'));

/** A playbook that prints every variable of `expected` on one host, as JSON (the json callback). */
function debugPlaybook(vars: readonly string[]): string {
  const file = path.join(dir, 'debug.yml');
  fs.writeFileSync(file, toYaml([{ hosts: 'kube01', gather_facts: false, connection: 'local', tasks: vars.map((v) => ({ 'ansible.builtin.debug': { var: v } })) }]));
  return file;
}

interface PlaybookJson {
  plays: Array<{ tasks: Array<{ hosts: Record<string, Record<string, unknown>> }> }>;
}

describeWithTool('ansible-playbook', 'spec strings reach Ansible as data (real ansible-inventory and ansible-playbook)', () => {
  const ini = writeInventory();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('ansible-inventory --list marks every payload unsafe and prints it verbatim', () => {
    const inv = JSON.parse(run('ansible-inventory', ['-i', ini, '--list']));
    const host = inv._meta.hostvars.kube01;
    expect(host.kube_oidc_username_prefix).toEqual({ __ansible_unsafe: payloads.usernamePrefix });
    expect(host.supplementary_addresses_in_ssl_keys).toEqual([{ __ansible_unsafe: 'api.kube.lacave.info' }, { __ansible_unsafe: payloads.extraName }]);
    expect(host.kube_proxy_mode).toEqual({ __ansible_unsafe: payloads.extraVar });
    expect(markers()).toEqual([]);
  });

  test('a play that uses every variable evaluates none of them: values print verbatim, no file is created', () => {
    const out = run('ansible-playbook', ['-i', ini, debugPlaybook(Object.keys(expected))], { ANSIBLE_STDOUT_CALLBACK: 'json' });
    const tasks = (JSON.parse(out) as PlaybookJson).plays[0].tasks;
    const printed = Object.fromEntries(Object.keys(expected).map((v, i) => [v, tasks[i].hosts.kube01[v]]));
    expect(printed).toEqual(expected);
    expect(markers()).toEqual([]);
  });

  test('control: the same payload in a plain (not !unsafe) variable does run — the test can fail', () => {
    const extra = path.join(path.dirname(ini), 'group_vars', 'all', 'control.yml');
    fs.writeFileSync(extra, toYaml({ control_value: `{{ lookup('pipe', 'touch ${marker('control')}') }}` }));
    try {
      run('ansible-playbook', ['-i', ini, debugPlaybook(['control_value'])], { ANSIBLE_STDOUT_CALLBACK: 'json' });
      expect(fs.existsSync(marker('control'))).toBe(true);
    } finally {
      fs.rmSync(extra);
      fs.rmSync(marker('control'), { force: true });
    }
  });
});
