/**
 * clusters/cluster.schema.json: current with spec.ts, and agreeing with the runtime checker
 * (schema.ts) on what is a well-formed spec — ajv, a real JSON Schema validator, is the judge of
 * the schema side.
 */
import { readFileSync } from 'fs';
import Ajv from 'ajv';
import { specIssues } from '../../clusters/model';
import { CLUSTER_SCHEMA_FILE, REGENERATE_COMMAND, clusterJsonSchema } from '../../scripts/cluster-schema';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const committed = readFileSync(CLUSTER_SCHEMA_FILE, 'utf8');

test('the committed schema is the one spec.ts generates', () => {
  const fresh = clusterJsonSchema();
  if (fresh !== committed) {
    throw new Error(`clusters/cluster.schema.json is stale: spec.ts changed. Run \`${REGENERATE_COMMAND}\` and commit the result.`);
  }
});

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(committed));
const schemaAccepts = (spec: unknown) => validate(spec) as boolean;
/** Shape problems only: the runtime checker's semantic rules (IP in network…) are not the schema's business. */
const runtimeShapeOk = (spec: unknown) => specIssues(spec).every((i) => !/^expected|unknown key|missing|required/.test(i.message));

test('lacave satisfies the schema', () => {
  expect(schemaAccepts(lacaveSpec())).toBe(true);
});

test('doc comments and literal defaults reach the schema; prose defaults stay prose', () => {
  const schema = JSON.parse(committed);
  const node = schema.definitions.NodeSpec.properties;
  expect(node.interface).toMatchObject({ type: 'string', default: 'eth0', description: 'Network interface that carries `ip`.' });
  expect(node.os.default).toBe('fcos');
  expect(node.ingress.default).toBe(true);
  expect(node.cephDisks.default).toBeUndefined();
  expect(node.cephDisks.description).toMatch(/Default: none/);
  expect(schema.definitions.ClusterSpec.additionalProperties).toBe(false);
});

const mutations: Array<[string, (s: any) => void]> = [
  ['unknown top-level key', (s) => (s.nodez = [])],
  ['unknown node key', (s) => (s.nodes[0].hostname = 'x')],
  ['missing nodes', (s) => delete s.nodes],
  ['missing ssh.authorizedKeys', (s) => delete s.ssh.authorizedKeys],
  ['role not in the enum', (s) => (s.nodes[0].roles = ['master'])],
  ['os not in the enum', (s) => (s.nodes[0].os = 'ubuntu')],
  ['prefix as a string', (s) => (s.network.prefix = '24')],
  ['enabled as a string', (s) => (s.components.nexus.enabled = 'yes')],
  ['label value as a number', (s) => (s.nodes[3].labels = { disktype: 1 })],
  ['vault without the ciphertext key', (s) => (s.pki.keyPassword = { value: 'x' })],
];

test.each(mutations)('schema and runtime checker both refuse: %s', (_name, mutate) => {
  const spec = lacaveWith(mutate);
  expect(schemaAccepts(spec)).toBe(false);
  expect(runtimeShapeOk(spec)).toBe(false);
});

test('the `!vault |` string form is accepted by the schema where ciphertext goes', () => {
  const spec = lacaveWith((s) => (s.pki.keyPassword = s.pki.keyPassword.vault));
  expect(schemaAccepts(spec)).toBe(true);
});
