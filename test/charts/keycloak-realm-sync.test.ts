/**
 * Realm as code that stays in sync: the keycloak-config-cli Job is named by the hash of the realm
 * (a changed realm is a new Job the deploy runs; an unchanged one is the same completed Job), its
 * configuration holds no secret, and the options that protect runtime users and groups are set.
 */
import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { KeycloakDatabase, KeycloakServer } from '../../charts/keycloak';
import { REALM_CLIENT_SECRET_ENV } from '../../charts/keycloak-realm';
import { KeycloakRealmSync } from '../../charts/keycloak-realm-sync';
import { ofKind, render, type K8sObject } from '../helpers/render';
import { lacaveSpec, lacaveWith } from '../helpers/specs';
import { planDeploy } from '../../deploy-gen/plan';
import { renderPlatform } from '../../synth/render';

const keycloak = (r: ReturnType<typeof render>) => r.objectsOf('40-keycloak');
const jobOf = (r: ReturnType<typeof render>) => {
  const jobs = ofKind(keycloak(r), 'Job');
  expect(jobs).toHaveLength(1);
  return jobs[0];
};
const envOf = (job: K8sObject) => job.spec.template.spec.containers[0].env as Array<{ name: string; value?: string; valueFrom?: any }>;

const lacave = render(lacaveSpec());

describe('realm sync Job', () => {
  test('named by the hash of the realm: a realm change (a redirect URI, a tenant) is a new Job; an unchanged spec gives identical output', () => {
    const job = jobOf(lacave);
    expect(job.metadata.name).toMatch(/^login-lacave-realm-sync-[0-9a-f]{10}$/);
    expect(job.metadata.annotations?.['kube-cluster-as-code/realm-sync-hash']).toBe(job.metadata.name.slice(-10));
    // unchanged spec: byte-identical manifests, same Job
    expect(render(lacaveSpec()).files['manifests/40-keycloak.yaml']).toBe(lacave.files['manifests/40-keycloak.yaml']);
    // a tenant adds realm roles
    const withTenant = render(lacaveWith((s) => (s.tenants = [...(s.tenants ?? []), { name: 'team-a' } as any])));
    const realmOf = (r: ReturnType<typeof render>) => ofKind(keycloak(r), 'ConfigMap')[0].data['kubernetes-realm.json'];
    expect(realmOf(withTenant)).not.toBe(realmOf(lacave));
    expect(jobOf(withTenant).metadata.name).not.toBe(job.metadata.name);
    // a host change moves the redirect URIs
    const otherDomain = render(lacaveWith((s) => ((s as any).appsDomain = 'apps.lacave.info')));
    expect(realmOf(otherDomain)).not.toBe(realmOf(lacave));
    expect(jobOf(otherDomain).metadata.name).not.toBe(job.metadata.name);
  });

  test('a change that does not touch the realm keeps the same Job (it does not run again)', () => {
    const moreReplicas = render(lacaveWith((s) => (s.components.keycloak = { ...(s.components.keycloak ?? {}), replicas: 3 } as any)));
    expect(ofKind(keycloak(moreReplicas), 'StatefulSet')[0].spec.replicas).toBe(3);
    expect(jobOf(moreReplicas).metadata.name).toBe(jobOf(lacave).metadata.name);
  });

  test('no plaintext secret: the realm holds a $(env:…) placeholder, every credential of the Job comes from a Secret', () => {
    const job = jobOf(lacave);
    const realm = ofKind(keycloak(lacave), 'ConfigMap')[0].data['kubernetes-realm.json'];
    expect(JSON.parse(realm).clients[0].secret).toBe(`$(env:${REALM_CLIENT_SECRET_ENV})`);
    const env = envOf(job);
    const credentials = env.filter((e) => /PASSWORD|SECRET|USER$/.test(e.name));
    expect(credentials.map((e) => e.name).sort()).toEqual(['KEYCLOAK_PASSWORD', 'KEYCLOAK_USER', REALM_CLIENT_SECRET_ENV].sort());
    for (const e of credentials) expect({ name: e.name, value: e.value, from: Object.keys(e.valueFrom ?? {}) }).toEqual({ name: e.name, value: undefined, from: ['secretKeyRef'] });
    // every $(env:X) placeholder of the realm has its env var in the Job
    for (const [, name] of realm.matchAll(/\$\(env:([A-Z0-9_]+)\)/g)) expect(env.map((e) => e.name)).toContain(name);
  });

  test('the options that protect what the realm file does not describe are set (runtime users, groups, console-made objects)', () => {
    const env = Object.fromEntries(envOf(jobOf(lacave)).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      // only what keycloak-config-cli created itself is ever purged
      IMPORT_REMOTESTATE_ENABLED: 'true',
      // groups hold users' memberships: never deleted
      IMPORT_MANAGED_GROUP: 'no-delete',
      // secrets are substituted from env vars at run time; an undefined one fails the sync
      IMPORT_VARSUBSTITUTION_ENABLED: 'true',
      IMPORT_VARSUBSTITUTION_UNDEFINEDISERROR: 'true',
      KEYCLOAK_AVAILABILITYCHECK_ENABLED: 'true',
      IMPORT_FILES_LOCATIONS: 'file:/config/*',
    });
    expect(env.KEYCLOAK_URL).toBe('http://login-lacave-service.keycloak-system.svc:8080');
    // users are not a managed type: a realm file without `users` never touches them
    const realm = JSON.parse(ofKind(keycloak(lacave), 'ConfigMap')[0].data['kubernetes-realm.json']);
    expect(realm).not.toHaveProperty('users');
    expect(realm).not.toHaveProperty('groups');
  });

  test('Keycloak no longer imports at start-up; the deploy waits for the Job to complete', () => {
    const c = ofKind(keycloak(lacave), 'StatefulSet')[0].spec.template.spec.containers[0];
    expect(c.args).toEqual(['start']);
    const step = planDeploy(lacave.model, renderPlatform(lacave.model)).find((s) => s.type === 'manifest' && s.file === 'manifests/40-keycloak.yaml') as any;
    expect(step.waits).toContainEqual({ apiVersion: 'batch/v1', kind: 'Job', name: jobOf(lacave).metadata.name, namespace: 'keycloak-system', condition: 'Complete' });
  });
});

