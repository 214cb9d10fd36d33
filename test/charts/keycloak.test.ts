/**
 * Keycloak (charts/keycloak.ts) and its realm as code (charts/keycloak-realm.ts): the Keycloak 26
 * settings, the seed realm, the client secret by reference. The realm sync Job is in
 * keycloak-realm-sync.test.ts; the realm's agreement with every OIDC consumer in oidc.test.ts.
 */
import { specIssues } from '../../clusters/model';
import { versions } from '../../clusters/model/versions';
import { buildRealm, REALM_CLIENT_SECRET_ENV } from '../../charts/keycloak-realm';
import { ofKind, render } from '../helpers/render';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('40-keycloak', () => expect(lacave.files['manifests/40-keycloak.yaml']).toMatchSnapshot());
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
