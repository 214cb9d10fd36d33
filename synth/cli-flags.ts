/**
 * The flag reading every command of the project shares: `--flag value` and `--flag=value`, a
 * value that is missing or is the next flag refused, an unknown argument refused with the usage.
 */

/**
 * Calls `on` for each flag of `argv`, with a function that takes the flag's value (inline after
 * `=`, else the next argument). `on` returns false for a flag it does not know.
 */
export function readFlags(argv: readonly string[], usage: string, on: (flag: string, value: () => string) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value; ${usage}`);
      return v;
    };
    if (!on(flag, value)) throw new Error(`unknown argument ${argv[i]}; ${usage}`);
  }
}

/** The value of a flag that names one of `choices` (e.g. `--only schemas`), refused otherwise. */
export function choiceOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new Error(`${flag} ${value}: one of ${choices.join(', ')}`);
  return value as T;
}
