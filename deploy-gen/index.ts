/** `deploy.yml` and `deploy.sh` of a cluster output, from the files it holds. */
import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../output/files';
import { planDeploy } from './plan';
import { renderPlaybook } from './playbook';
import { renderDeployScript } from './script';
import type { HelmRelease } from '../charts/lib/helm-release';

export function renderDeploy(model: ClusterModel, files: readonly OutputFile[], helmReleases: readonly HelmRelease[] = []): OutputFile[] {
  const steps = planDeploy(model, files, helmReleases);
  return [
    { path: 'deploy.yml', content: renderPlaybook(model, steps) },
    { path: 'deploy.sh', content: renderDeployScript(model, steps), mode: 0o755 },
  ];
}
