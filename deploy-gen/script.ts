/**
 * `deploy.sh`: the same plan with kubectl and helm, for admins without Ansible. Every command
 * is built from an argument list and quoted here; the script passes shellcheck.
 */
import type { ClusterModel } from '../clusters/model';
import { shellCommand, shellPathUnder, shellQuote } from '../output/shell';
import { groupOf } from '../output/manifest-objects';
import { CA_BUNDLE_POLL_SECONDS, LISTING_COLUMNS, PRUNE_COLUMNS, SECRET_KEYS_TEMPLATE } from './playbook';
import { createSecretCommand } from './secrets';
import { DEFAULT_TIMEOUT_SECONDS, FIELD_MANAGER, type DeployStep, type ObjectWait } from './plan';

/** A shell word: a literal, or a reference to the output folder (`"$DIST/…"`). */
type Word = string | { readonly dist: string };

const word = (w: Word) => (typeof w === 'string' ? shellQuote(w) : shellPathUnder('DIST', w.dist));
const command = (...words: Word[]) => words.map(word).join(' ');
/** Go template printing the names of the webhooks that have no CA bundle yet. */
const CA_BUNDLE_MISSING_TEMPLATE = '{{range .webhooks}}{{if not .clientConfig.caBundle}}{{.name}} {{end}}{{end}}';
const TIMEOUT = '--timeout="${TIMEOUT}s"';
const apply = ['kubectl', 'apply', '--server-side', '--force-conflicts', `--field-manager=${FIELD_MANAGER}`];

/** `kubectl wait` for one object (resource `kind.group/name`). */
function waitLine(w: ObjectWait): string {
  const group = groupOf(w.apiVersion);
  const resource = `${w.kind.toLowerCase()}${group ? `.${group}` : ''}/${w.name}`;
  return `${command('kubectl', 'wait', `--for=condition=${w.condition}`, ...(w.namespace ? ['-n', w.namespace] : []), resource)} ${TIMEOUT}`;
}

function linesFor(step: DeployStep): string[] {
  switch (step.type) {
    case 'secrets':
      if (step.secrets.length === 0) return [];
      return [
        `echo ${shellQuote('== Secrets the deploy needs (created by the admin, never written by synth)')}`,
        ...step.secrets.map((s) => command('require_secret', s.namespace, s.name, shellCommand(createSecretCommand(s)), ...s.keys)),
        'if [ "$missing_secrets" -gt 0 ]; then',
        `  echo ${shellQuote('Create the Secrets above (your values in place of the <placeholders>), then run this script again. Nothing was applied.')} >&2`,
        '  exit 1',
        'fi',
      ];
    case 'immutable':
      if (step.checks.length === 0) return [];
      return [
        `echo ${shellQuote('-- Fields the API server will not update (objects the cluster already has)')}`,
        ...step.checks.map((c) => command('check_immutable', c.resource, c.namespace ?? 'default', c.name, c.field, c.jsonpath, c.expected, c.replaceable ? 'replaceable' : 'data')),
        'if [ "$immutable_blocked" -gt 0 ]; then',
        `  echo ${shellQuote('Nothing was applied.')} >&2`,
        '  exit 1',
        'fi',
        'replace_marked',
      ];
    case 'prune':
      return [
        `echo ${shellQuote('-- Objects the project created that the output no longer holds')}`,
        'DESIRED="$(mktemp)"',
        'trap \'rm -f "$DESIRED"\' EXIT',
        '{',
        ...step.sources.map((src) =>
          `  ${'files' in src ? command('kubectl', 'get', ...src.files.flatMap((f): Word[] => ['-f', { dist: f }]), '--no-headers', '-o', LISTING_COLUMNS) : command('kubectl', 'get', '-k', { dist: src.kustomize }, '--no-headers', '-o', LISTING_COLUMNS)}`,
        ),
        "} | awk '{ print $1, $2, $3 }' >\"$DESIRED\"",
        'to_prune=0',
        ...step.resources.flatMap((r) => step.selectors.map((sel) => command('prune_owned', r, sel))),
        'if [ "$to_prune" -gt 0 ] && [ "${PRUNE:-no}" != yes ]; then',
        `  echo ${shellQuote('The objects above were only shown (server-side dry run): run again with PRUNE=yes to remove them.')}`,
        'fi',
      ];
    case 'retired':
      return [
        `echo ${shellQuote(`-- Retired releases: ${step.releases.map((r) => `${r.name} ${r.version} (${r.reason})`).join('; ')}`)}`,
        'if [ "${REMOVE_RETIRED:-no}" = yes ]; then retired_mode=none; else retired_mode=server; fi',
        ...step.releases.flatMap((r) => r.resources.map((url) => `${command('kubectl', 'delete', '--ignore-not-found', '-f', url)} --dry-run="$retired_mode"`)),
        'if [ "$retired_mode" = server ]; then',
        `  echo ${shellQuote('The retired objects above were only shown (server-side dry run): run again with REMOVE_RETIRED=yes to remove them.')}`,
        'fi',
      ];
    case 'kustomize':
      return [
        `echo ${shellQuote(`== ${step.dir}/`)}`,
        command(...apply, '-k', { dist: step.dir }),
        command('wait_listed', 'CustomResourceDefinition', 'Established', '-k', { dist: step.dir }),
        command('wait_listed', 'Deployment', 'Available', '-k', { dist: step.dir }),
        command('wait_listed', 'ValidatingWebhookConfiguration', 'caBundle', '-k', { dist: step.dir }),
        command('wait_listed', 'MutatingWebhookConfiguration', 'caBundle', '-k', { dist: step.dir }),
      ];
    case 'manifest':
      return [
        `echo ${shellQuote(`== ${step.file}`)}`,
        ...step.needsCrds.map((name) => waitLine({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name, condition: 'Established' })),
        command(...apply, '-f', { dist: step.file }),
        ...step.waits.map(waitLine),
      ];
    case 'helm':
      return [
        `echo ${shellQuote(`== helm ${step.release.name}`)}`,
        `${command('helm', 'upgrade', '--install', step.release.name, step.release.chart, '--repo', step.release.repositoryUrl, '--version', step.release.version, '--namespace', step.release.namespace, '--create-namespace', '--values', { dist: step.valuesFile }, '--wait')} --timeout "\${TIMEOUT}s"`,
      ];
    case 'consoles':
      return [`echo ${shellQuote('Consoles:')}`, ...step.urls.map((u) => `echo ${shellQuote(`  ${u.name}: ${u.url}`)}`)];
  }
}

