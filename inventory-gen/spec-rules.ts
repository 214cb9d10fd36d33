/**
 * The inventory's own spec rule, which the pipeline passes to `validateSpec` (the model knows no
 * generator): a `kubespray.extraVars` name that the inventory already derives from a spec field
 * is refused — two values would silently override each other. Names the release does not read,
 * and releases outside the catalog, are the model's rules (`clusters/model/kubespray-rules.ts`).
 */
import type { ClusterSpec, SpecRule } from '../clusters/model';
import { isCatalogued, parseKubesprayRelease } from '../clusters/model/kubespray-release';
import { isKnownVariable } from '../clusters/model/kubespray-variables';
import { versions } from '../clusters/model/versions';
import { derivedFrom } from './inventory-variables';

export const checkDerivedExtraVars: SpecRule = (spec: ClusterSpec, add) => {
  const release = parseKubesprayRelease(spec.kubespray?.release ?? versions.kubespray);
  // An unreadable or uncatalogued release, and unknown names, are reported by the model's rules.
  if (!release || !isCatalogued(release)) return;
  for (const key of Object.keys(spec.kubespray?.extraVars ?? {})) {
    const from = derivedFrom(key);
    if (from && isKnownVariable(key, release)) add(`kubespray.extraVars.${key}`, key, `the inventory already derives ${key} from ${from}: set it there (two values would silently override each other)`);
  }
};

/** The inventory's rules, in the order they run. */
export const inventorySpecRules: readonly SpecRule[] = [checkDerivedExtraVars];
