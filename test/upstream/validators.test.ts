/**
 * The compiled validators committed under upstream/validators/ (npm run derive-upstream): they
 * are what derivation gives from today's schemas, ajv and imports/; they judge exactly as a
 * validator compiled at run time; and validating lacave's output compiles nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { validateSpec } from '../../clusters/model';
import { renderCluster } from '../../synth/render';
import { formatProblem, validateOutput } from '../../synth/validate';
import { COMMITTED_VALIDATORS_DIR, committedValidator, readValidatorIndex } from '../../synth/validate/committed-validators';
import { committedCustomKinds } from '../../synth/validate/committed-schemas';
import { committedCoreSchemas } from '../../synth/validate/core-schemas';
import { CORE_ID, coreIdentityOf, formatSchemaErrors, newAjv, strictCrdSchema, validatorKey } from '../../synth/validate/schemas';
import { planValidators, renderIndex, renderModule } from '../../scripts/upstream/validators';
import { lacaveSpec } from '../helpers/specs';

const STALE = 'upstream/validators/ is stale: run npm run derive-upstream -- --only validators';
const index = readValidatorIndex();
const plan = planValidators();

describe('committed validators are not stale', () => {
  test('the index is what derivation gives from today\'s schemas, ajv version and imports/', () => {
    // The keys cover every input of a validator (schema, built-in definitions, ajv version and options).
    if (!index || renderIndex(plan) !== fs.readFileSync(path.join(COMMITTED_VALIDATORS_DIR, 'index.json'), 'utf8')) throw new Error(STALE);
    for (const m of plan) if (!fs.existsSync(path.join(COMMITTED_VALIDATORS_DIR, m.file))) throw new Error(`${STALE} (${m.file} is missing)`);
  });

  test('re-compiling gives the committed modules (the smallest custom kinds)', () => {
    // All of them take minutes to compile; the keys above already follow every input.
    const size = (f: string) => fs.statSync(path.join(COMMITTED_VALIDATORS_DIR, f)).size;
    const sample = plan.filter((m) => m.file !== 'core.js').sort((a, b) => size(a.file) - size(b.file)).slice(0, 3);
    expect(sample.length).toBe(3);
    for (const m of sample) if (renderModule(m) !== fs.readFileSync(path.join(COMMITTED_VALIDATORS_DIR, m.file), 'utf8')) throw new Error(`${STALE} (${m.file})`);
  });
});

describe('a committed validator judges as one compiled at run time', () => {
  const core = committedCoreSchemas()!;
  const coreIdentity = coreIdentityOf(core);
  const kinds = committedCustomKinds();
  /** Errors of the committed validator and of a fresh compile of the same schema. */
  const both = (schema: Record<string, unknown>, body: unknown) => {
    const committed = committedValidator(validatorKey(schema, coreIdentity));
    expect(committed).toBeDefined();
    const fresh = newAjv(core).compile(schema);
    const run = (v: typeof fresh) => (v(body) ? [] : formatSchemaErrors(v.errors ?? []));
    return { committed: run(committed!), fresh: run(fresh) };
  };
  const meta = { name: 'web', namespace: 'apps' };

  test('a built-in kind: unknown field, enum, type', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { ...meta, labelz: {} },
      spec: { replica: 1, selector: {}, template: { spec: { containers: [{ name: 'web', image: 'nginx', imagePullPolicy: 'Sometimes', ports: [{ containerPort: 'x' }] }] } } },
    };
    const r = both({ $ref: `${CORE_ID}${core.roots.get('apps/v1/Deployment')}` }, deployment);
    expect(r.committed).toEqual(r.fresh);
    expect(r.committed).toEqual(expect.arrayContaining(['unknown field "metadata.labelz"', 'unknown field "spec.replica"', 'spec.template.spec.containers.0.imagePullPolicy: must be one of "Always", "IfNotPresent", "Never"']));
  });

  test('a custom kind, with an RE2 pattern (Gateway API hostname) and strict metadata', () => {
    const schema = strictCrdSchema(kinds.get('gateway.networking.k8s.io/HTTPRoute')!.versions.get('v1')!, `${CORE_ID}${core.roots.get('ObjectMeta')}`);
    const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { ...meta, labelz: {} }, spec: { hostnames: ['not a host!'], parentRefs: [{ name: 'edge', sectionNam: 'x' }] } };
    const r = both(schema, route);
    expect(r.committed).toEqual(r.fresh);
    expect(r.committed).toEqual(expect.arrayContaining(['unknown field "metadata.labelz"', 'unknown field "spec.parentRefs.0.sectionNam"', expect.stringMatching(/^spec\.hostnames\.0: must match pattern/)]));
    const valid = both(schema, { ...route, metadata: meta, spec: { hostnames: ['web.example.org'], parentRefs: [{ name: 'edge' }] } });
    expect(valid).toEqual({ committed: [], fresh: [] });
  });
});

describe('the first synth compiles nothing', () => {
  test('validating lacave\'s output uses committed validators only', () => {
    const saved = process.env.SYNTH_NO_CACHE;
    // Neither the remembered verdict nor validators remembered in build/.cache: as in a fresh clone.
    process.env.SYNTH_NO_CACHE = 'verdict,validator';
    const compile = jest.spyOn(Ajv.prototype, 'compile');
    try {
      const model = validateSpec(lacaveSpec(), 'clusters/lacave.ts');
      const report = validateOutput(renderCluster(model).files, { model, crds: committedCustomKinds() });
      expect(report.problems.map((p) => formatProblem(p))).toEqual([]);
      expect(report.objects).toBeGreaterThan(50);
      expect(compile.mock.calls.map(([schema]) => JSON.stringify(schema).slice(0, 120))).toEqual([]);
    } finally {
      compile.mockRestore();
      if (saved === undefined) delete process.env.SYNTH_NO_CACHE;
      else process.env.SYNTH_NO_CACHE = saved;
    }
  });
});
