/**
 * `deploy.yml`: the deploy plan as an Ansible playbook run on the admin's machine against the
 * cluster of the current kubeconfig (`kubernetes.core` collection: k8s, k8s_info, helm; `kubectl`
 * for the upstream bundles, which Ansible's YAML loader cannot read). It waits on conditions,
 * never on fixed pauses.
 */
import type { ClusterModel } from '../clusters/model';
import { toYaml } from '../output/serialize';
import { shellCommand } from '../output/shell';
import { createSecretCommand } from './secrets';
import { DEFAULT_TIMEOUT_SECONDS, FIELD_MANAGER, type DeployStep, type ObjectWait } from './plan';

type Task = Record<string, unknown>;

const serverSideApply = { apply: true, server_side_apply: { field_manager: FIELD_MANAGER, force_conflicts: true } };

/** `kubectl apply`, server-side, as the project's field manager. */
const KUBECTL_APPLY = ['kubectl', 'apply', '--server-side', '--force-conflicts', `--field-manager=${FIELD_MANAGER}`];

/** `kubectl get -o` columns of a listing: one `KIND NAMESPACE NAME` line per object (`<none>` for cluster-scoped ones). */
export const LISTING_COLUMNS = 'custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name';

/** The same, with the kind of the first owner (`<none>` for an object nothing owns). */
export const PRUNE_COLUMNS = `${LISTING_COLUMNS},OWNER:.metadata.ownerReferences[0].kind`;

/** `k8s_info` that waits for one condition on each listed object. */
function waitTask(name: string, items: ReadonlyArray<Record<string, unknown>>, condition: string | undefined): Task {
  return {
    name,
    'kubernetes.core.k8s_info': {
      api_version: '{{ item.api_version }}',
      kind: '{{ item.kind }}',
      name: '{{ item.name }}',
      namespace: '{{ item.namespace | default(omit) }}',
      wait: true,
      wait_condition: { type: condition ?? '{{ item.condition }}', status: 'True' },
      wait_timeout: '{{ timeout }}',
    },
    loop: items,
    loop_control: { label: '{{ item.kind }} {{ item.namespace | default("") }} {{ item.name }}' },
  };
}

const waitItem = (w: ObjectWait) => ({ api_version: w.apiVersion, kind: w.kind, name: w.name, ...(w.namespace ? { namespace: w.namespace } : {}), condition: w.condition });

/** Ansible variable name of the listing of a kustomization's objects. */
const listingVar = (dir: string) => `objects_${dir.replace(/[^A-Za-z0-9]/g, '_')}`;

/** `k8s_info` waits on the objects of one kind in a kustomization's listing (`KIND NAMESPACE NAME` lines). */
function listedWait(dir: string, kind: string, apiVersion: string, condition: string, name: string): Task {
  return {
    name,
    'kubernetes.core.k8s_info': {
      api_version: apiVersion,
      kind,
      name: '{{ item.split()[2] }}',
      namespace: "{{ item.split()[1] if item.split()[1] != '<none>' else omit }}",
      wait: true,
      wait_condition: { type: condition, status: 'True' },
      wait_timeout: '{{ timeout }}',
    },
    loop: `{{ ${listingVar(dir)}.stdout_lines | select('match', '${kind}\\s') | list }}`,
  };
}

/** Seconds between two reads of a webhook configuration while its CA bundle is awaited. */
export const CA_BUNDLE_POLL_SECONDS = 5;

/**
 * Polls webhook configurations until every webhook has a `caBundle` (cert-manager's cainjector,
 * ECK or a patch Job injects it after the Deployment is Available: calls fail with x509 before).
 */
export function caBundleWait(name: string, loop: string, kind: string, itemName: string): Task {
  return {
    name,
    'kubernetes.core.k8s_info': { api_version: 'admissionregistration.k8s.io/v1', kind, name: itemName },
    register: 'webhook_configuration',
    until: CA_BUNDLE_INJECTED,
    retries: `{{ (timeout | int) // ${CA_BUNDLE_POLL_SECONDS} }}`,
    delay: CA_BUNDLE_POLL_SECONDS,
    loop,
  };
}

/** The `until` condition: the configuration exists and none of its webhooks lacks a CA bundle. */
export const CA_BUNDLE_INJECTED =
  "webhook_configuration.resources | length > 0 and (webhook_configuration.resources[0].webhooks | default([]) | map(attribute='clientConfig.caBundle', default='') | select('equalto', '') | list | length == 0)";

/** Go template printing `exists` and the key names of a Secret (never its values). */
export const SECRET_KEYS_TEMPLATE = 'exists {{range $k, $v := .data}}{{$k}} {{end}}';

