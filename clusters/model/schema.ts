/**
 * Runtime shape of a ClusterSpec: types, required keys and unknown keys.
 *
 * The TypeScript compiler already checks a spec written in `clusters/*.ts`; this checker
 * gives the same guarantees to a spec read from YAML/JSON, and its `ShapeOf<T>` typing
 * forces every interface key of `spec.ts` to have a rule here, so the two cannot drift.
 */
import type * as S from './spec';

/** One problem found in a spec: where, what was there, and how to fix it. */
export interface SpecIssue {
  /** Field path, e.g. `nodes[3].ip`. */
  readonly path: string;
  /** The offending value, printed as JSON. */
  readonly value: unknown;
  /** What is wrong and what to write instead. */
  readonly message: string;
}

export type Check = (value: unknown, path: string, issues: SpecIssue[]) => void;

type Required_<T> = { [K in keyof T]-?: T[K] };
/** A rule for each key of T, no more, no less. */
export type ShapeOf<T> = { [K in keyof Required_<T>]: Check };

const kindOf = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

export const str: Check = (v, path, issues) => {
  if (typeof v !== 'string' || v.length === 0) issues.push({ path, value: v, message: `expected a non-empty string, got ${kindOf(v)}` });
};

export const bool: Check = (v, path, issues) => {
  if (typeof v !== 'boolean') issues.push({ path, value: v, message: `expected true or false, got ${kindOf(v)}` });
};

export const int = (min: number, max: number): Check => (v, path, issues) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    issues.push({ path, value: v, message: `expected a whole number from ${min} to ${max}` });
  }
};

export const oneOf = (...allowed: string[]): Check => (v, path, issues) => {
  if (typeof v !== 'string' || !allowed.includes(v)) {
    issues.push({ path, value: v, message: `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}` });
  }
};

export const optional = (check: Check): Check => (v, path, issues) => {
  if (v !== undefined) check(v, path, issues);
};

export const arrayOf = (check: Check): Check => (v, path, issues) => {
  if (!Array.isArray(v)) {
    issues.push({ path, value: v, message: `expected a list, got ${kindOf(v)}` });
    return;
  }
  v.forEach((item, i) => check(item, `${path}[${i}]`, issues));
};

export const recordOf = (check: Check): Check => (v, path, issues) => {
  if (kindOf(v) !== 'object') {
    issues.push({ path, value: v, message: `expected a mapping, got ${kindOf(v)}` });
    return;
  }
  for (const [k, item] of Object.entries(v as object)) check(item, `${path}.${k}`, issues);
};

export const anyOf = (description: string, ...checks: Check[]): Check => (v, path, issues) => {
  for (const check of checks) {
    const trial: SpecIssue[] = [];
    check(v, path, trial);
    if (trial.length === 0) return;
  }
  issues.push({ path, value: v, message: `expected ${description}` });
};

/** An object whose keys are exactly those of `shape`; missing optional keys are fine. */
export function object<T>(shape: ShapeOf<T>, required: Array<keyof T> = []): Check {
  return (v, path, issues) => {
    if (kindOf(v) !== 'object') {
      issues.push({ path, value: v, message: `expected a mapping, got ${kindOf(v)}` });
      return;
    }
    const obj = v as Record<string, unknown>;
    const known = Object.keys(shape);
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        issues.push({ path: join(path, key), value: obj[key], message: `unknown key '${key}'; known keys here: ${known.join(', ')}` });
      }
    }
    for (const key of known) {
      const child = obj[key];
      if (child === undefined) {
        if (required.includes(key as keyof T)) issues.push({ path: join(path, key), value: undefined, message: `'${key}' is required` });
        continue;
      }
      (shape as Record<string, Check>)[key](child, join(path, key), issues);
    }
  };
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

const VAULT_HEADER = /^\$ANSIBLE_VAULT;1\.[12];AES256(;[\w.-]+)?\r?\n/;

export const vaultSecret: Check = (v, path, issues) => {
  if (typeof v === 'string') {
    issues.push({ path, value: '<redacted>', message: 'plaintext is not accepted for a secret: give { vault: "<output of ansible-vault encrypt_string>" }' });
    return;
  }
  const trial: SpecIssue[] = [];
  object<S.VaultSecret>({ vault: str }, ['vault'])(v, path, trial);
  if (trial.length > 0) {
    issues.push(...trial);
    return;
  }
  const text = (v as S.VaultSecret).vault;
  if (!VAULT_HEADER.test(text)) {
    issues.push({ path: `${path}.vault`, value: '<redacted>', message: 'not ansible-vault ciphertext (it must start with "$ANSIBLE_VAULT;1.1;AES256" or "$ANSIBLE_VAULT;1.2;AES256;<id>" and a newline); encrypt it with ansible-vault encrypt_string' });
  } else if (!/^[0-9a-f\s]+$/.test(text.replace(VAULT_HEADER, ''))) {
    issues.push({ path: `${path}.vault`, value: '<redacted>', message: 'the ciphertext body must be hexadecimal lines as ansible-vault writes them' });
  }
};

export const kubernetesSecretRef: Check = (v, path, issues) => {
  if (typeof v === 'string') {
    issues.push({ path, value: '<redacted>', message: 'plaintext is not accepted for a secret: give { secretName: "<existing Secret>", key: "<key>" }' });
    return;
  }
  object<S.KubernetesSecretRef>({ secretName: str, key: str }, ['secretName', 'key'])(v, path, issues);
};

const toggle = { enabled: optional(bool) };

const node = object<S.NodeSpec>(
  {
    name: str,
    ip: str,
    interface: optional(str),
    os: optional(oneOf('fcos', 'flatcar')),
    roles: arrayOf(oneOf('control-plane', 'etcd', 'worker')),
    cephDisks: optional(arrayOf(str)),
    labels: optional(recordOf(str)),
    installDisk: optional(str),
    ingress: optional(bool),
  },
  ['name', 'ip', 'roles'],
);

