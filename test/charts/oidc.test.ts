/**
 * OIDC (charts/oidc.ts): one issuer, client and claim set agreed by Keycloak's realm, the API
 * server (Kubespray's kube_oidc_*), Headlamp, the ClusterRoleBindings, the tenants' RoleBindings
 * and the kubelogin kubeconfig.
 */
import { parse } from 'yaml';
import { buildRealm } from '../../charts/keycloak-realm';
import { ANSIBLE_TAGS, ofKind, render, type Rendered } from '../helpers/render';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('41-oidc', () => expect(lacave.files['manifests/41-oidc.yaml']).toMatchSnapshot());
  test('kubeconfig-oidc.yaml', () => {
    expect(Object.keys(lacave.files).filter((p) => p === 'kubeconfig-oidc.yaml')).toEqual(['kubeconfig-oidc.yaml']);
    expect(lacave.files['kubeconfig-oidc.yaml']).toMatchSnapshot('kubeconfig-oidc.yaml');
  });
});

describe('OIDC settings agree everywhere', () => {
  const check = (r: Rendered) => {
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
    check(lacave);
  });
  test('a spec with another realm, claims and prefixes', () => {
    const r = check(
      render(lacaveWith((s) => {
        s.oidc = { realm: 'corp', clientId: 'k8s-prod', usernameClaim: 'email', groupsClaim: 'roles', groupsPrefix: 'kc:', usernamePrefix: 'kc:' };
        s.tenants = [{ name: 'team-a' }, { name: 'team-b', adminGroup: 'b-admins' }];
      })),
    );
    expect(r.model.oidc!.issuerUrl).toBe('https://login.kube.lacave.info/realms/corp');
    expect(buildRealm(r.model).roles.realm.map((x) => x.name)).toEqual(['cluster-admin', 'team-a-namespace-admin', 'team-a-namespace-edit', 'team-a-namespace-view', 'b-admins', 'team-b-namespace-edit', 'team-b-namespace-view']);
  });
});
