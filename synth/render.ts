/**
 * spec → validated model → {charts, inventory, butane/ignition} → in-memory files.
 * Nothing here touches the disk: `write.ts` does, once everything has rendered.
 */
import { App } from 'cdk8s';
import type { ClusterModel } from '../clusters/model';
import { addPlatformCharts, platformHelmReleases, renderPlatformFiles } from '../charts';
import { renderInventory } from '../inventory-gen';
import { renderNodeConfigs } from '../fcc-gen';
import type { ClusterOutput, OutputFile } from '../output/files';
import { toYamlStream } from '../output/serialize';
import { rememberDocuments } from '../output/objects';
import { renderDnsZones } from '../dns-gen/index';
import { renderDeploy } from '../deploy-gen';
import { renderTopology } from '../topology-gen';
import { renderImageList } from '../images-gen/index';
import { renderGitOps } from '../gitops-gen';

/** `manifests/<chart id>.yaml` for every platform chart. */
export function renderManifests(model: ClusterModel): { files: OutputFile[]; objects: number } {
  const app = new App({ outdir: '/nonexistent-cdk8s-outdir' });
  const files: OutputFile[] = [];
  let objects = 0;
  for (const chart of addPlatformCharts(app, model)) {
    const docs = chart.toJson();
    if (docs.length === 0) continue;
    objects += docs.length;
    const file = { path: `manifests/${chart.node.id}.yaml`, content: toYamlStream(docs) };
    rememberDocuments(file, docs);
    files.push(file);
  }
  return { files, objects };
}

export function renderCluster(model: ClusterModel): ClusterOutput {
  const manifests = renderManifests(model);
  const rendered = [...manifests.files, ...renderPlatformFiles(model), ...renderInventory(model), ...renderNodeConfigs(model), renderTopology(model)];
  // The DNS zone comes from the model alone (its nodes and published hosts). These need the
  // rendered output: the deploy playbook and script apply the files in order, the image list
  // reads the manifests.
  const files = [...rendered, ...renderDnsZones(model), ...renderDeploy(model, rendered, platformHelmReleases(model)), renderImageList(model, rendered), ...renderGitOps(model, rendered, platformHelmReleases(model))];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`two generators wrote ${f.path}`);
    seen.add(f.path);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { cluster: model.name, files, objects: manifests.objects };
}
