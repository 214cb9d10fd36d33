import { k8s } from 'cdk8s-plus-27';

/** Requests and limits of a container we author, as Kubernetes quantities. */
export interface ContainerResources {
  /** CPU request, e.g. `100m`. */
  readonly cpu: string;
  /** Memory request, e.g. `256Mi`. */
  readonly memory: string;
  /** Memory limit (no CPU limit: throttling a JVM or the ceph CLI helps nobody). */
  readonly memoryLimit: string;
}

/** `resources` of a container from its requests and memory limit. */
export function containerResources(r: ContainerResources): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(r.cpu), memory: k8s.Quantity.fromString(r.memory) },
    limits: { memory: k8s.Quantity.fromString(r.memoryLimit) },
  };
}

/**
 * The restricted Pod Security Standard for a container that runs as `uid`: non-root, no
 * privilege escalation, no capabilities, the runtime's seccomp profile.
 */
export function restrictedSecurityContext(uid: number): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
