/**
 * `npm run schema`: writes `clusters/cluster.schema.json`, the JSON Schema of `ClusterSpec`
 * generated from the TypeScript types in `clusters/model/spec.ts` (their doc comments become
 * descriptions, their `@default` tags defaults). YAML specs point editors at it with
 * `# yaml-language-server: $schema=./cluster.schema.json`. `test/model/cluster-schema.test.ts`
 * regenerates it and fails when the committed copy is stale.
 *
 * Run by this script only, never at synth time: synth does not need the generator.
 */
import { writeFileSync } from 'fs';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..');
export const CLUSTER_SCHEMA_FILE = join(ROOT, 'clusters', 'cluster.schema.json');
export const REGENERATE_COMMAND = 'npm run schema';

type JsonSchema = { [key: string]: unknown };

/**
 * `@default` in spec.ts follows the cdk8s/jsii convention: a literal (`'eth0'`, `3`, `true`) or
 * `- prose` describing a derived default. Only literals of the property's own type are JSON
 * Schema defaults (an editor inserts them as they are); anything else goes to the description.
 */
function normalizeDefaults(node: unknown, definitions: Record<string, JsonSchema>): void {
  if (Array.isArray(node)) return node.forEach((n) => normalizeDefaults(n, definitions));
  if (node === null || typeof node !== 'object') return;
  const schema = node as JsonSchema;
  const target = typeof schema.$ref === 'string' ? definitions[schema.$ref.replace('#/definitions/', '')] : schema;
  if ('default' in schema) {
    const d = schema.default;
    const literal =
      (typeof d === 'boolean' && schema.type === 'boolean') ||
      (typeof d === 'number' && (schema.type === 'number' || schema.type === 'integer')) ||
      (typeof d === 'string' && schema.type === 'string' && /^[A-Za-z0-9._/:-]*$/.test(d)) ||
      (typeof d === 'string' && Array.isArray(target?.enum) && target.enum.includes(d));
    if (!literal) {
      const text = typeof d === 'string' ? d.replace(/^-\s*/, '') : JSON.stringify(d);
      const description = typeof schema.description === 'string' ? `${schema.description}\n\n` : '';
      schema.description = `${description}Default: ${text}`;
      delete schema.default;
    }
  }
  for (const value of Object.values(schema)) normalizeDefaults(value, definitions);
}

/** The JSON Schema, as the text committed in `clusters/cluster.schema.json`. */
export function clusterJsonSchema(): string {
  // Loaded here, not at the top: only this script and its test need the generator.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { createGenerator } = require('ts-json-schema-generator') as typeof import('ts-json-schema-generator');
  const generator = createGenerator({
    path: join(ROOT, 'clusters', 'model', 'spec.ts'),
    tsconfig: join(ROOT, 'tsconfig.json'),
    type: 'ClusterSpec',
    additionalProperties: false,
    skipTypeCheck: true,
    sortProps: true,
    topRef: true,
    jsDoc: 'extended',
    expose: 'export',
  });
  const schema = generator.createSchema('ClusterSpec') as JsonSchema;
  const definitions = schema.definitions as Record<string, JsonSchema>;
  normalizeDefaults(definitions, definitions);
  // YAML specs may write ciphertext as admins do in Ansible: `key: !vault |` followed by the
  // block. Editors (yaml.customTags: ["!vault scalar"]) then see a string: accept it there.
  const vault = definitions.VaultSecret;
  definitions.VaultSecret = {
    description: vault.description,
    anyOf: [
      { ...vault, description: undefined },
      { type: 'string', pattern: '^\\$ANSIBLE_VAULT;', description: 'The same ciphertext written as a YAML `!vault |` block (YAML specs only).' },
    ],
  };
  return (
    JSON.stringify(
      {
        $schema: schema.$schema,
        $id: 'https://kube-cluster-as-code/cluster.schema.json',
        title: 'ClusterSpec',
        description: 'One cluster of kube-cluster-as-code (generated from clusters/model/spec.ts by `npm run schema`; do not edit).',
        $ref: schema.$ref,
        definitions,
      },
      null,
      2,
    ) + '\n'
  );
}

if (require.main === module) {
  writeFileSync(CLUSTER_SCHEMA_FILE, clusterJsonSchema());
  console.log(`wrote ${CLUSTER_SCHEMA_FILE}`);
}
