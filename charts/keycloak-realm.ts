/**
 * The `kubernetes` realm of seed 000 as code: what the seed configures by clicking (client,
 * audience scope, groups mapper, realm roles) generated from the model, and kept in sync with the
 * running Keycloak by keycloak-config-cli (`keycloak-realm-sync.ts`). Only the subset of Keycloak's
 * RealmRepresentation we set is typed. It declares no `users`: users are made at run time and the
 * sync never touches them.
 */
import type { ClusterModel } from '../clusters/model';
import { envPlaceholder } from './keycloak-realm-sync';

/** Env var the realm sync Job gets from the client secret's Secret; the realm file holds only its placeholder. */
export const REALM_CLIENT_SECRET_ENV = 'OIDC_CLIENT_SECRET';

/**
 * Lifetime of access and ID tokens (Keycloak's default, and the reference realm's
 * `accessTokenLifespan`): Headlamp refreshes a user's token with the refresh token when it runs out.
 */
export const ACCESS_TOKEN_LIFESPAN_SECONDS = 300;

/** Redirect URI of kubelogin on the admin's workstation (its default port 8000), as in the reference realm. */
export const KUBELOGIN_REDIRECT_ORIGIN = 'http://localhost:8000';

export interface ProtocolMapperRepresentation {
  readonly name: string;
  readonly protocol: 'openid-connect';
  readonly protocolMapper: string;
  readonly consentRequired: false;
  readonly config: Readonly<Record<string, string>>;
}

export interface ClientScopeRepresentation {
  readonly name: string;
  readonly description: string;
  readonly protocol: 'openid-connect';
  readonly attributes: Readonly<Record<string, string>>;
  readonly protocolMappers: readonly ProtocolMapperRepresentation[];
}

export interface ClientRepresentation {
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  readonly enabled: true;
  readonly protocol: 'openid-connect';
  readonly publicClient: false;
  readonly clientAuthenticatorType: 'client-secret';
  /** A `$(env:NAME)` placeholder resolved by keycloak-config-cli at run time: never the secret itself. */
  readonly secret: string;
  readonly standardFlowEnabled: true;
  readonly directAccessGrantsEnabled: boolean;
  readonly redirectUris: readonly string[];
  readonly webOrigins: readonly string[];
  readonly fullScopeAllowed: true;
  readonly defaultClientScopes: readonly string[];
  readonly optionalClientScopes: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
}

export interface RoleRepresentation {
  readonly name: string;
  readonly description: string;
  readonly composite: false;
}

export interface RealmRepresentation {
  readonly realm: string;
  readonly displayName: string;
  readonly enabled: true;
  readonly sslRequired: 'external';
  readonly accessTokenLifespan: number;
  readonly bruteForceProtected: boolean;
  readonly failureFactor: number;
  readonly loginWithEmailAllowed: boolean;
  readonly eventsEnabled: boolean;
  readonly adminEventsEnabled: boolean;
  readonly roles: { readonly realm: readonly RoleRepresentation[] };
  readonly clientScopes: readonly ClientScopeRepresentation[];
  readonly defaultDefaultClientScopes: readonly string[];
  readonly defaultOptionalClientScopes: readonly string[];
  readonly clients: readonly ClientRepresentation[];
}

const claim = (claimName: string, jsonType: string, extra: Record<string, string>): Record<string, string> => ({
  'claim.name': claimName,
  'jsonType.label': jsonType,
  'id.token.claim': 'true',
  'access.token.claim': 'true',
  'userinfo.token.claim': 'true',
  'introspection.token.claim': 'true',
  ...extra,
});

/**
 * Builds the realm. The realm declares its client scopes, so Keycloak does not add its built-in
 * ones (Keycloak creates them only for a realm file without `clientScopes`): the `basic` scope
 * (`sub`) is declared here, and the audience scope carries every claim the API server, the
 * Headlamp and kubelogin read (audience, user name, e-mail, groups).
 */
