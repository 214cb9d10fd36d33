/** POSIX shell quoting, for the scripts synth writes (`helm/install.sh`, `deploy.sh`). */

/** One shell word: left bare when it needs no quoting (for readability), else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
