/**
 * Derives, from Kubespray's own git history, what each supported Kubespray release installs:
 * the Kubernetes versions it has kubeadm, kubelet and kubectl checksums for (amd64; Kubespray's
 * validate_inventory asserts `kube_version in kubeadm_checksums[image_arch]` and the two others,
 * and refuses versions below `kube_version_min_required`), and its default pod and service ranges.
 *
 *   npm run upstream:kubespray [-- /path/to/kubespray.git]
 *
 * Writes `upstream/kubespray/releases.json`, which the model reads (clusters/model/kubespray-facts.ts).
 * The repository defaults to $KUBESPRAY_REPO, then the workplace mirror of kubernetes-sigs/kubespray.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { parse } from 'yaml';
import { isCatalogued, knownRelease } from '../clusters/model/kubespray-release';

const root = resolve(__dirname, '..');
const repo = process.argv[2] ?? process.env.KUBESPRAY_REPO ?? '/work/.mirror/kubernetes-sigs+kubespray/repo';
const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
/** Architecture of the nodes this project installs (Fedora CoreOS and Flatcar on x86-64). */
const ARCH = 'amd64';

/** Files of `tag` under roles/ that define `variable` at top level. */
function filesDefining(tag: string, variable: string): string[] {
  try {
    return git('grep', '-l', '-E', `^${variable}:`, tag, '--', 'roles')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(tag.length + 1));
  } catch {
    return []; // git grep exits 1 when nothing matches
  }
}

function topLevel(tag: string, variable: string, where: (file: string) => boolean = () => true): { file: string; value: unknown } | undefined {
  for (const file of filesDefining(tag, variable).filter(where)) {
    const doc = parse(git('show', `${tag}:${file}`), { version: '1.1', uniqueKeys: false }) as Record<string, unknown>;
    if (doc && variable in doc) return { file, value: doc[variable] };
  }
  return undefined;
}

const bare = (v: string) => v.replace(/^v/, '');
function compareVersions(a: string, b: string): number {
  const pa = bare(a).split('.').map(Number);
  const pb = bare(b).split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Versions with a real checksum (Kubespray writes `0` for a binary that does not exist). */
function checksummed(tag: string, variable: string): { file: string; versions: Set<string> } {
  const found = topLevel(tag, variable);
  if (!found) throw new Error(`${tag}: no ${variable} in roles/`);
  const perArch = (found.value as Record<string, Record<string, unknown>>)[ARCH] ?? {};
  const versions = Object.entries(perArch).filter(([, sum]) => sum !== 0 && sum !== '0' && sum !== null).map(([v]) => bare(String(v)));
  return { file: found.file, versions: new Set(versions) };
}

const defaultsRole = (file: string) => /^roles\/kubespray[-_]defaults\//.test(file);

function deriveRelease(tag: string) {
  const commit = git('rev-parse', `${tag}^{commit}`).trim();
  const sums = ['kubeadm_checksums', 'kubelet_checksums', 'kubectl_checksums'].map((v) => checksummed(tag, v));
  let versions = [...sums[0].versions].filter((v) => sums.every((s) => s.versions.has(v)));
  const min = topLevel(tag, 'kube_version_min_required', defaultsRole);
  // A literal minimum (before v2.28); since then it is the oldest checksummed version, a template.
  const minimum = typeof min?.value === 'string' && /^v?\d+\.\d+\.\d+$/.test(min.value) ? bare(min.value) : undefined;
  if (minimum) versions = versions.filter((v) => compareVersions(v, minimum) >= 0);
  versions.sort((a, b) => compareVersions(b, a));
  const str = (variable: string) => {
    const v = topLevel(tag, variable, defaultsRole)?.value;
    if (typeof v !== 'string') throw new Error(`${tag}: ${variable} is not a literal in the kubespray defaults role`);
    return v;
  };
  return {
    tag,
    commit,
    sources: [...new Set([...sums.map((s) => s.file), ...(min ? [min.file] : [])])].sort(),
    kubernetesVersions: versions,
    kubePodsSubnet: str('kube_pods_subnet'),
    kubeServiceAddresses: str('kube_service_addresses'),
  };
}

const tags = git('tag', '--list', 'v*')
  .split('\n')
  .filter((t) => /^v\d+\.\d+\.\d+$/.test(t))
  .filter((t) => isCatalogued(knownRelease(t)))
  .sort((a, b) => compareVersions(a, b));

const releases = tags.map(deriveRelease);
const out = {
  description:
    'Per Kubespray release tag: the Kubernetes versions it can install (kubeadm, kubelet and kubectl amd64 checksums present, not below kube_version_min_required) and its default kube_pods_subnet / kube_service_addresses. Derived by scripts/derive-kubespray-facts.ts; do not edit.',
  upstream: 'https://github.com/kubernetes-sigs/kubespray',
  architecture: ARCH,
  releases,
};
const dir = join(root, 'upstream', 'kubespray');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'releases.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote upstream/kubespray/releases.json: ${releases.length} tags (${tags[0]} … ${tags[tags.length - 1]})`);