export function buildRealm(model: ClusterModel): RealmRepresentation {
  const oidc = model.oidc;
  if (!oidc) throw new Error(`cluster ${model.name}: the Keycloak realm needs an 'oidc' section in the spec`);
  const audienceScope = model.names.keycloak.audienceScope;
  const dashboard = `https://${model.hosts.dashboard}`;

  const roles: RoleRepresentation[] = [
    { name: oidc.clusterAdminRole, description: `Administrators of the Kubernetes cluster ${model.name}`, composite: false },
  ];
  for (const t of model.tenants) {
    roles.push(
      { name: t.groups.admin, description: `Administrators of namespace ${t.name}`, composite: false },
      { name: t.groups.edit, description: `Developers of namespace ${t.name}`, composite: false },
      { name: t.groups.view, description: `Read-only access to namespace ${t.name}`, composite: false },
    );
  }

  const basic: ClientScopeRepresentation = {
    name: 'basic',
    description: 'OpenID Connect scope for add all basic claims to the token',
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
    protocolMappers: [
      { name: 'sub', protocol: 'openid-connect', protocolMapper: 'oidc-sub-mapper', consentRequired: false, config: { 'access.token.claim': 'true', 'introspection.token.claim': 'true' } },
      {
        name: 'auth_time',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usersessionmodel-note-mapper',
        consentRequired: false,
        config: claim('auth_time', 'long', { 'user.session.note': 'AUTH_TIME' }),
      },
    ],
  };

  const audience: ClientScopeRepresentation = {
    name: audienceScope,
    description: `Tokens for the Kubernetes API of ${model.name}: audience, user name, e-mail and groups`,
    protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'true' },
    protocolMappers: [
      {
        name: audienceScope,
        protocol: 'openid-connect',
        protocolMapper: 'oidc-audience-mapper',
        consentRequired: false,
        config: { 'included.client.audience': oidc.clientId, 'id.token.claim': 'true', 'access.token.claim': 'true', 'introspection.token.claim': 'true' },
      },
      {
        name: 'username',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usermodel-attribute-mapper',
        consentRequired: false,
        config: claim(oidc.usernameClaim, 'String', { 'user.attribute': 'username' }),
      },
      {
        name: 'email',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usermodel-attribute-mapper',
        consentRequired: false,
        config: claim('email', 'String', { 'user.attribute': 'email' }),
      },
      {
        name: 'email verified',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usermodel-property-mapper',
        consentRequired: false,
        config: claim('email_verified', 'boolean', { 'user.attribute': 'emailVerified' }),
      },
      {
        // The seed's "groups" builtin: realm roles, flat, in the groups claim the API server reads.
        name: 'groups',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usermodel-realm-role-mapper',
        consentRequired: false,
        config: claim(oidc.groupsClaim, 'String', { multivalued: 'true' }),
      },
    ],
  };

  const client: ClientRepresentation = {
    clientId: oidc.clientId,
    name: oidc.clientId,
    description: `Kubernetes cluster ${model.name}`,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    secret: envPlaceholder(REALM_CLIENT_SECRET_ENV),
    standardFlowEnabled: true,
    directAccessGrantsEnabled: false,
    // Headlamp's callback exactly (no wildcard on the dashboard host), and kubelogin's.
    redirectUris: [model.names.dashboard.oidcCallbackUrl, `${KUBELOGIN_REDIRECT_ORIGIN}/*`],
    webOrigins: [dashboard, KUBELOGIN_REDIRECT_ORIGIN],
    fullScopeAllowed: true,
    defaultClientScopes: ['basic', audienceScope],
    optionalClientScopes: ['offline_access'],
    attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': `${dashboard}/*` },
  };

  return {
    realm: oidc.realm,
    displayName: `Kubernetes ${model.name}`,
    enabled: true,
    sslRequired: 'external',
    accessTokenLifespan: ACCESS_TOKEN_LIFESPAN_SECONDS,
    // keycloak.yml of the reference inventory.
    bruteForceProtected: true,
    failureFactor: 10,
    loginWithEmailAllowed: false,
    eventsEnabled: true,
    adminEventsEnabled: true,
    roles: { realm: roles },
    clientScopes: [basic, audience],
    defaultDefaultClientScopes: ['basic', audienceScope],
    defaultOptionalClientScopes: ['offline_access'],
    clients: [client],
  };
}
