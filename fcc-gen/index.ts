import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../output/files';
import { toJson } from '../output/serialize';
import { renderButaneYaml } from './butane-yaml';
import { installGuideSections, type NodeFiles, renderGuide } from './install-guide';
import { legacyFlatcarIgnitionConfig } from './legacy-flatcar';
import { nodeButaneConfig } from './node-config';
import { butaneToIgnition, ignitionToJson } from './translate';

/**
 * `fcc/`: per node, the Butane config `<node>.fcc` and its Ignition config `<node>.ign` (what
 * `butane --strict --pretty` makes of it); for Flatcar nodes, on request, the Ignition 2.2.0
 * `<node>-ignition.json`; and `INSTALL.md` with each node's install command.
 */
export function renderNodeConfigs(model: ClusterModel): OutputFile[] {
  const files: OutputFile[] = [];
  const guide: NodeFiles[] = [];
  for (const node of model.nodes) {
    const butane = nodeButaneConfig(model, node);
    const ignition = { name: `${node.name}.ign`, content: ignitionToJson(butaneToIgnition(butane)) };
    files.push({ path: `fcc/${node.name}.fcc`, content: renderButaneYaml(butane, `clusters/${model.name}.ts`) });
    files.push({ path: `fcc/${ignition.name}`, content: ignition.content });
    let legacyIgnition: string | undefined;
    if (node.os === 'flatcar' && model.install.flatcarLegacyIgnition) {
      legacyIgnition = `${node.name}-ignition.json`;
      files.push({ path: `fcc/${legacyIgnition}`, content: toJson(legacyFlatcarIgnitionConfig(model, node)) });
    }
    guide.push({ node, ignition, legacyIgnition });
  }
  files.push({ path: 'fcc/INSTALL.md', content: renderGuide(`Installing the nodes of ${model.name}`, installGuideSections(model, guide)) });
  return files;
}

export { butaneToIgnition, ignitionToJson } from './translate';
export { nodeButaneConfig } from './node-config';
