/**
 * `dist/<cluster>/gitops/`: the same deploy as `deploy.sh`, pulled by Argo CD from the deployment
 * repository the admin pushes `dist/<cluster>/` to (`spec.gitops`). One Application per step of
 * the deploy plan, in the plan's order as sync waves (operators/cert-manager, operators, each
 * manifest file, each Helm release); Argo CD's health checks take the place of deploy.sh's
 * `kubectl wait`. The Secrets the output references are ExternalSecrets (External Secrets
 * Operator, installed first), never values. See docs/gitops.md.
 *
 * - `gitops/kustomization.yaml`, `gitops/root.yaml`: the app of apps (`kubectl apply -k`, once);
 * - `gitops/apps/`: the Applications;
 * - `gitops/secrets/<step>.yaml`: the ExternalSecrets of a step, synced by that step's Application.
 */
import type { ClusterModel, GitOpsModel } from '../clusters/model';
import { platformNamespaces } from '../clusters/model/namespaces';
import { helmRepositories, versions } from '../clusters/model/versions';
import type { HelmRelease } from '../charts/lib/helm-release';
import type { DeployStep } from '../deploy-gen/plan';
import type { OutputFile } from '../output/files';
import type { RenderedPlatform } from '../output/manifest-objects';
import { toYamlStream } from '../output/serialize';
import { secretsNeededByObjects, secretsNeededByRelease, type SecretNeed } from './secrets';

const IN_CLUSTER = 'https://kubernetes.default.svc';

/** A folder of the cluster's output, as a path inside the deployment repository. */
const repoPath = (g: GitOpsModel, sub: string) => (g.path === '.' ? sub : `${g.path}/${sub}`);

interface Stage {
  /** File stem under gitops/apps/ and gitops/secrets/, also the Application name's suffix. */
  readonly id: string;
  readonly sources: object[];
  /** Namespace of the objects without one (Helm releases). */
  readonly namespace: string;
  readonly secrets: readonly SecretNeed[];
  readonly serverSide: boolean;
}

const kebab = (s: string) => s.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function stageOf(model: ClusterModel, g: GitOpsModel, step: DeployStep, platform: RenderedPlatform): Stage | undefined {
  switch (step.type) {
    case 'kustomize':
      return { id: kebab(step.dir), sources: [{ repoURL: g.repoUrl, targetRevision: g.revision, path: repoPath(g, step.dir) }], namespace: 'default', secrets: [], serverSide: true };
    case 'manifest': {
      const manifest = platform.manifests.find((m) => m.path === step.file)!;
      const dir = step.file.slice(0, step.file.lastIndexOf('/'));
      const name = step.file.slice(step.file.lastIndexOf('/') + 1);
      return {
        id: kebab(step.file.replace(/\.ya?ml$/, '')),
        sources: [{ repoURL: g.repoUrl, targetRevision: g.revision, path: repoPath(g, dir), directory: { include: name } }],
        namespace: 'default',
        secrets: secretsNeededByObjects(model, manifest.objects),
        serverSide: true,
      };
    }
    case 'helm':
      return helmStage(model, g, step.release, step.valuesFile);
    default:
      return undefined;
  }
}

function helmStage(model: ClusterModel, g: GitOpsModel, r: HelmRelease, valuesFile: string): Stage {
  return {
    id: `helm-${r.name}`,
    sources: [
      { repoURL: r.repositoryUrl, chart: r.chart, targetRevision: r.version, helm: { releaseName: r.name, valueFiles: [`$values/${repoPath(g, valuesFile)}`] } },
      { repoURL: g.repoUrl, targetRevision: g.revision, ref: 'values' },
    ],
    namespace: r.namespace,
    secrets: secretsNeededByRelease(model, r),
    serverSide: false,
  };
}

