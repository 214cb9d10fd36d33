/** `cdk8s synth` (the cdk8s CLI, with cdk8s.yaml) writes the same tree as `npm run synth`. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree } from '../helpers/tree';
import { synth } from '../../synth/cli';

const ROOT = path.resolve(__dirname, '..', '..');

test('cdk8s synth runs the same pipeline as npm run synth', () => {
  const viaCli = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-cli-'));
  const viaNpm = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-synth-'));
  const log = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--output', viaCli], { cwd: ROOT, encoding: 'utf8' });
  expect(log).toContain(path.join(viaCli, 'lacave', 'manifests', '10-cert-manager.yaml'));
  synth({ clusters: [], outDir: viaNpm });
  expect(readTree(viaCli)).toEqual(readTree(viaNpm));
});
