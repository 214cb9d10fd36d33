/**
 * POSIX shell quoting: the one helper for every command synth writes for a shell or prints for a
 * person (`helm/install.sh`, `deploy.sh`, `deploy.yml`'s printed commands, `fcc/INSTALL.md`).
 * Commands are built as lists of words and joined here; nothing else quotes (docs/yaml-shell-ansible.md).
 */

/** Characters that mean nothing to sh, bash or zsh anywhere in a word: such a word is left bare, for readability. */
const BARE_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** One shell word: left bare when it needs no quoting, else single-quoted (a `'` inside as `'\''`). */
export function shellQuote(word: string): string {
  return BARE_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words, each quoted. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * `"$VARIABLE/relative"`: a path below a folder the script finds at run time (`$DIST`). The
 * relative part is escaped for double quotes (`"`, `$`, `` ` ``, `\`), so only the variable expands.
 */
export function shellPathUnder(variable: string, relative: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new Error(`not a shell variable name: ${JSON.stringify(variable)}`);
  return `"$${variable}/${relative.replace(/["$`\\]/g, '\\$&')}"`;
}
