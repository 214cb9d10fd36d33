/**
 * The committed strict schemas of the custom kinds (upstream/schemas/): they agree with the
 * versions module, they are what the derivation gives from the pinned CRDs today (re-derived when
 * the upstream files are reachable), they reject what the CRDs reject, and synth/validate use them
 * with nothing outside the repository.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateSpec } from '../../clusters/model';
import { versions } from '../../clusters/model/versions';
import { kindFile } from '../../scripts/upstream/crd-schemas';
import { platformCrdSources } from '../../scripts/upstream/crd-sources';
import { defaultLocations, readInput } from '../../scripts/upstream/inputs';
import { deriveAllSchemas, readSchemaIndex, renderSchemaFiles } from '../../scripts/upstream/write-schemas';
import { renderCluster } from '../../synth/render';
import { toYamlStream } from '../../output/serialize';
import { formatProblem, validateOutput } from '../../synth/validate';
import { COMMITTED_SCHEMAS_DIR, committedCustomKinds } from '../../synth/validate/committed-schemas';
import { PROJECT_ROOT } from '../../output/project-root';
import { lacaveSpec } from '../helpers/specs';
import { CORE_COMPILER, deriveCoreSchemas, renderCoreSchemas } from '../../scripts/upstream/core-schemas';
import { sha256 } from '../../scripts/upstream/inputs';
import { COMMITTED_CORE_SCHEMAS, committedCoreSchemas, coreSchemaSource } from '../../synth/validate/core-schemas';

const index = readSchemaIndex(COMMITTED_SCHEMAS_DIR)!;
const kinds = committedCustomKinds();

describe('committed schemas agree with the versions module', () => {
  test('every release of platformCrdSources() is committed, at the version the versions module pins', () => {
    expect(index).toBeDefined();
    expect(index.sources.map((s) => s.name).sort()).toEqual(platformCrdSources().map((s) => s.name).sort());
    for (const s of index.sources) {
      expect({ source: s.name, release: s.release }).toEqual({ source: s.name, release: (versions as Record<string, unknown>)[s.versionKey] });
    }
  });

  test('every kind file of the index exists and names its kind', () => {
    for (const k of index.kinds) {
      const body = JSON.parse(fs.readFileSync(path.join(COMMITTED_SCHEMAS_DIR, k.file), 'utf8'));
      expect([body.group, body.kind, Object.keys(body.versions)]).toEqual([k.group, k.kind, k.versions]);
    }
  });
});

describe('committed schemas are not stale', () => {
  // Re-derives from the upstream files when they are reachable ($CRD_DIR or ../shared/crds, git
  // mirrors); a release whose files are not reachable here is skipped with a notice.
  test('re-deriving the reachable releases gives the committed files', async () => {
    const derived = await deriveAllSchemas((input) => readInput(input, defaultLocations()));
    for (const s of derived.unreachable) console.warn(`SKIPPED staleness of upstream/schemas for ${s.name}: its upstream files are not reachable here`);
    const fresh = renderSchemaFiles(derived.kinds, derived.records);
    for (const record of derived.records) {
      expect(index.sources.find((s) => s.name === record.name)).toEqual(record);
      const committedFiles = index.kinds.filter((k) => k.source === record.name).map((k) => k.file);
      const freshFiles = derived.kinds.filter((k) => k.source === record.name).map(kindFile).sort();
      expect(committedFiles.sort()).toEqual(freshFiles);
      for (const f of freshFiles) {
        if (fs.readFileSync(path.join(COMMITTED_SCHEMAS_DIR, f), 'utf8') !== fresh.get(f)) throw new Error(`upstream/schemas/${f} is stale: run npm run derive-upstream`);
      }
    }
  }, 180000);
});

describe('committed schemas of the built-in kinds (upstream/schemas/core.json)', () => {
  const committedCore = JSON.parse(fs.readFileSync(COMMITTED_CORE_SCHEMAS, 'utf8'));
  test('compiled from the installed kubernetes-models by the current compiler, and loaded at run time', () => {
    expect(committedCore.source).toBe(coreSchemaSource());
    if (committedCore.compiler !== sha256(fs.readFileSync(CORE_COMPILER, 'utf8'))) throw new Error('upstream/schemas/core.json is stale (synth/validate/core-schemas.ts changed): run npm run derive-upstream -- --only core');
    expect(committedCoreSchemas()?.roots.get('apps/v1/Deployment')).toBe(committedCore.roots['apps/v1/Deployment']);
  });
  test('re-compiling gives the committed file', () => {
    if (renderCoreSchemas(deriveCoreSchemas()) !== fs.readFileSync(COMMITTED_CORE_SCHEMAS, 'utf8')) throw new Error('upstream/schemas/core.json is stale: run npm run derive-upstream -- --only core');
  }, 180000);
});

describe('committed schemas check custom kinds strictly', () => {
  const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });
  const check = (objects: unknown[]) => validateOutput([{ path: 'manifests/50-test.yaml', content: toYamlStream(objects) }], { crds: kinds }).problems.map((p) => formatProblem(p));
  const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: meta('ca'), spec: { selfSigned: {} } };
  const gatewayClass = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: meta('eg'), spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } };
  const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: meta('edge', 'apps'), spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] } };
  const route = (spec: Record<string, unknown>) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: meta('web', 'apps'), spec });

  test('valid cert-manager, Gateway API and Envoy Gateway objects pass', () => {
    const envoyProxy = { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'EnvoyProxy', metadata: meta('proxy', 'apps'), spec: { provider: { type: 'Kubernetes' } } };
    expect(check([issuer, gatewayClass, gateway, route({ parentRefs: [{ name: 'edge' }], hostnames: ['web.example.org'] }), envoyProxy])).toEqual([]);
  });

  test('unknown fields, wrong enums and unserved versions are reported', () => {
    const cert = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta('c', 'apps'), spec: { secretName: 'c', dnsName: ['x'], issuerRef: { name: 'ca', kind: 'ClusterIssuer' } } };
    const badRoute = route({ parentRefs: [{ name: 'edge', sectionNam: 'http' }] });
    const badProxy = { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'EnvoyProxy', metadata: meta('proxy', 'apps'), spec: { provider: { type: 'Nomad' } } };
    const oldGateway = { ...gateway, apiVersion: 'gateway.networking.k8s.io/v1alpha1', metadata: meta('old', 'apps') };
    expect(check([issuer, gatewayClass, cert, gateway, badRoute, badProxy, oldGateway])).toEqual([
      'manifests/50-test.yaml: Certificate apps/c: [schema] unknown field "spec.dnsName"',
      'manifests/50-test.yaml: HTTPRoute apps/web: [schema] unknown field "spec.parentRefs.0.sectionNam"',
      'manifests/50-test.yaml: EnvoyProxy apps/proxy: [schema] spec.provider.type: must be one of "Kubernetes", "Host"',
      expect.stringMatching(/^manifests\/50-test\.yaml: Gateway apps\/old: \[schema\] gateway\.networking\.k8s\.io\/v1alpha1 is not a served version of Gateway/),
    ]);
  });

  test('the lacave output passes against the committed schemas alone', () => {
    const model = validateSpec(lacaveSpec(), 'clusters/lacave.ts');
    expect(validateOutput(renderCluster(model).files, { model, crds: kinds }).problems.map((p) => formatProblem(p))).toEqual([]);
  });
});

describe('a copy of the repository with nothing beside it', () => {
  // The tracked files (and new ones not ignored) copied into an empty folder: no ../shared, no
  // mirrors, $CRD_DIR unset. node_modules is linked (npm ci is not what is tested here).
  test('synth and validate check every kind, custom ones included', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alone-'));
    const copy = path.join(tmp, 'project');
    const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    for (const rel of listed.stdout.split('\0').filter(Boolean)) {
      const from = path.join(PROJECT_ROOT, rel);
      if (!fs.existsSync(from)) continue;
      fs.mkdirSync(path.dirname(path.join(copy, rel)), { recursive: true });
      fs.copyFileSync(from, path.join(copy, rel));
    }
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CRD_DIR;
    delete env.UPSTREAM_MIRROR;
    const run = (...args: string[]) => spawnSync('node', args, { cwd: copy, env, encoding: 'utf8' });
    const synth = run('scripts/synth.js', '--cluster', 'lacave');
    expect(synth.stderr).toBe('');
    expect(synth.stdout).toMatch(/lacave: \d+ objects in \d+ files valid \(schemas: kubernetes-models@[\d.]+ \+ CRDs, strict/);
    expect(run('build/synth/validate/cli.js').status).toBe(0);
    // A custom resource gone wrong in dist/ is caught by `npm run validate` in the copy.
    const manifests = path.join(copy, 'dist', 'lacave', 'manifests');
    const file = fs.readdirSync(manifests).map((f) => path.join(manifests, f)).find((f) => fs.readFileSync(f, 'utf8').includes('kind: Certificate'))!;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('  dnsNames:', '  dnsName:'));
    const broken = run('build/synth/validate/cli.js');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/Certificate [^\n]*\[schema\] unknown field "spec\.dnsName"/);
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 240000);
});
