/**
 * Policy on what we author: pinned images (no `latest`, no missing tag), requests and limits on
 * every container, and no plaintext secret in a Secret object.
 */
import { groupOf, type ManifestObject } from '../../output/manifest-objects';

export interface PolicyProblem {
  readonly object: ManifestObject;
  readonly message: string;
}

/** Every container list in an object: pod templates of workloads and of custom resources alike. */
export function containersOf(o: ManifestObject): Array<{ path: string; container: Record<string, any> }> {
  const out: Array<{ path: string; container: Record<string, any> }> = [];
  const visit = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if ((k === 'containers' || k === 'initContainers') && Array.isArray(x)) {
          x.forEach((c, i) => {
            if (c && typeof c === 'object' && typeof c.name === 'string') out.push({ path: `${p}[${i}]`, container: c });
          });
        } else visit(x, p);
      }
    }
  };
  visit(o.body.spec, 'spec');
  return out;
}

/** Why an image reference is not pinned, or undefined when it is. */
export function unpinnedImage(image: string): string | undefined {
  if (image.includes('@sha256:')) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return 'has no tag (means latest)';
  if (lastSegment.slice(colon + 1) === 'latest') return 'uses the tag latest';
  return undefined;
}

const hasValues = (m: unknown) => !!m && typeof m === 'object' && Object.keys(m).length > 0;

export function checkPolicy(objects: readonly ManifestObject[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const o of objects) {
    for (const { path, container: c } of containersOf(o)) {
      const where = `${path} (${c.name})`;
      if (typeof c.image === 'string') {
        const why = unpinnedImage(c.image);
        if (why) problems.push({ object: o, message: `${where}: image ${c.image} ${why}: pin a version` });
      }
      const r = c.resources ?? {};
      const missing = [
        ...['cpu', 'memory'].filter((k) => r.requests?.[k] === undefined).map((k) => `requests.${k}`),
        ...['cpu', 'memory'].filter((k) => r.limits?.[k] === undefined).map((k) => `limits.${k}`),
      ];
      if (missing.length) problems.push({ object: o, message: `${where}: no ${missing.join(', ')}: every container we author states its requests and limits` });
    }
    if (groupOf(o.apiVersion) === '' && o.kind === 'Secret' && (hasValues(o.body.data) || hasValues(o.body.stringData))) {
      const keys = [...Object.keys(o.body.data ?? {}), ...Object.keys(o.body.stringData ?? {})];
      problems.push({ object: o, message: `plaintext secret: data/stringData has values (${keys.join(', ')}); reference an existing Secret (spec: { secretName, key }) or let an operator create it` });
    }
  }
  return problems;
}
