/**
 * Regenerates `imports/` from the pinned CRDs in ../shared/crds (`npm run import`).
 * The list of files and their versions comes from the versions module, so bumping a version
 * there and running this script is the whole upgrade of the typed custom resources.
 */
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join, resolve } from 'path';
import { crdSources } from '../clusters/model/versions';

const root = resolve(__dirname, '..');
const crdDir = process.env.CRD_DIR ?? resolve(root, '..', 'shared', 'crds');
const cli = join(root, 'node_modules', '.bin', 'cdk8s');

// A file of the CRD folder wins; otherwise the release asset the entry names (needs the network).
const missing = crdSources.filter((s) => !existsSync(join(crdDir, s.file)) && !s.url);
if (missing.length > 0) {
  console.error(`missing CRD files in ${crdDir}: ${missing.map((m) => m.file).join(', ')}`);
  process.exit(1);
}
for (const source of crdSources) {
  const local = join(crdDir, source.file);
  const from = existsSync(local) ? local : source.url!;
  console.log(`importing ${from}`);
  execFileSync(cli, ['import', from, '--language', 'typescript', '--output', join(root, 'imports')], { stdio: 'inherit', cwd: root });
}
