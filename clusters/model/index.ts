export * from './spec';
export * from './model';
export { validateSpec, specIssues, SpecError, formatIssues } from './validate';
export type { SpecIssue } from './schema';
export { versions, butaneSpecs, legacyFlatcarIgnition } from './versions';
