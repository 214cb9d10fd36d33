import { k8s } from 'cdk8s-plus-27';

/** CPU and memory of a container, as Kubernetes quantities (`500m`, `1Gi`). */
export interface ComputeQuantities {
  /** CPU, e.g. `500m` or `2`. */
  readonly cpu: string;
  /** Memory, e.g. `512Mi` or `4Gi`. */
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

/** Timing and scheme of an HTTP probe. */
export interface HttpProbeOptions {
  /**
   * Seconds between two probes.
   * @default 10
   */
  readonly period?: number;
  /**
   * Failures in a row before the probe counts as failed.
   * @default 3
   */
  readonly failures?: number;
  /**
   * Seconds after the container starts before the first probe.
   * @default - none: probing starts at once
   */
  readonly initialDelay?: number;
  /**
   * Scheme of the request.
   * @default - HTTP (Kubernetes' default)
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** An HTTP GET probe of a path on a container port (number or name); each request times out after 5 s. */
export function httpProbe(path: string, port: number | string, opts: HttpProbeOptions = {}): k8s.Probe {
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