function tasksFor(step: DeployStep): Task[] {
  switch (step.type) {
    case 'secrets': {
      if (step.secrets.length === 0) return [];
      const items = step.secrets.map((s) => ({ namespace: s.namespace, name: s.name, required_keys: [...s.keys], create: shellCommand(createSecretCommand(s)) }));
      return [
        {
          name: 'List the key names of each Secret the deploy needs (names only, never values)',
          'ansible.builtin.command': {
            argv: ['kubectl', 'get', 'secret', '{{ item.name }}', '--namespace', '{{ item.namespace }}', '--ignore-not-found', '-o', `go-template={% raw %}${SECRET_KEYS_TEMPLATE}{% endraw %}`],
          },
          loop: items,
          loop_control: { label: '{{ item.namespace }}/{{ item.name }}' },
          register: 'secret_keys',
          changed_when: false,
        },
        {
          name: 'Every Secret the deploy needs exists with its keys (else: the command that creates it, values left to you)',
          'ansible.builtin.assert': {
            that: ["'exists' in item.stdout.split()", "item.item.required_keys | difference(item.stdout.split()) | length == 0"],
            fail_msg:
              "Secret {{ item.item.namespace }}/{{ item.item.name }} is missing or lacks a key of {{ item.item.required_keys }}. Create it (namespace first if needed: kubectl create namespace {{ item.item.namespace }}), with your values in place of the <placeholders>: {{ item.item.create }}",
            quiet: true,
          },
          loop: '{{ secret_keys.results }}',
          loop_control: { label: '{{ item.item.namespace }}/{{ item.item.name }}' },
        },
      ];
    }
    case 'kustomize': {
      const dir = `{{ dist }}/${step.dir}`;
      const listing = listingVar(step.dir);
      const webhooks = `{{ ${listing}.stdout_lines | select('match', '(Validating|Mutating)WebhookConfiguration\\s') | list }}`;
      return [
        {
          // kubectl reads the upstream bundles: Ansible's YAML loader (PyYAML) cannot load some
          // of them (`- =` in the prometheus-operator CRDs), so they never pass through it.
          name: `Apply ${step.dir}/ (kubectl apply --server-side -k)`,
          'ansible.builtin.command': { argv: [...KUBECTL_APPLY, '-k', dir] },
          changed_when: true,
        },
        {
          name: `List the objects of ${step.dir}/`,
          'ansible.builtin.command': { argv: ['kubectl', 'get', '-k', dir, '--no-headers', '-o', LISTING_COLUMNS] },
          register: listing,
          changed_when: false,
        },
        listedWait(step.dir, 'CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'Established', `Wait for the CRDs of ${step.dir}/ to be Established`),
        listedWait(step.dir, 'Deployment', 'apps/v1', 'Available', `Wait for the Deployments of ${step.dir}/ to be Available`),
        caBundleWait(`Wait for the CA bundle of every admission webhook of ${step.dir}/`, webhooks, '{{ item.split()[0] }}', '{{ item.split()[2] }}'),
      ];
    }
    case 'manifest': {
      const tasks: Task[] = [];
      if (step.needsCrds.length) {
        tasks.push(waitTask(`Wait for the CRDs used by ${step.file}`, step.needsCrds.map((name) => ({ api_version: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name })), 'Established'));
      }
      tasks.push({ name: `Apply ${step.file}`, 'kubernetes.core.k8s': { state: 'present', src: `{{ dist }}/${step.file}`, ...serverSideApply } });
      if (step.waits.length) tasks.push(waitTask(`Wait for the objects of ${step.file}`, step.waits.map(waitItem), undefined));
      return tasks;
    }
    case 'immutable': {
      if (step.checks.length === 0) return [];
      const items = step.checks.map((c) => ({ resource: c.resource, namespace: c.namespace ?? 'default', name: c.name, field: c.field, jsonpath: c.jsonpath, expected: c.expected, replaceable: c.replaceable }));
      const differs = "item.stdout != '' and item.stdout != item.item.expected";
      const label = { label: '{{ item.item.resource }} {{ item.item.namespace }}/{{ item.item.name }} {{ item.item.field }}' };
      return [
        {
          name: 'Read the fields the API server will not update, on the objects the cluster already has',
          'ansible.builtin.command': { argv: ['kubectl', 'get', '{{ item.resource }}', '{{ item.name }}', '--namespace={{ item.namespace }}', '--ignore-not-found', '-o', 'jsonpath={{ item.jsonpath }}'] },
          loop: items,
          loop_control: { label: '{{ item.resource }} {{ item.namespace }}/{{ item.name }} {{ item.field }}' },
          register: 'immutable_fields',
          changed_when: false,
        },
        {
          name: 'No immutable field differs, or the object is replaced (-e replace_immutable=true; a PersistentVolumeClaim never)',
          'ansible.builtin.assert': {
            that: [`not (${differs}) or (item.item.replaceable and (replace_immutable | bool))`],
            fail_msg:
              "{{ item.item.field }} of {{ item.item.resource }} {{ item.item.namespace }}/{{ item.item.name }} is {{ item.stdout }} in the cluster, {{ item.item.expected }} in the output, and the API server will not update it. {{ 'Run again with -e replace_immutable=true to delete the object and let the apply recreate it (docs/deploy.md says what happens to its data).' if item.item.replaceable else 'A PersistentVolumeClaim holds data: the deploy never replaces it (docs/deploy.md).' }}",
            quiet: true,
          },
          loop: '{{ immutable_fields.results }}',
          loop_control: label,
        },
        {
          name: 'Delete the objects to replace (their manifest recreates them below)',
          'ansible.builtin.command': { argv: ['kubectl', 'delete', '{{ item.item.resource }}', '{{ item.item.name }}', '--namespace={{ item.item.namespace }}', '--ignore-not-found', '--wait=true'] },
          loop: '{{ immutable_fields.results }}',
          loop_control: label,
          when: differs,
        },
      ];
    }
    case 'prune': {
      const listings = step.sources.map((src, i): Task => ({
        name: `List what the output holds in the cluster: ${'files' in src ? 'manifests/' : `${src.kustomize}/`}`,
        'ansible.builtin.command': {
          argv: ['kubectl', 'get', ...('files' in src ? src.files.flatMap((f) => ['-f', `{{ dist }}/${f}`]) : ['-k', `{{ dist }}/${src.kustomize}`]), '--no-headers', '-o', LISTING_COLUMNS],
        },
        register: `desired_${i}`,
        changed_when: false,
      }));
      const desired = step.sources.map((_, i) => `desired_${i}.stdout_lines`).join(' + ') || '[]';
      return [
        ...listings,
        {
          name: 'List the objects the project owns (its labels; allow-listed kinds; a kind the cluster does not serve is skipped)',
          'ansible.builtin.command': { argv: ['kubectl', 'get', '{{ item.0 }}', '--all-namespaces', '-l', '{{ item.1 }}', '--no-headers', '-o', PRUNE_COLUMNS] },
          vars: { prune_resources: [...step.resources], owner_selectors: [...step.selectors] },
          loop: '{{ prune_resources | product(owner_selectors) | list }}',
          loop_control: { label: '{{ item.0 }}' },
          register: 'owned',
          changed_when: false,
          failed_when: 'owned.rc != 0 and "the server doesn\'t have a resource type" not in owned.stderr',
        },
        {
          name: 'Remove what the project created and the output no longer holds (shown by a server-side dry run; removed with -e prune=true)',
          'ansible.builtin.command': {
            argv: [
              'kubectl',
              'delete',
              '{{ item.0.item.0 }}',
              '{{ item.1.split()[2] }}',
              "--namespace={{ item.1.split()[1] if item.1.split()[1] != '<none>' else 'default' }}",
              '--ignore-not-found',
              "--dry-run={{ 'none' if prune | bool else 'server' }}",
            ],
          },
          vars: { desired: `{{ (${desired}) | map('split') | map('join', ' ') | list }}` },
          loop: "{{ owned.results | subelements('stdout_lines') }}",
          loop_control: { label: "{{ item.1.split()[:3] | join(' ') }}" },
          when: "item.1.split() | length == 4 and item.1.split()[3] == '<none>' and (item.1.split()[:3] | join(' ')) not in desired",
          register: 'pruned',
          changed_when: 'prune | bool',
        },
        {
          name: 'Removal only shown',
          'ansible.builtin.debug': { msg: 'The objects above were only shown (server-side dry run): run again with -e prune=true to remove them.' },
          when: "not (prune | bool) and (pruned.results | rejectattr('skip_reason', 'defined') | list | length > 0)",
        },
      ];
    }
    case 'retired':
      return [
        {
          name: `Remove the retired releases ${step.releases.map((r) => `${r.name} ${r.version}`).join(', ')} (shown by a server-side dry run; removed with -e remove_retired=true)`,
          'ansible.builtin.command': { argv: ['kubectl', 'delete', '--ignore-not-found', '-f', '{{ item }}', "--dry-run={{ 'none' if remove_retired | bool else 'server' }}"] },
          loop: step.releases.flatMap((r) => r.resources),
          changed_when: 'remove_retired | bool',
        },
      ];
    case 'helm':
      return [
        {
          name: `Helm release ${step.release.name} (${step.release.chart} ${step.release.version})`,
          'kubernetes.core.helm': {
            release_name: step.release.name,
            release_namespace: step.release.namespace,
            create_namespace: true,
            chart_ref: step.release.chart,
            chart_repo_url: step.release.repositoryUrl,
            chart_version: step.release.version,
            values_files: [`{{ dist }}/${step.valuesFile}`],
            wait: true,
            wait_timeout: '{{ timeout }}s',
          },
        },
      ];
    case 'consoles':
      return [{ name: 'Consoles', 'ansible.builtin.debug': { msg: step.urls.map((u) => `${u.name}: ${u.url}`) } }];
  }
}

export function renderPlaybook(model: ClusterModel, steps: readonly DeployStep[]): string {
  const play = {
    name: `Deploy the ${model.name} platform (generated by npm run synth; run from anywhere with a kubeconfig for the cluster)`,
    hosts: 'localhost',
    connection: 'local',
    gather_facts: false,
    // Removal and replacement need an explicit yes: -e prune=true, -e remove_retired=true, -e replace_immutable=true.
    vars: { dist: '{{ playbook_dir }}', timeout: DEFAULT_TIMEOUT_SECONDS, prune: false, remove_retired: false, replace_immutable: false },
    tasks: steps.flatMap(tasksFor),
  };
  return toYaml([play]);
}
