/**
 * The spec rules of `kubespray.release` and `kubespray.extraVars` (called by `validateSpec`): a
 * release the variable catalog covers, and `extraVars` names that the release really reads —
 * Ansible silently ignores a misspelt variable. Whether a name is one the inventory already
 * derives from a spec field is the inventory generator's rule (`inventory-gen/spec-rules.ts`),
 * passed in by the pipeline: the model knows no generator.
 */
import type { ClusterSpec } from './spec';
import { versions } from './versions';
import { CATALOGUED_RELEASES, isCatalogued, parseKubesprayRelease } from './kubespray-release';
import { isCataloguedVariable, isKnownVariable, variableReleases } from './kubespray-variables';

type Add = (path: string, value: unknown, message: string) => void;

const CATALOG_FILE = 'clusters/model/kubespray-variables.ts';

export function checkKubesprayVariables(spec: ClusterSpec, add: Add): void {
  const name = spec.kubespray?.release ?? versions.kubespray;
  const release = parseKubesprayRelease(name);
  if (!release) return;
  if (!isCatalogued(release)) {
    add('kubespray.release', name, `no variable catalog for this release: use ${CATALOGUED_RELEASES.oldest} to ${CATALOGUED_RELEASES.newest}, or catalogue it in ${CATALOG_FILE}`);
    return;
  }
  for (const key of Object.keys(spec.kubespray?.extraVars ?? {})) {
    if (isKnownVariable(key, release)) continue;
    const path = `kubespray.extraVars.${key}`;
    if (isCataloguedVariable(key)) add(path, key, `Kubespray ${name} does not read ${key} (read ${variableReleases(key)}): remove it or change kubespray.release`);
    else add(path, key, `not a known variable of Kubespray ${name}, and Ansible silently ignores unknown variables: check the spelling, or add it to ${CATALOG_FILE} once checked upstream`);
  }
}
