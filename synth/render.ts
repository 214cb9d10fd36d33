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
import { manifestFile, type ManifestFile, type RenderedPlatform } from '../output/manifest-objects';
import { toYamlStream } from '../output/serialize';
import { rememberObjects } from '../output/objects';
import { renderDnsZones } from '../dns-gen/index';
import { renderDeploy } from '../deploy-gen';
import { planDeploy } from '../deploy-gen/plan';
import { renderTopology } from '../topology-gen';
import { renderImageList } from '../images-gen/index';
import { renderGitOps } from '../gitops-gen';

/** `manifests/<chart id>.yaml` for every platform chart, and the objects each is serialized from. */
export function renderManifests(model: ClusterModel): { files: OutputFile[]; manifests: ManifestFile[]; objects: number } {
  const app = new App({ outdir: '/nonexistent-cdk8s-outdir' });
  const files: OutputFile[] = [];
  const manifests: ManifestFile[] = [];
  let objects = 0;
  for (const chart of addPlatformCharts(app, model)) {
    const docs = chart.toJson();
    if (docs.length === 0) continue;
    objects += docs.length;
    const file = { path: `manifests/${chart.node.id}.yaml`, content: toYamlStream(docs) };
    const manifest = manifestFile(file.path, docs);
    // The validator reads these very objects instead of parsing the file back.
    rememberObjects(file, manifest.objects);
    files.push(file);
    manifests.push(manifest);
  }
  return { files, manifests, objects };
}

/**
 * The platform (manifests and the files beside them) and the files of the nodes: what the
 * generators after the charts are given, as `RenderedPlatform`.
 */
export function renderPlatform(model: ClusterModel): RenderedPlatform & { readonly objects: number } {
  const manifests = renderManifests(model);
  const files = [...manifests.files, ...renderPlatformFiles(model), ...renderInventory(model), ...renderNodeConfigs(model), renderTopology(model)];
  return { manifests: manifests.manifests, files, objects: manifests.objects };
}

export function renderCluster(model: ClusterModel): ClusterOutput {
  const platform = renderPlatform(model);
  const helmReleases = platformHelmReleases(model);
  // The DNS zone comes from the model alone (its nodes and published hosts); the deploy playbook
  // and script, the GitOps applications and the image list from the objects the charts rendered
  // (handed over here, never parsed back) and the paths of the other files. The deploy plan is
  // computed once: deploy.yml, deploy.sh and the GitOps applications render the same steps.
  const steps = planDeploy(model, platform, helmReleases);
  const files = [...platform.files, ...renderDnsZones(model), ...renderDeploy(model, steps), renderImageList(model, platform.manifests), ...renderGitOps(model, platform, steps)];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`two generators wrote ${f.path}`);
    seen.add(f.path);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { cluster: model.name, files, objects: platform.objects };
}
