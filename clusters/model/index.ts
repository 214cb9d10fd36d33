export * from './spec';
export * from './model';
export { validateSpec, specIssues, SpecError, formatIssues, type SpecLocator, type SpecRule, type AddIssue } from './validate';
export type { SpecIssue } from './schema';
export { versions, butaneSpecs, legacyFlatcarIgnition } from './versions';
export { platformNamespaces, type PlatformNamespaces } from './namespaces';
