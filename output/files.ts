/** A file of `dist/<cluster>/`, built in memory before anything touches the disk. */
export interface OutputFile {
  /** Path relative to `dist/<cluster>/`, with `/` separators. */
  readonly path: string;
  readonly content: string;
  /**
   * Permission bits.
   * @default 0o644
   */
  readonly mode?: number;
}

/** Everything synthesized for one cluster. */
export interface ClusterOutput {
  readonly cluster: string;
  readonly files: readonly OutputFile[];
  /** Number of Kubernetes objects in `manifests/`. */
  readonly objects: number;
}
