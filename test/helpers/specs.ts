/** Specs for tests: lacave, variants of it, and generated clusters of any size. */
import lacave from '../../clusters/lacave';
import type { ClusterSpec } from '../../clusters/model';

/** A deep copy of lacave's spec, to mutate in a test. */
export function lacaveSpec(): ClusterSpec {
  return structuredClone(lacave) as ClusterSpec;
}

/** A spec with `mutate` applied to a copy of lacave (the copy is loosely typed on purpose: tests inject mistakes). */
export function lacaveWith(mutate: (spec: any) => void): unknown {
  const spec = lacaveSpec() as any;
  mutate(spec);
  return spec;
}

/** Generated clusters of any size live with the benchmark, which uses them too (product code imports no test file). */
export { generatedSpec } from '../../scripts/bench-specs';