describe('realm sync Job: Keycloak and the realm are given as objects', () => {
  const build = (realmNamespace: string) => {
    const chart = new Chart(Testing.app(), 'test');
    const database = new KeycloakDatabase(chart, 'db', { name: 'logindb', namespace: 'kc', storageClass: 'sc', storageSize: '1Gi', exporterServiceName: 'logindb-exporter', exporterServiceLabels: {} });
    const keycloak = new KeycloakServer(chart, 'kc', { name: 'login', serviceName: 'login-svc', replicas: 1, host: 'login.example.org', database, adminSecretName: 'admin' });
    const realm = new k8s.KubeConfigMap(chart, 'realm', { metadata: { name: 'the-realm', namespace: realmNamespace }, data: { 'r-realm.json': '{}' } });
    new KeycloakRealmSync(chart, 'sync', { keycloak, realm, namePrefix: 'sync', adminSecretName: 'admin', secretEnv: {} });
    return chart.toJson() as K8sObject[];
  };

  test("the Job runs in Keycloak's namespace, calls its Service and mounts the ConfigMap; Keycloak reads PGO's Secret of its database", () => {
    const objects = build('kc');
    const job = ofKind(objects, 'Job')[0];
    expect(job.metadata.namespace).toBe('kc');
    expect(envOf(job).find((e) => e.name === 'KEYCLOAK_URL')!.value).toBe('http://login-svc.kc.svc:8080');
    expect(job.spec.template.spec.volumes).toEqual([{ name: 'realm', configMap: { name: 'the-realm' } }]);
    const keycloakEnv = ofKind(objects, 'StatefulSet')[0].spec.template.spec.containers[0].env as Array<{ name: string; valueFrom?: any }>;
    expect(keycloakEnv.find((e) => e.name === 'KC_DB_PASSWORD')!.valueFrom.secretKeyRef).toEqual({ name: 'logindb-pguser-keycloak', key: 'password' });
  });

  test("a realm ConfigMap outside Keycloak's namespace is refused (the Job could not mount it)", () => {
    expect(() => build('elsewhere')).toThrow("ConfigMap the-realm must be in Keycloak's namespace kc");
  });
});
