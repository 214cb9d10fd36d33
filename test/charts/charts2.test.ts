/**
 * Charts II: Keycloak + realm, OIDC wiring, ECK logging, Jaeger, monitoring, Graylog; the Helm
 * install script goes through shellcheck. Their custom resources are validated against the pinned
 * CRDs with every other chart's, in charts1-tools.test.ts.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { specIssues } from '../../clusters/model';
import { versions } from '../../clusters/model/versions';
import { buildRealm, REALM_CLIENT_SECRET_ENV } from '../../charts/keycloak-realm';
import { ANSIBLE_TAGS, ofKind, render } from '../helpers/render';
import { requireTool } from '../helpers/require-tool';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const MY_CHARTS = ['40-keycloak', '41-oidc', '50-logging', '51-tracing', '52-monitoring', '53-graylog'];

const lacave = render(lacaveSpec());
const mine = MY_CHARTS.flatMap((c) => lacave.objectsOf(c));

describe('per-chart snapshots', () => {
  for (const chart of MY_CHARTS) test(chart, () => expect(lacave.files[`manifests/${chart}.yaml`]).toMatchSnapshot());
  test('helm values, install script, kubeconfig, graylog inputs', () => {
    const other = Object.keys(lacave.files).filter((p) => /^(helm|graylog)\/|^kubeconfig-oidc\.yaml$/.test(p)).sort();
    expect(other).toEqual([
      'graylog/inputs/beats.json',
      'graylog/inputs/gelf-tcp.json',
      'graylog/inputs/gelf-udp.json',
      'helm/install.sh',
      'helm/kube-prometheus-stack.values.yaml',
      'kubeconfig-oidc.yaml',
    ]);
    for (const p of other) expect(lacave.files[p]).toMatchSnapshot(p);
  });
});

describe('OIDC settings agree everywhere', () => {
  const check = (spec: unknown) => {
    const r = render(spec);
    const oidc = r.model.oidc!;
    const realm = buildRealm(r.model);
    // Keycloak serves <KC_HOSTNAME>/realms/<realm>: that is the issuer every consumer must use.
    const kc = ofKind(r.objectsOf('40-keycloak'), 'StatefulSet')[0].spec.template.spec.containers[0];
    const kcHostname = kc.env.find((e: any) => e.name === 'KC_HOSTNAME').value;
    const served = `${kcHostname}/realms/${realm.realm}`;
    expect(oidc.issuerUrl).toBe(served);

    // realm: client, audience for the client, claims
    const client = realm.clients.find((c) => c.clientId === oidc.clientId)!;
    expect(client).toBeDefined();
    const mappers = realm.clientScopes.flatMap((s) => s.protocolMappers);
    expect(mappers.find((m) => m.protocolMapper === 'oidc-audience-mapper')!.config['included.client.audience']).toBe(oidc.clientId);
    expect(mappers.find((m) => m.name === 'groups')!.config['claim.name']).toBe(oidc.groupsClaim);
    expect(mappers.find((m) => m.name === 'username')!.config['claim.name']).toBe(oidc.usernameClaim);
    // Headlamp's exact callback on the dashboard host, no wildcard
    expect(client.redirectUris).toContain(`https://${r.model.hosts.dashboard}/oidc-callback`);
    expect(client.redirectUris).not.toContain(`https://${r.model.hosts.dashboard}/*`);

    // inventory: Kubespray's kube_oidc_* (the API server's side)
    const clusterVars = Object.entries(r.files).filter(([p]) => /^inventory\/group_vars\/k8s[_-]cluster\/k8s-cluster\.yml$/.test(p));
    expect(clusterVars).toHaveLength(1);
    const vars = parse(clusterVars[0][1], { customTags: ANSIBLE_TAGS });
    expect(vars.kube_oidc_url).toBe(served);
    expect(vars.kube_oidc_client_id).toBe(oidc.clientId);
    expect(vars.kube_oidc_username_claim).toBe(oidc.usernameClaim);
    expect(vars.kube_oidc_username_prefix).toBe(oidc.usernamePrefix);
    expect(vars.kube_oidc_groups_claim).toBe(oidc.groupsClaim);
    expect(vars.kube_oidc_groups_prefix).toBe(oidc.groupsPrefix);

    // Headlamp logs in with the same issuer and client the API server trusts (its ID token goes
    // to the API server), at a callback the realm lists, with scopes the client has, with PKCE as
    // the client requires, and the client secret from the spec's Secret (never an argument).
    const headlamp = ofKind(r.objectsOf('60-dashboard'), 'Deployment', 'headlamp')[0].spec.template.spec;
    const hl = headlamp.containers[0];
    const arg = (flag: string) => hl.args.filter((a: string) => a.startsWith(`-${flag}=`)).map((a: string) => a.slice(flag.length + 2));
    expect(arg('oidc-idp-issuer-url')).toEqual([vars.kube_oidc_url]);
    expect(arg('oidc-client-id')).toEqual([vars.kube_oidc_client_id]);
    expect(client.redirectUris).toContain(arg('oidc-callback-url')[0]);
    const clientScopes = [...client.defaultClientScopes, ...client.optionalClientScopes];
    for (const scope of arg('oidc-scopes')[0].split(',')) expect(clientScopes).toContain(scope);
    expect(client.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(hl.args).toContain('-oidc-use-pkce');
    expect(hl.args.filter((a: string) => /secret/i.test(a))).toEqual([]);
    expect(hl.env).toEqual([{ name: 'HEADLAMP_CONFIG_OIDC_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: oidc.clientSecret.secretName, key: oidc.clientSecret.key } } }]);
    // Keycloak's certificate is checked against the cluster CA (ca.crt of a cluster-CA Certificate's Secret)
    const caFile = arg('oidc-ca-file')[0];
    const mount = hl.volumeMounts.find((m: any) => caFile.startsWith(`${m.mountPath}/`));
    const volume = headlamp.volumes.find((v: any) => v.name === mount.name);
    expect(volume.secret.items).toEqual([{ key: 'ca.crt', path: caFile.slice(mount.mountPath.length + 1) }]);
    const caCert = ofKind(r.objects, 'Certificate').find((c) => c.spec.secretName === volume.secret.secretName && c.metadata.namespace === 'kube-system');
    expect(caCert!.spec.issuerRef.name).toBe(r.model.names.caIssuer);
    // no OIDC proxy any more
    expect(r.objects.filter((o) => /oauth2-proxy/.test(JSON.stringify(o)))).toEqual([]);

    // ClusterRoleBinding: the prefixed group of a realm role
    const crb = ofKind(r.objectsOf('41-oidc'), 'ClusterRoleBinding', 'oidc-cluster-admin')[0];
    expect(crb.roleRef.name).toBe('cluster-admin');
    expect(crb.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `${oidc.groupsPrefix}cluster-admin` }]);
    const roles = realm.roles.realm.map((x) => x.name);
    expect(roles).toContain(crb.subjects[0].name.slice(oidc.groupsPrefix.length));
    // tenants' RoleBindings name realm roles too
    for (const rb of ofKind(r.objectsOf('70-tenants'), 'RoleBinding')) {
      const group = rb.subjects[0].name as string;
      expect(group.startsWith(oidc.groupsPrefix)).toBe(true);
      expect(roles).toContain(group.slice(oidc.groupsPrefix.length));
    }

    // kubeconfig for kubelogin
    const kubeconfig = parse(r.files['kubeconfig-oidc.yaml']!);
    const exec = kubeconfig.users[0].user.exec;
    expect(exec.apiVersion).toBe('client.authentication.k8s.io/v1');
    expect(exec.args).toEqual(['oidc-login', 'get-token', `--oidc-issuer-url=${served}`, `--oidc-client-id=${oidc.clientId}`]);
    return r;
  };
  test('lacave', () => {
    check(lacaveSpec());
  });
  test('a spec with another realm, claims and prefixes', () => {
    const r = check(
      lacaveWith((s) => {
        s.oidc = { realm: 'corp', clientId: 'k8s-prod', usernameClaim: 'email', groupsClaim: 'roles', groupsPrefix: 'kc:', usernamePrefix: 'kc:' };
        s.tenants = [{ name: 'team-a' }, { name: 'team-b', adminGroup: 'b-admins' }];
      }),
    );
    expect(r.model.oidc!.issuerUrl).toBe('https://login.kube.lacave.info/realms/corp');
    expect(buildRealm(r.model).roles.realm.map((x) => x.name)).toEqual(['cluster-admin', 'team-a-namespace-admin', 'team-a-namespace-edit', 'team-a-namespace-view', 'b-admins', 'team-b-namespace-edit', 'team-b-namespace-view']);
  });
});

describe('the realm as code', () => {
  const realm = buildRealm(lacave.model);
  test('the seed realm: confidential client, audience scope, roles', () => {
    expect(realm.realm).toBe('kubernetes');
    const client = realm.clients[0];
    expect(client).toMatchObject({ clientId: 'kubelacave', publicClient: false, clientAuthenticatorType: 'client-secret' });
    expect(client.webOrigins).toContain('https://dashboard.kube.lacave.info');
    expect(client.defaultClientScopes).toContain('kube-lacave-audience');
    expect(realm.clientScopes.map((s) => s.name)).toEqual(['basic', 'kube-lacave-audience']);
    expect(realm.roles.realm.map((r) => r.name)).toEqual(['cluster-admin', 'default-namespace-admin', 'default-namespace-edit', 'default-namespace-view']);
  });
  test('the client secret is a placeholder fed by the Secret reference (to the realm sync Job, not Keycloak)', () => {
    expect(realm.clients[0].secret).toBe(`$(env:${REALM_CLIENT_SECRET_ENV})`);
    const sts = ofKind(lacave.objectsOf('40-keycloak'), 'StatefulSet')[0];
    const c = sts.spec.template.spec.containers[0];
    expect(c.env.find((e: any) => e.name === REALM_CLIENT_SECRET_ENV)).toBeUndefined();
    expect(c.args).toEqual(['start']);
    const job = ofKind(lacave.objectsOf('40-keycloak'), 'Job')[0];
    expect(job.spec.template.spec.containers[0].env.find((e: any) => e.name === REALM_CLIENT_SECRET_ENV)).toEqual({
      name: REALM_CLIENT_SECRET_ENV,
      valueFrom: { secretKeyRef: { name: 'kubelacave-oidc-client', key: 'client-secret' } },
    });
    const cm = ofKind(lacave.objectsOf('40-keycloak'), 'ConfigMap')[0];
    expect(JSON.parse(cm.data['kubernetes-realm.json'])).toEqual(JSON.parse(JSON.stringify(realm)));
  });
  test('Keycloak 26 settings: database from the PGO Secret, jdbc-ping, management port probes', () => {
    const c = ofKind(lacave.objectsOf('40-keycloak'), 'StatefulSet', 'login-lacave')[0].spec.template.spec.containers[0];
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom.secretKeyRef]));
    expect(env).toMatchObject({
      KC_DB: 'postgres',
      KC_HOSTNAME: 'https://login.kube.lacave.info',
      KC_PROXY_HEADERS: 'xforwarded',
      KC_CACHE_STACK: 'jdbc-ping',
      KC_DB_PASSWORD: { name: 'loginlacavecluster-pguser-keycloak', key: 'password' },
      KC_BOOTSTRAP_ADMIN_PASSWORD: { name: 'keycloak-admin', key: 'password' },
    });
    expect(c.image).toBe(`quay.io/keycloak/keycloak:${versions.keycloak}`);
    for (const p of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(c[p].httpGet.port).toBe(9000);
  });
  test('Keycloak without an oidc section is refused with the fix', () => {
    const issues = specIssues(lacaveWith((s) => delete s.oidc));
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([expect.stringMatching(/^components\.keycloak\.enabled: .*add an 'oidc' section/)]);
    expect(specIssues(lacaveWith((s) => { delete s.oidc; s.components.keycloak = { enabled: false }; }))).toEqual([]);
  });
});

describe('no plaintext secret reaches dist/', () => {
  const planted = lacaveWith((s) => {
    s.oidc.clientSecret = { secretName: 'planted-oidc-zq7', key: 'planted-key-zq7' };
    s.components.keycloak = { adminSecretName: 'planted-kc-admin-zq7' };
    s.components.monitoring = { grafanaAdminSecretName: 'planted-grafana-zq7' };
    s.components.graylog = { secretName: 'planted-graylog-zq7' };
    s.components.nexus.adminPasswordVault = { vault: '$ANSIBLE_VAULT;1.2;AES256;lacave\n6162636465666768717a37717a37717a37\n' };
  });
  const r = render(planted);
  const all = Object.entries(r.files);
  // Plaintexts of the reference (keycloak-gatekeeper args, Grafana values, MongoDB values) and of seed 000.
  const KNOWN_PLAINTEXTS = ['LeClientSecretGenereParKeycloak', '673ff5f9ea254d0ea89dc3cc0d8ea26a', 'prom-operator', 'ASDESERSaswaASDwqfasda', 'client-secret-de-kube-api'];

  test('the planted vault ciphertext appears nowhere but the inventory', () => {
    for (const [p, c] of all) if (!p.startsWith('inventory/')) expect([p, c.includes('6162636465666768717a37717a37717a37')]).toEqual([p, false]);
  });
  test('the reference plaintexts appear nowhere', () => {
    for (const [p, c] of all) for (const s of KNOWN_PLAINTEXTS) expect([p, s, c.includes(s)]).toEqual([p, s, false]);
  });
  test('the planted Secret names are used, by reference only', () => {
    const text = all.map(([, c]) => c).join('\n');
    for (const n of ['planted-oidc-zq7', 'planted-kc-admin-zq7', 'planted-grafana-zq7', 'planted-graylog-zq7']) expect(text).toContain(n);
    const secrets = r.objects.filter((o) => o.kind === 'Secret');
    for (const s of secrets) expect([s.metadata.name, s.data, s.stringData]).toEqual([s.metadata.name, undefined, undefined]);
  });
  test('every secret-looking env var of every container reads a Secret', () => {
    const containers = r.objects.flatMap((o) => {
      const spec = o.spec?.template?.spec ?? o.spec?.daemonSet?.podTemplate?.spec ?? o.spec?.podTemplate?.spec;
      return spec?.containers ?? [];
    });
    const envs = containers.flatMap((c: any) => c.env ?? []);
    expect(envs.length).toBeGreaterThan(10);
    for (const e of envs.filter((e: any) => /PASSWORD|SECRET|TOKEN/.test(e.name))) expect([e.name, e.value]).toEqual([e.name, undefined]);
    for (const c of containers) for (const a of c.args ?? []) expect(a).not.toMatch(/-(client|cookie)-secret=/);
  });
  test('Helm values carry no password, only Secret names', () => {
    const walk = (v: unknown, at: string, found: string[]) => {
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
        if (/^(password|adminPassword|rootPassword|passwords)$/i.test(k)) found.push(`${at}.${k}`);
        walk(x, `${at}.${k}`, found);
      }
      return found;
    };
    for (const [p, c] of all.filter(([p]) => p.startsWith('helm/') && p.endsWith('.yaml'))) expect([p, walk(parse(c), '', [])]).toEqual([p, []]);
    const grafana = parse(r.files['helm/kube-prometheus-stack.values.yaml']!).grafana;
    expect(grafana.admin).toEqual({ existingSecret: 'planted-grafana-zq7', userKey: 'admin-user', passwordKey: 'admin-password' });
  });
});

describe('workloads and objects we author', () => {
  const workloads = mine.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
  test('pinned images, requests/limits, probes, non-root', () => {
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(['lacave-graylog', 'lacave-graylog-datanode', 'lacave-graylog-mongodb', 'lacave-jaeger', 'login-lacave']);
    for (const w of workloads) {
      const pod = w.spec.template.spec;
      // The Graylog Data Node image's entrypoint prepares its data folder as root, then drops to its
      // user (setpriv): root with only the capabilities that needs.
      if (w.metadata.name === 'lacave-graylog-datanode') expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID'] });
      else expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of pod.containers) {
        expect(c.image).toMatch(/:[\w.-]+$/);
        expect(c.image).not.toMatch(/:latest$/);
        expect(c.resources.requests.memory).toBeDefined();
        expect(c.resources.limits.memory).toBeDefined();
        expect(c.livenessProbe).toBeDefined();
        expect(c.readinessProbe).toBeDefined();
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      }
    }
    // Operator-managed pods get their resources from our templates.
    for (const kind of ['Elasticsearch', 'Kibana', 'ApmServer']) {
      const o = ofKind(mine, kind)[0];
      const tpl = kind === 'Elasticsearch' ? o.spec.nodeSets[0].podTemplate : o.spec.podTemplate;
      expect(tpl.spec.containers[0].resources.limits.memory).toBeDefined();
    }
  });
  test('recommended labels on every object', () => {
    for (const o of mine) expect(o.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'lacave', 'app.kubernetes.io/managed-by': 'kube-cluster-as-code', 'app.kubernetes.io/name': expect.any(String) });
  });
  test('no object is written twice (kind, namespace, name) across all manifests', () => {
    const keys = lacave.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
  test('cluster-scoped objects carry no namespace', () => {
    for (const o of ofKind(mine, 'Namespace').concat(ofKind(mine, 'ClusterRole'), ofKind(mine, 'ClusterRoleBinding'))) expect(o.metadata.namespace).toBeUndefined();
  });
  test('the Helm values make no Ingress: the platform Gateway routes to their Services', () => {
    expect(parse(lacave.files['helm/kube-prometheus-stack.values.yaml']!).grafana.ingress).toEqual({ enabled: false });
    for (const c of ofKind(mine, 'Certificate')) expect(c.spec.issuerRef).toEqual({ name: 'ca-lacave-issuer', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });
  test('every volume is on the cluster storage class', () => {
    const text = [...MY_CHARTS.map((c) => lacave.files[`manifests/${c}.yaml`]!), ...Object.entries(lacave.files).filter(([p]) => p.startsWith('helm/')).map(([, c]) => c)].join('\n');
    const classes = [...text.matchAll(/storageClass(?:Name)?: (\S+)/g)].map((m) => m[1]);
    expect(classes.length).toBeGreaterThanOrEqual(9);
    expect(new Set(classes)).toEqual(new Set(['rook-ceph-block']));
  });
  test('hosts come from the apps domain', () => {
    const hosts = ofKind(mine, 'HTTPRoute').flatMap((i) => i.spec.hostnames).sort();
    expect(hosts).toEqual(['grafana.kube.lacave.info', 'graylog.kube.lacave.info', 'jaeger.kube.lacave.info', 'kibana.kube.lacave.info', 'login.kube.lacave.info']);
  });
});

describe('Helm releases', () => {
  test('pinned versions of the versions module, reference release names', () => {
    const script = lacave.files['helm/install.sh']!;
    const lines = script.split('\n').filter((l) => l.startsWith('helm upgrade'));
    expect(lines.map((l) => l.split(' ').slice(3, 8))).toEqual([
      ['lacave-prom', 'prometheus-community/kube-prometheus-stack', '--version', versions.kubePrometheusStackChart, '--namespace'],
    ]);
    expect(lacave.output.find((f) => f.path === 'helm/install.sh')!.mode).toBe(0o755);
  });
  test('kube-prometheus-stack values follow the spec', () => {
    const r = render(lacaveWith((s) => (s.components.monitoring = { retention: '30d', retentionSize: '90GiB', prometheusStorageSize: '120Gi' })));
    const v = parse(r.files['helm/kube-prometheus-stack.values.yaml']!);
    expect(v.prometheus.prometheusSpec).toMatchObject({ retention: '30d', retentionSize: '90GiB', serviceMonitorSelectorNilUsesHelmValues: false });
    expect(v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe('120Gi');
  });
  test('graylog inputs: the seed ports, the same on the Services and in the API bodies', () => {
    const services = ofKind(mine, 'Service').filter((s) => /^lacave-graylog-(tcp|udp)$/.test(s.metadata.name));
    const fromValues = services.flatMap((s) => s.spec.ports.map((p: any) => `${p.name}:${p.port}`)).sort();
    const fromApi = ['gelf-tcp', 'gelf-udp', 'beats'].map((t) => JSON.parse(lacave.files[`graylog/inputs/${t}.json`]!)).map((b) => `${b.title}:${b.configuration.port}`).sort();
    expect(fromValues).toEqual(['beats:5061', 'gelf-tcp:12222', 'gelf-udp:12231']);
    expect(fromApi).toEqual(fromValues);
  });
  test('install.sh passes shellcheck', () => {
    if (!requireTool('shellcheck', 'helm/install.sh')) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-'));
    const file = path.join(dir, 'install.sh');
    fs.writeFileSync(file, lacave.files['helm/install.sh']!);
    execFileSync('shellcheck', ['-s', 'sh', file]);
  });
});

describe('switched-off components', () => {
  test('no charts, no files for them', () => {
    const r = render(lacaveWith((s) => (s.components = { ...s.components, logging: { enabled: false }, tracing: { enabled: false }, monitoring: { enabled: false }, graylog: { enabled: false }, keycloak: { enabled: false } })));
    const paths = Object.keys(r.files);
    expect(paths.filter((p) => /manifests\/(40|5\d)-/.test(p) || p.startsWith('helm/') || p.startsWith('graylog/'))).toEqual([]);
    expect(paths).toContain('manifests/41-oidc.yaml');
  });
});
