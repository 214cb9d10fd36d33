/**
 * The spec rules of the inventory (called by `validateSpec`): a release the variable catalog
 * covers, and `kubespray.extraVars` names that the release really reads — Ansible silently
 * ignores a misspelt variable — and that no spec field already derives.
 */
import type { ClusterSpec } from '../clusters/model/spec';
import { parseKubesprayRelease } from '../clusters/model/model';
import { versions } from '../clusters/model/versions';
import { derivedFrom } from './inventory-variables';
import { CATALOGUED_RELEASES, isCatalogued } from './kubespray-release';
import { isCataloguedVariable, isKnownVariable, variableReleases } from './kubespray-variables';

type Add = (path: string, value: unknown, message: string) => void;

const CATALOG_FILE = 'inventory-gen/kubespray-variables.ts';

export function checkKubesprayVariables(spec: ClusterSpec, add: Add): void {
  const name = spec.kubespray?.release ?? versions.kubespray;
  const release = parseKubesprayRelease(name);
  if (!release) return;
  if (!isCatalogued(release)) {
    add('kubespray.release', name, `no variable catalog for this release: use ${CATALOGUED_RELEASES.oldest} to ${CATALOGUED_RELEASES.newest}, or catalogue it in ${CATALOG_FILE}`);
    return;
  }
  for (const key of Object.keys(spec.kubespray?.extraVars ?? {})) {
    const path = `kubespray.extraVars.${key}`;
    const from = derivedFrom(key);
    if (!isKnownVariable(key, release)) {
      if (isCataloguedVariable(key)) add(path, key, `Kubespray ${name} does not read ${key} (read ${variableReleases(key)}): remove it or change kubespray.release`);
      else add(path, key, `not a known variable of Kubespray ${name}, and Ansible silently ignores unknown variables: check the spelling, or add it to ${CATALOG_FILE} once checked upstream`);
    } else if (from) add(path, key, `the inventory already derives ${key} from ${from}: set it there (two values would silently override each other)`);
  }
}
