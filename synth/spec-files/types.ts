import type { SpecLocator } from '../../clusters/model';

/** A problem of a spec file itself (syntax, a throw at load time), before its content is checked. */
export interface SpecFileProblem {
  /** 1-based line, when known. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** What a spec format's loader returns. */
export interface LoadedSpecFile {
  /** The spec value, when the file loaded. */
  readonly spec?: unknown;
  /** Problems that kept the file from loading; empty when `spec` is there. */
  readonly problems: readonly SpecFileProblem[];
  /** Line of a field path in the file, to point shape and rule problems at it. */
  readonly locate: SpecLocator;
}

/** One spec file format: its extension and its loader (`file` absolute, `source` as messages name it). */
export interface SpecFormat {
  readonly extension: string;
  readonly load: (file: string, source: string) => LoadedSpecFile;
}