function application(model: ClusterModel, g: GitOpsModel, stage: Stage, wave: number): object {
  const secretSource = stage.secrets.length
    ? [{ repoURL: g.repoUrl, targetRevision: g.revision, path: repoPath(g, 'gitops/secrets'), directory: { include: `${stage.id}.yaml` } }]
    : [];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${model.name}-${stage.id}`,
      namespace: platformNamespaces.argocd,
      // The deploy plan's order: Argo CD starts a wave when every Application of the previous one is healthy.
      annotations: { 'argocd.argoproj.io/sync-wave': String(wave) },
      labels: { 'app.kubernetes.io/part-of': model.name, 'app.kubernetes.io/managed-by': 'kube-cluster-as-code' },
    },
    spec: {
      project: 'default',
      sources: [...stage.sources, ...secretSource],
      destination: { server: IN_CLUSTER, namespace: stage.namespace },
      syncPolicy: {
        // No prune, as deploy.sh: taking a component out of the spec must not delete its volumes.
        automated: { prune: false, selfHeal: true },
        syncOptions: ['CreateNamespace=true', ...(stage.serverSide ? ['ServerSideApply=true'] : [])],
        // Webhooks and CRDs of the previous wave may take a moment to answer.
        retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
      },
    },
  };
}

function externalSecret(model: ClusterModel, g: GitOpsModel, need: SecretNeed): object {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: need.name, namespace: need.namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: g.secretStore },
      // Every key of the backend's entry `<cluster>/<secret>` (one entry serves every namespace).
      target: { name: need.name, creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: `${model.name}/${need.name}` } }],
    },
  };
}

/** The gitops/ files, or none when the spec has no `gitops`. */
/** `gitops/`: one Application per step of the deploy plan (`planDeploy`, computed once by the pipeline). */
export function renderGitOps(model: ClusterModel, platform: RenderedPlatform, steps: readonly DeployStep[]): OutputFile[] {
  const g = model.gitops;
  if (!g) return [];
  const planned = steps
    .map((step) => stageOf(model, g, step, platform))
    .filter((s): s is Stage => s !== undefined);
  // A Secret two steps need (Graylog's, for MongoDB and Graylog) is declared once, by the first.
  const declared = new Set<string>();
  const stages = planned.map((s) => {
    const secrets = s.secrets.filter((n) => !declared.has(`${n.namespace}/${n.name}`));
    for (const n of secrets) declared.add(`${n.namespace}/${n.name}`);
    return { ...s, secrets };
  });
  const needsEso = stages.some((s) => s.secrets.length > 0);
  const out: OutputFile[] = [];
  const apps: string[] = [];
  const push = (file: string, docs: object[]) => out.push({ path: file, content: toYamlStream(docs) });
  if (needsEso) {
    const eso: Stage = {
      id: 'external-secrets',
      sources: [{ repoURL: helmRepositories['external-secrets'], chart: 'external-secrets', targetRevision: versions.externalSecretsChart, helm: { releaseName: 'external-secrets' } }],
      namespace: platformNamespaces.externalSecrets,
      secrets: [],
      serverSide: true,
    };
    apps.push('00-external-secrets.yaml');
    push('gitops/apps/00-external-secrets.yaml', [application(model, g, eso, 0)]);
  }
  stages.forEach((stage, i) => {
    const wave = i + 1;
    const file = `${String(wave).padStart(2, '0')}-${stage.id}.yaml`;
    apps.push(file);
    push(`gitops/apps/${file}`, [application(model, g, stage, wave)]);
    if (stage.secrets.length) push(`gitops/secrets/${stage.id}.yaml`, stage.secrets.map((n) => externalSecret(model, g, n)));
  });
  push('gitops/apps/kustomization.yaml', [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: apps }]);
  push('gitops/root.yaml', [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: `${model.name}-platform`, namespace: platformNamespaces.argocd, labels: { 'app.kubernetes.io/part-of': model.name, 'app.kubernetes.io/managed-by': 'kube-cluster-as-code' } },
      spec: {
        project: 'default',
        source: { repoURL: g.repoUrl, targetRevision: g.revision, path: repoPath(g, 'gitops/apps') },
        destination: { server: IN_CLUSTER, namespace: platformNamespaces.argocd },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    },
  ]);
  push('gitops/kustomization.yaml', [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['root.yaml'] }]);
  return out;
}
