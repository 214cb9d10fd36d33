/**
 * Names and domains long enough to break upstream limits (ECK's 36-character names,
 * Helm's 53-character releases, 63-character label values, cert-manager's 64-character common
 * name, 253-character DNS names) are spec errors naming the field, not failures at deploy time.
 */
import { specIssues, validateSpec } from '../../clusters/model';
import { renderCluster } from '../../synth/render';
import { formatProblem, validateOutput } from '../../synth/validate';
import { customKindsFor } from '../../synth/validate/committed-schemas';
import { sharedPath } from '../helpers/shared';
import { lacaveWith } from '../helpers/specs';
import { parse } from 'yaml';

type Mutate = (spec: any) => void;
const both = (...fs: Mutate[]): Mutate => (s) => fs.forEach((f) => f(s));
const named = (length: number): Mutate => (s) => (s.name = 'a'.repeat(length));
const off = (...components: string[]): Mutate => (s) => {
  for (const c of components) s.components[c] = { enabled: false };
  if (components.includes('keycloak')) delete s.oidc;
};

function problemsAt(mutate: Mutate, path: string) {
  return specIssues(lacaveWith(mutate)).filter((i) => i.path === path);
}

function expectRefused(mutate: Mutate, path: string, message: RegExp) {
  const found = problemsAt(mutate, path);
  expect(found).toHaveLength(1);
  expect(found[0].message).toMatch(message);
}

/** At the limit: no problem, and the rendered output passes the output validator; returns the objects. */
function expectAcceptedAndValid(mutate: Mutate): any[] {
  const spec = lacaveWith(mutate);
  expect(specIssues(spec).map((i) => `${i.path}: ${i.message}`)).toEqual([]);
  const model = validateSpec(spec);
  const files = renderCluster(model).files;
  const crds = sharedPath('crds');
  const report = validateOutput(files, { model, crds: customKindsFor(crds ? [crds] : []) });
  expect(report.problems.map((p) => formatProblem(p))).toEqual([]);
  return files.filter((f) => f.path.endsWith('.yaml')).flatMap((f) => f.content.split(/^---$/m).map((d) => parse(d))).filter(Boolean);
}

test('lacave passes', () => expect(specIssues(lacaveWith(() => {}))).toEqual([]));

describe('names derived from the cluster name', () => {
  test('ECK refuses names over 36: kube-<name>-elasticsearch caps name at 17', () => {
    expectRefused(named(18), 'name', /ECK Elasticsearch name .*"kube-a{18}-elasticsearch" \(37 characters, limit 36\).*shorten name to at most 17 characters$/);
    const objects = expectAcceptedAndValid(named(17));
    const es = objects.find((o) => o.kind === 'Elasticsearch');
    expect(es.metadata.name).toHaveLength(36);
  });
  test('the Jaeger index cleaner CronJob (≤ 52) and the other ECK kinds are listed too', () => {
    const [problem] = problemsAt(named(29), 'name');
    for (const what of [/ECK Kibana/, /ECK Beat/, /ECK APM Server/, /Jaeger index cleaner .*"a{29}-jaeger-es-index-cleaner" \(53 characters, limit 52\)/]) expect(problem.message).toMatch(what);
  });
  test('the realm sync Job name (<prefix>-<hash>) is a job-name label value ≤ 63: name at most 35', () => {
    expectRefused(both(off('logging', 'tracing'), named(36)), 'name', /realm sync Job.*\(64 characters, limit 63\).*shorten name to at most 35 characters$/);
    const objects = expectAcceptedAndValid(both(off('logging', 'tracing'), named(35)));
    const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith(`login-${'a'.repeat(35)}-realm-sync-`));
    expect(job.metadata.name).toHaveLength(63); // the rule's arithmetic matches the real Job name
  });
  test("Keycloak's StatefulSet ≤ 52 (controller-revision-hash label <name>-<hash> ≤ 63)", () => {
    const [problem] = problemsAt(both(off('logging', 'tracing'), named(47)), 'name');
    expect(problem.message).toMatch(/Keycloak StatefulSet .*"login-a{47}" \(53 characters, limit 52\)/);
  });
  test('Helm refuses release names over 53: <name>-prom caps name at 48', () => {
    expectRefused(both(off('logging', 'tracing', 'keycloak'), named(49)), 'name', /Helm release of kube-prometheus-stack .*"a{49}-prom" \(54 characters, limit 53\).*at most 48 characters$/);
    expectAcceptedAndValid(both(off('logging', 'tracing', 'keycloak'), named(48)));
  });
  test("cert-manager: the CA's commonName '<name> root CA' ≤ 64 caps name at 56", () => {
    // The self-signed CA Certificate exists without pki (lacave brings its own CA).
    const rest = both(off('logging', 'tracing', 'keycloak', 'monitoring'), (s) => delete s.pki);
    expect(problemsAt(both(off('logging', 'tracing', 'keycloak', 'monitoring'), named(57)), 'name')).toEqual([]);
    expectRefused(both(rest, named(57)), 'name', /commonName of the cluster CA Certificate .*"a{57} root CA" \(65 characters, limit 64\).*at most 56 characters$/);
    const objects = expectAcceptedAndValid(both(rest, named(56)));
    expect(objects.find((o) => o.kind === 'Certificate' && o.spec?.isCA).spec.commonName).toHaveLength(64);
  });
});

describe('host names derived from the domains', () => {
  const label = (n: number, c = 'b') => c.repeat(n);
  test('host Certificates set commonName = host (≤ 64): appsDomain refused, naming the field', () => {
    expectRefused((s) => (s.appsDomain = `${label(46)}.info`), 'appsDomain', /commonName of the cephDashboard Certificate .*"cephdashboard\.b{46}\.info" \(65 characters, limit 64\).*shorten appsDomain to at most 50 characters$/);
    const objects = expectAcceptedAndValid((s) => (s.appsDomain = `${label(45)}.info`));
    const longest = Math.max(...objects.filter((o) => o.kind === 'Certificate').map((o) => o.spec.commonName.length));
    expect(longest).toBe(64);
  });
  test('domain: nexus and docker hang under it', () =>
    expectRefused((s) => (s.domain = `${label(53)}.info`), 'domain', /docker Certificate .*"docker\.b{53}\.info" \(65 characters, limit 64\).*shorten domain to at most 57 characters$/));
  test('without appsDomain its default kube.<domain> is charged to domain', () =>
    expectRefused((s) => { delete s.appsDomain; s.domain = `${label(45)}.info`; }, 'domain', /cephdashboard\.kube\.b{45}\.info/));
  test('a host over 253 characters is refused even without certificates', () => {
    const apps = [label(63), label(63, 'c'), label(63, 'd'), label(50, 'e')].join('.'); // 242 characters
    const found = problemsAt((s) => { s.components.certManager = { enabled: false, existingClusterIssuer: 'corporate-ca' }; s.appsDomain = apps; }, 'appsDomain');
    expect(found.map((i) => i.message)).toContainEqual(expect.stringMatching(/host cephDashboard \(DNS names ≤ 253\) "cephdashboard\..*" \(256 characters, limit 253\).*at most 239 characters$/));
  });
});
