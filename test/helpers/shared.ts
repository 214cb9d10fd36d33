/** `../shared/` beside the project: the reference cluster, the pinned CRDs, the Ignition schemas. */
import * as fs from 'fs';
import * as path from 'path';
import { requirePresent } from './require-tool';

/** `../shared/<sub>`, or undefined when absent. */
export function sharedPath(sub: string): string | undefined {
  const p = path.resolve(__dirname, '..', '..', '..', 'shared', sub);
  return fs.existsSync(p) ? p : undefined;
}

/** `../shared/<sub>` under the tool-missing policy: absent fails under CI=true, else warns and gives undefined (skip). */
export function requireShared(sub: string): string | undefined {
  const p = sharedPath(sub);
  return requirePresent(`../shared/${sub}`, p !== undefined) ? p : undefined;
}
