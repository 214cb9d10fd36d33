/** `deploy.yml` and `deploy.sh` of a cluster output: the deploy plan (`planDeploy`) for Ansible and for kubectl/helm. */
import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../output/files';
import type { DeployStep } from './plan';
import { renderPlaybook } from './playbook';
import { renderDeployScript } from './script';

export function renderDeploy(model: ClusterModel, steps: readonly DeployStep[]): OutputFile[] {
  return [
    { path: 'deploy.yml', content: renderPlaybook(model, steps) },
    { path: 'deploy.sh', content: renderDeployScript(model, steps), mode: 0o755 },
  ];
}
