import { k8s } from 'cdk8s-plus-27';

/** CPU and memory of a container, as Kubernetes quantities (`500m`, `1Gi`). */
export interface ComputeQuantities {
  readonly cpu: string;
  readonly memory: string;
}

/** The `cpu`/`memory` map of requests, limits or defaults; undefined when neither is given. */
export function computeQuantities(v: Partial<ComputeQuantities>): Record<string, k8s.Quantity> | undefined {
  const out: Record<string, k8s.Quantity> = {};
  if (v.cpu) out.cpu = k8s.Quantity.fromString(v.cpu);
  if (v.memory) out.memory = k8s.Quantity.fromString(v.memory);
  return Object.keys(out).length ? out : undefined;
}

/** Requests and limits of a container: memory limit = what the process may use; the CPU limit is generous (the validator's policy wants one) so that it does not throttle. */
export function computeResources(requests: ComputeQuantities, limits: Partial<ComputeQuantities>): k8s.ResourceRequirements {
  return { requests: computeQuantities(requests), limits: computeQuantities(limits) ?? {} };
}

/** The `restricted` Pod Security Standard for a container whose image runs as a non-root user. */
export function restrictedContainer(runAsUser?: number): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    runAsUser,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod-level part of the `restricted` Pod Security Standard (the containers add their own). */
export function restrictedPod(): k8s.PodSecurityContext {
  return { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
}

/** An HTTP GET probe. */
export function httpProbe(path: string, port: number | string, opts: { period?: number; failures?: number; initialDelay?: number; scheme?: 'HTTP' | 'HTTPS' } = {}): k8s.Probe {
  return {
    httpGet: { path, port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port), scheme: opts.scheme },
    periodSeconds: opts.period ?? 10,
    failureThreshold: opts.failures ?? 3,
    initialDelaySeconds: opts.initialDelay,
    timeoutSeconds: 5,
  };
}

/** An env var read from a key of a Secret (never a literal value). */
export function envFromSecret(name: string, secretName: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}