/**
 * Shell functions of the script: `wait_listed` waits for every object of a kind listed by
 * `kubectl get <args>` (a kustomization's Deployments…) to meet a condition, or, for webhook
 * configurations, for `wait_ca_bundle`; `require_secret` records a missing Secret or key.
 */
const FUNCTIONS = [
  '# Polls a webhook configuration until each of its webhooks has a CA bundle (injected after its',
  '# Deployment is Available: admission calls fail with x509 errors before).',
  'wait_ca_bundle() {',
  '  local resource="$1" deadline=$((SECONDS + TIMEOUT)) missing',
  '  while :; do',
  `    missing="$(kubectl get "$resource" -o ${shellQuote(`go-template=${CA_BUNDLE_MISSING_TEMPLATE}`)})"`,
  '    [ -z "$missing" ] && return 0',
  '    if [ "$SECONDS" -ge "$deadline" ]; then',
  '      echo "no CA bundle injected into $resource (webhooks: $missing) after ${TIMEOUT}s" >&2',
  '      return 1',
  '    fi',
  `    sleep ${CA_BUNDLE_POLL_SECONDS}`,
  '  done',
  '}',
  '',
  'missing_secrets=0',
  '# require_secret NAMESPACE NAME CREATE-COMMAND KEY...: reads the key names only, never the values.',
  'require_secret() {',
  '  local ns="$1" name="$2" create="$3" found key',
  '  shift 3',
  '  # shellcheck disable=SC2016 # a Go template, not a shell expansion',
  `  found=" $(kubectl get secret "$name" --namespace "$ns" --ignore-not-found -o ${shellQuote(`go-template=${SECRET_KEYS_TEMPLATE}`)}) "`,
  '  case "$found" in',
  '    *" exists "*) ;;',
  '    *)',
  '      echo "MISSING Secret $ns/$name: create it (namespace first if needed: kubectl create namespace $ns) with:" >&2',
  '      echo "  $create" >&2',
  '      missing_secrets=$((missing_secrets + 1))',
  '      return 0',
  '      ;;',
  '  esac',
  '  for key in "$@"; do',
  '    case "$found" in',
  '      *" $key "*) ;;',
  '      *)',
  '        echo "MISSING key $key in Secret $ns/$name: recreate it with:" >&2',
  '        echo "  $create" >&2',
  '        missing_secrets=$((missing_secrets + 1))',
  '        ;;',
  '    esac',
  '  done',
  '}',
  '',
  'immutable_blocked=0',
  'to_replace=()',
  '# check_immutable RESOURCE NAMESPACE NAME FIELD JSONPATH EXPECTED replaceable|data',
  'check_immutable() {',
  '  local live',
  '  live="$(kubectl get "$1" "$3" --namespace="$2" --ignore-not-found -o "jsonpath=$5")"',
  '  if [ -z "$live" ] || [ "$live" = "$6" ]; then return 0; fi',
  '  echo "IMMUTABLE $4 of $1 $2/$3: $live in the cluster, $6 in the output; the API server will not update it." >&2',
  '  if [ "$7" != replaceable ]; then',
  '    echo "  A PersistentVolumeClaim holds data: the deploy never replaces it (docs/deploy.md)." >&2',
  '    immutable_blocked=$((immutable_blocked + 1))',
  '  elif [ "${REPLACE:-no}" != yes ]; then',
  '    echo "  Run again with REPLACE=yes to delete it and let the apply recreate it (docs/deploy.md says what happens to its data)." >&2',
  '    immutable_blocked=$((immutable_blocked + 1))',
  '  else',
  '    to_replace+=("$1 $2 $3")',
  '  fi',
  '}',
  '',
  '# Deletes the objects check_immutable marked (REPLACE=yes): their manifests recreate them.',
  'replace_marked() {',
  '  local entry resource ns name',
  '  for entry in ${to_replace[@]+"${to_replace[@]}"}; do',
  '    read -r resource ns name <<<"$entry"',
  '    kubectl delete "$resource" "$name" --namespace="$ns" --ignore-not-found --wait=true',
  '  done',
  '}',
  '',
  '# prune_owned RESOURCE SELECTOR: the objects labelled as the project\'s that the output no longer',
  '# holds (nothing owns them: an operator\'s children are its own), removed with PRUNE=yes, else shown.',
  'prune_owned() {',
  '  local listing errors kind ns name owner mode=server',
  '  [ "${PRUNE:-no}" = yes ] && mode=none',
  '  errors="$(mktemp)"',
  `  if ! listing="$(kubectl get "$1" --all-namespaces -l "$2" --no-headers -o ${shellQuote(PRUNE_COLUMNS)} 2>"$errors")"; then`,
  '    if grep -q "the server doesn\'t have a resource type" "$errors"; then rm -f "$errors"; return 0; fi',
  '    cat "$errors" >&2',
  '    rm -f "$errors"',
  '    return 1',
  '  fi',
  '  rm -f "$errors"',
  '  while read -r kind ns name owner; do',
  '    if [ -z "$name" ] || [ "$owner" != "<none>" ]; then continue; fi',
  '    grep -qxF "$kind $ns $name" "$DESIRED" && continue',
  '    to_prune=$((to_prune + 1))',
  '    [ "$ns" = "<none>" ] && ns=default',
  '    kubectl delete "$1" "$name" --namespace="$ns" --ignore-not-found --dry-run="$mode"',
  '  done <<<"$listing"',
  '}',
  '',
  'wait_listed() {',
  '  local kind="$1" condition="$2"',
  '  shift 2',
  '  kubectl get "$@" --no-headers -o custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name |',
  '    while read -r k ns name; do',
  '      [ "$k" = "$kind" ] || continue',
  '      if [ "$condition" = caBundle ]; then',
  '        wait_ca_bundle "$kind/$name"',
  '      elif [ "$ns" = "<none>" ]; then',
  '        kubectl wait --for="condition=$condition" "$kind/$name" --timeout="${TIMEOUT}s"',
  '      else',
  '        kubectl wait --for="condition=$condition" -n "$ns" "$kind/$name" --timeout="${TIMEOUT}s"',
  '      fi',
  '    done',
  '}',
];

export function renderDeployScript(model: ClusterModel, steps: readonly DeployStep[]): string {
  const lines = [
    '#!/usr/bin/env bash',
    `# Deploys the ${model.name} platform with kubectl and helm, waiting on conditions.`,
    '# Generated by npm run synth. Uses the current kubeconfig; TIMEOUT (seconds) bounds each wait.',
    'set -euo pipefail',
    'DIST="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
    `TIMEOUT="\${TIMEOUT:-${DEFAULT_TIMEOUT_SECONDS}}"`,
    '',
    ...FUNCTIONS,
    '',
    ...steps.flatMap((s) => [...linesFor(s), '']),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
