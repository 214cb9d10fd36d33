/**
 * Tests that drive a real tool: under CI (`CI=true`) a missing tool fails the suite; elsewhere
 * the tests are skipped with a visible notice.
 */
import { spawnSync } from 'child_process';

export function toolAvailable(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0;
}

/** `describe` that needs `tool` on the PATH. */
export function describeWithTool(tool: string, name: string, body: () => void): void {
  if (toolAvailable(tool)) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      test(`${tool} is installed`, () => {
        throw new Error(`${tool} is missing under CI=true: install it (.ci/run installs the Debian packages)`);
      });
    });
  } else {
    console.warn(`SKIPPED "${name}": ${tool} is not installed (apt-get install ansible-core); under CI=true this fails.`);
    describe.skip(name, body);
  }
}

/**
 * The same policy for one check: under CI=true a missing tool throws; elsewhere a visible notice
 * and `false`. Returns whether the tool can be used.
 */
export function requireTool(tool: string, why: string): boolean {
  return requirePresent(`${tool} (for ${why})`, toolAvailable(tool));
}

/** The same policy for anything a test needs (a tool, ../shared beside the project). */
export function requirePresent(what: string, present: boolean): boolean {
  if (present) return true;
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI=true but missing (see .ci/run)`);
  console.warn(`SKIPPED: ${what} is missing; under CI=true this fails`);
  return false;
}
