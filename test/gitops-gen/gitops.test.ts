/**
 * dist/<cluster>/gitops/: Argo CD Applications in deploy.sh's order, ExternalSecrets for every
 * Secret the output references, strictly valid against the CRDs derived from upstream at the
 * pinned tags, buildable by `kubectl kustomize`, and no gitops/ without `spec.gitops`.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { specIssues } from '../../clusters/model';
import { platformHelmReleases } from '../../charts';
import { planDeploy } from '../../deploy-gen/plan';
import { gitopsCrdSources } from '../../scripts/upstream/crd-sources';
import { deriveGitopsCrds, GITOPS_CRD_DIR, gitopsCrdFile } from '../../scripts/upstream/gitops-crds';
import { defaultLocations, readInput } from '../../scripts/upstream/inputs';
import { groupOf, type ManifestObject } from '../../output/manifest-objects';
import { loadCrds, validateSchemas } from '../../synth/validate/schemas';
import { renderPlatform } from '../../synth/render';
import { parseYamlStream, render } from '../helpers/render';
import { requireTool } from '../helpers/require-tool';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());
const gitopsFiles = Object.keys(lacave.files).filter((f) => f.startsWith('gitops/')).sort();
const docsOf = (file: string) => parseYamlStream(lacave.files[file]) as any[];

function objectsOf(files: readonly string[]): ManifestObject[] {
  return files
    .filter((f) => !f.endsWith('kustomization.yaml'))
    .flatMap((file) =>
      docsOf(file).map((body, index) => ({ file, index, apiVersion: body.apiVersion, kind: body.kind, name: body.metadata.name, namespace: body.metadata.namespace, body })),
    );
}

test('no gitops/ without spec.gitops', () => {
  const plain = render(lacaveWith((s) => delete s.gitops));
  expect(Object.keys(plain.files).filter((f) => f.startsWith('gitops/'))).toEqual([]);
});

test('every Application and ExternalSecret is valid against the upstream CRDs (strict: unknown fields are errors)', () => {
  const crds = loadCrds([GITOPS_CRD_DIR]);
  expect([...crds.keys()].sort()).toEqual(['argoproj.io/Application', 'external-secrets.io/ExternalSecret']);
  const objects = objectsOf(gitopsFiles);
  expect(objects.filter((o) => o.kind === 'Application').length).toBeGreaterThan(10);
  expect(validateSchemas(objects, crds, true)).toEqual([]);
  // The validator is strict: a misspelt field is caught.
  const app = objects.find((o) => o.kind === 'Application')!;
  const bad = { ...app, body: { ...app.body, spec: { ...app.body.spec, syncPolicy: { ...app.body.spec.syncPolicy, automatic: {} } } } };
  expect(validateSchemas([bad], crds, true).length).toBeGreaterThan(0);
});

test('the committed CRDs are what npm run derive-upstream -- --only gitops makes from upstream at the pinned tags', async () => {
  const committed = readdirSync(GITOPS_CRD_DIR).sort();
  expect(committed).toEqual(gitopsCrdSources().flatMap((s) => s.gitops!.map((k) => gitopsCrdFile(s, k))).sort());
  for (const s of gitopsCrdSources()) {
    for (const kind of s.gitops!) {
      const crd = JSON.parse(readFileSync(join(GITOPS_CRD_DIR, gitopsCrdFile(s, kind)), 'utf8'));
      expect(crd.metadata.annotations['kube-cluster-as-code/derived-from']).toBe(`https://github.com/${s.input.repo}/blob/${s.input.tag}/${s.input.path}`);
    }
    // Re-derived when a git mirror of the release is beside the project (or $UPSTREAM_MIRROR).
    const read = await readInput(s.input, defaultLocations());
    if (!read) {
      console.warn(`SKIPPED re-deriving the gitops CRDs of ${s.name}: no git mirror of ${s.input.repo} here (see docs/upstream-facts.md)`);
      continue;
    }
    for (const [file, content] of deriveGitopsCrds(s, read)) expect({ file, content }).toEqual({ file, content: readFileSync(join(GITOPS_CRD_DIR, file), 'utf8') });
  }
});

test("the Applications' sync waves follow deploy.sh's stages, one by one", () => {
  const stages = [...lacave.files['deploy.sh'].matchAll(/^echo '== (.+)'$/gm)].map((m) => m[1]);
  const apps = objectsOf(gitopsFiles.filter((f) => f.startsWith('gitops/apps/')))
    .map((o) => ({ wave: Number(o.body.metadata.annotations['argocd.argoproj.io/sync-wave']), spec: o.body.spec }))
    .sort((a, b) => a.wave - b.wave);
  const describe = (spec: any): string => {
    const s = spec.sources[0];
    if (s.chart === 'external-secrets') return 'external-secrets';
    if (s.chart) return `helm ${s.helm.releaseName}`;
    if (s.directory) return `${s.path.replace(/^lacave\//, '')}/${s.directory.include}`;
    return `${s.path.replace(/^lacave\//, '')}/`;
  };
  // deploy.sh first checks that the Secrets exist; here External Secrets Operator makes them, first.
  const expected = stages.some((st) => st.startsWith('Secrets')) ? stages.map((st) => (st.startsWith('Secrets') ? 'external-secrets' : st)) : ['external-secrets', ...stages];
  expect(apps.map((a) => describe(a.spec))).toEqual(expected);
  expect(apps.map((a) => a.wave)).toEqual(apps.map((_, i) => i));
  // Helm values come from the deployment repository, the file deploy.sh uses.
  for (const a of apps.filter((x) => x.spec.sources[0].chart && x.spec.sources[0].chart !== 'external-secrets')) {
    const valuesFile = a.spec.sources[0].helm.valueFiles[0].replace('$values/lacave/', '');
    expect(lacave.files[valuesFile]).toBeDefined();
    expect(a.spec.sources[1]).toEqual({ repoURL: 'https://git.lacave.info/ops/kube-deploy.git', targetRevision: 'main', ref: 'values' });
  }
});

test('every Secret the spec declares external is an ExternalSecret (once per namespace), synced with or before its users, never a value', () => {
  const secrets = objectsOf(gitopsFiles.filter((f) => f.startsWith('gitops/secrets/')));
  expect(secrets.every((o) => o.kind === 'ExternalSecret' && o.body.spec.secretStoreRef.name === 'cluster-secrets')).toBe(true);
  const keys = secrets.map((o) => `${o.namespace}/${o.name}`);
  expect(new Set(keys).size).toBe(keys.length);
  // Exactly the Secrets deploy.sh checks for before applying anything (the deploy plan's list).
  const plan = planDeploy(lacave.model, renderPlatform(lacave.model), platformHelmReleases(lacave.model));
  const required = plan.flatMap((st) => (st.type === 'secrets' ? st.secrets.map((r) => `${r.namespace}/${r.name}`) : []));
  expect([...keys].sort()).toEqual([...required].sort());
  expect([...new Set(secrets.map((o) => o.name))].sort()).toEqual([...new Set(lacave.model.externalSecrets.map((s) => s.secretName))].sort());
  // Both users of the OIDC client secret get it in their namespace.
  expect(keys).toEqual(expect.arrayContaining(['keycloak-system/kubelacave-oidc-client', 'kube-system/kubelacave-oidc-client', 'cert-manager/ca-lacave-tls']));
  for (const f of gitopsFiles.filter((x) => x.startsWith('gitops/secrets/'))) expect(lacave.files[f]).not.toMatch(/^\s*(data|stringData):/m);
  // Each secrets file is synced by exactly one Application.
  const includes = objectsOf(gitopsFiles.filter((f) => f.startsWith('gitops/apps/'))).flatMap((o) => o.body.spec.sources.filter((s: any) => s.path?.endsWith('gitops/secrets')).map((s: any) => `gitops/secrets/${s.directory.include}`));
  expect(includes.sort()).toEqual(gitopsFiles.filter((f) => f.startsWith('gitops/secrets/')));
});

test('kubectl kustomize builds the root and the apps', () => {
  if (!requireTool('kubectl', 'building gitops/ with kustomize')) return;
  const dir = mkdtempSync(join(tmpdir(), 'gitops-'));
  for (const f of gitopsFiles) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), lacave.files[f]);
  }
  for (const sub of ['gitops', 'gitops/apps']) {
    const r = spawnSync('kubectl', ['kustomize', join(dir, sub)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const docs = parseYamlStream(r.stdout) as any[];
    expect(docs.every((d) => groupOf(d.apiVersion) === 'argoproj.io')).toBe(true);
    expect(docs.length).toBe(sub === 'gitops' ? 1 : readdirSync(join(dir, sub)).length - 1);
  }
});

test.each([
  ['repoUrl', { repoUrl: 'https://user:token@git.example.org/ops/deploy.git' }, /credentials/],
  ['repoUrl', { repoUrl: 'https://git.example.org/$(reboot)' }, /git URL/],
  ['repoUrl', { repoUrl: 'file:///etc' }, /git URL/],
  ['revision', { repoUrl: 'https://git.example.org/ops/d.git', revision: 'main; rm -rf /' }, /branch, tag or commit/],
  ['revision', { repoUrl: 'https://git.example.org/ops/d.git', revision: '../main' }, /branch, tag or commit/],
  ['path', { repoUrl: 'https://git.example.org/ops/d.git', path: '../other' }, /relative folder/],
  ['path', { repoUrl: 'https://git.example.org/ops/d.git', path: '/abs' }, /relative folder/],
  ['secretStore', { repoUrl: 'https://git.example.org/ops/d.git', secretStore: 'Vault Store' }, /ClusterSecretStore/],
])('gitops.%s refused: %j', (field, gitops, message) => {
  const issues = specIssues(lacaveWith((s) => (s.gitops = gitops)));
  expect(issues.find((i) => i.path === `gitops.${field}`)?.message).toMatch(message);
});

test('accepted forms: ssh and scp-like URLs, tags, the repository root', () => {
  for (const gitops of [
    { repoUrl: 'ssh://git@git.example.org:2222/ops/deploy.git', revision: 'v1.2.0', path: '.' },
    { repoUrl: 'git@git.example.org:ops/deploy.git', path: 'clusters/lacave' },
  ]) expect(specIssues(lacaveWith((s) => (s.gitops = gitops)))).toEqual([]);
  const atRoot = render(lacaveWith((s) => (s.gitops = { repoUrl: 'git@git.example.org:ops/deploy.git', path: '.', revision: 'yes' })));
  const root = parseYamlStream(atRoot.files['gitops/root.yaml'])[0] as any;
  expect(root.spec.source).toEqual({ repoURL: 'git@git.example.org:ops/deploy.git', targetRevision: 'yes', path: 'gitops/apps' });
  // A YAML 1.1 reader (Argo CD's Go YAML) must read the revision "yes" as a string too.
  const py = execFileSync('python3', ['-c', 'import sys,yaml; print(type(yaml.safe_load(sys.stdin)["spec"]["source"]["targetRevision"]).__name__)'], { input: atRoot.files['gitops/root.yaml'], encoding: 'utf8' });
  expect(py.trim()).toBe('str');
});
