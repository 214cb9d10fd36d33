/**
 * The spec rules that need a generator's knowledge, which the pipeline passes to `validateSpec`
 * (the model imports no generator). Every caller that turns a spec into output passes these.
 */
import type { SpecRule } from '../clusters/model';
import { inventorySpecRules } from '../inventory-gen/spec-rules';

export const GENERATOR_SPEC_RULES: readonly SpecRule[] = [...inventorySpecRules];