const tenant = object<S.TenantSpec>(
  {
    name: str,
    adminGroup: optional(str),
    editGroup: optional(str),
    viewGroup: optional(str),
    quota: optional(
      object<S.TenantQuotaSpec>({
        requestsCpu: optional(str),
        requestsMemory: optional(str),
        limitsCpu: optional(str),
        limitsMemory: optional(str),
        pods: optional(int(1, 1_000_000)),
        persistentVolumeClaims: optional(int(0, 1_000_000)),
        requestsStorage: optional(str),
      }),
    ),
    limits: optional(
      object<S.TenantLimitsSpec>({
        defaultRequestCpu: optional(str),
        defaultRequestMemory: optional(str),
        defaultLimitCpu: optional(str),
        defaultLimitMemory: optional(str),
      }),
    ),
  },
  ['name'],
);

const extraVarValue = anyOf('a string, number, boolean, list of strings or { vault: ciphertext }', str, int(-1e12, 1e12), bool, arrayOf(str), vaultSecret);

const components = object<S.ComponentsSpec>({
  certManager: optional(object<S.CertManagerSpec>({ ...toggle, existingClusterIssuer: optional(str) })),
  rookCeph: optional(object<S.RookCephSpec>({ ...toggle, replicaSize: optional(int(1, 10)), useAllDevices: optional(bool), defaultStorageClass: optional(bool) })),
  nexus: optional(object<S.NexusSpec>({ ...toggle, storageSize: optional(str), adminPassword: optional(kubernetesSecretRef), adminPasswordVault: optional(vaultSecret) })),
  registry: optional(object<S.RegistrySpec>({ ...toggle, storageSize: optional(str), storageClass: optional(str) })),
  dashboard: optional(object<S.DashboardSpec>({ ...toggle, adminUser: optional(bool) })),
  keycloak: optional(object<S.KeycloakSpec>({ ...toggle, replicas: optional(int(1, 10)), adminSecretName: optional(str), databaseStorageSize: optional(str) })),
  logging: optional(object<S.LoggingSpec>({ ...toggle, elasticsearchStorageSize: optional(str), elasticsearchNodes: optional(int(1, 50)), apm: optional(bool) })),
  tracing: optional(object<S.TracingSpec>({ ...toggle, retentionDays: optional(int(1, 3650)) })),
  monitoring: optional(
    object<S.MonitoringSpec>({
      ...toggle,
      retention: optional(str),
      retentionSize: optional(str),
      prometheusStorageSize: optional(str),
      alertmanagerStorageSize: optional(str),
      grafanaStorageSize: optional(str),
      grafanaAdminSecretName: optional(str),
    }),
  ),
  graylog: optional(object<S.GraylogSpec>({ ...toggle, mongodbStorageSize: optional(str), elasticsearchStorageSize: optional(str), secretName: optional(str) })),
});

const weekday = oneOf('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun');

const updates = object<S.UpdatesSpec>({
  strategy: optional(oneOf('coordinated', 'off')),
  window: optional(object<S.MaintenanceWindowSpec>({ days: optional(arrayOf(weekday)), start: optional(str), lengthMinutes: optional(int(30, 720)) })),
  lockServiceIp: optional(str),
});

/** The whole ClusterSpec. */
export const clusterSpecShape = object<S.ClusterSpec>(
  {
    name: str,
    domain: str,
    appsDomain: optional(str),
    clusterDomain: optional(str),
    kubernetesVersion: str,
    network: object<S.NodeNetworkSpec>(
      { gateway: str, prefix: int(0, 32), dnsServers: arrayOf(str), searchDomain: optional(str), upstreamDnsServers: optional(arrayOf(str)) },
      ['gateway', 'prefix', 'dnsServers'],
    ),
    nodes: arrayOf(node),
    ssh: object<S.SshSpec>({ user: optional(str), authorizedKeys: arrayOf(str) }, ['authorizedKeys']),
    pki: optional(
      object<S.PkiSpec>(
        { rootCaCertificate: str, rootCaFileName: optional(str), caKeySecretName: optional(str), provisioningPath: optional(str), keyPassword: optional(vaultSecret) },
        ['rootCaCertificate'],
      ),
    ),
    oidc: optional(
      object<S.OidcSpec>(
        {
          realm: optional(str),
          clientId: str,
          usernameClaim: optional(str),
          usernamePrefix: optional(str),
          groupsClaim: optional(str),
          groupsPrefix: optional(str),
          clientSecret: optional(kubernetesSecretRef),
        },
        ['clientId'],
      ),
    ),
    kubespray: optional(
      object<S.KubespraySpec>({
        release: optional(str),
        containerManager: optional(oneOf('crio', 'containerd')),
        networkPlugin: optional(oneOf('calico', 'cilium', 'flannel')),
        apiServerExtraNames: optional(arrayOf(str)),
        extraVars: optional(recordOf(extraVarValue)),
      }),
    ),
    install: object<S.InstallSpec>({ ignitionBaseUrl: str, disk: optional(str), flatcarLegacyIgnition: optional(bool) }, ['ignitionBaseUrl']),
    components: optional(components),
    tenants: optional(arrayOf(tenant)),
    storageClass: optional(str),
    existingStorageClasses: optional(arrayOf(str)),
    updates: optional(updates),
    gitops: optional(object<S.GitOpsSpec>({ repoUrl: str, revision: optional(str), path: optional(str), secretStore: optional(str) }, ['repoUrl'])),
  },
  ['name', 'domain', 'kubernetesVersion', 'network', 'nodes', 'ssh', 'install'],
);
