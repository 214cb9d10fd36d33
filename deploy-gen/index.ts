/** `deploy.yml` and `deploy.sh` of a cluster output, from the model and the rendered platform. */
import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../output/files';
import type { RenderedPlatform } from '../output/manifest-objects';
import { planDeploy } from './plan';
import { renderPlaybook } from './playbook';
import { renderDeployScript } from './script';
import type { HelmRelease } from '../charts/lib/helm-release';

export function renderDeploy(model: ClusterModel, platform: RenderedPlatform, helmReleases: readonly HelmRelease[] = []): OutputFile[] {
  const steps = planDeploy(model, platform, helmReleases);
  return [
    { path: 'deploy.yml', content: renderPlaybook(model, steps) },
    { path: 'deploy.sh', content: renderDeployScript(model, steps), mode: 0o755 },
  ];
}
