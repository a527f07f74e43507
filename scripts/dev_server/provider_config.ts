/**
 * The oidc-provider configuration of the dev server: clients, features, lifetimes, routes.
 *
 * @module
 */

import {
  renderError,
  successSource,
  userCodeConfirmSource,
  userCodeInputSource,
} from "./device_pages.ts";
import type { ProviderAdapter } from "./memory_adapter.ts";
import type { PrivateJwks } from "./signing_keys.ts";

/** Endpoint paths, named as oidc-provider's `routes` option names them. */
export interface RoutePaths {
  authorization: string;
  token: string;
  device_authorization: string;
  code_verification: string;
  revocation: string;
  userinfo: string;
  introspection: string;
  jwks: string;
  end_session: string;
}

/** oidc-provider 9's default paths, spelled out so the middlewares know where to look. */
export const STANDARD_ROUTES: RoutePaths = {
  authorization: "/auth",
  token: "/token",
  device_authorization: "/device/auth",
  code_verification: "/device",
  revocation: "/token/revocation",
  userinfo: "/me",
  introspection: "/token/introspection",
  jwks: "/jwks",
  end_session: "/session/end",
};

/** The AuthGate server's layout (see upstream-behaviour.md, "The AuthGate server"). */
export const AUTHGATE_ROUTES: RoutePaths = {
  authorization: "/oauth/authorize",
  token: "/oauth/token",
  device_authorization: "/oauth/device/code",
  code_verification: "/device",
  revocation: "/oauth/revoke",
  userinfo: "/oauth/userinfo",
  introspection: "/oauth/introspect",
  jwks: "/oauth/jwks",
  end_session: "/oauth/logout",
};

/** The default public client's id. */
export const DEFAULT_CLIENT_ID = "authgate-cli-test";

/**
 * Loopback redirect URIs of the public clients. The client is "native", so oidc-provider
 * accepts each of them with any port (RFC 8252 7.3), which is how the CLI's loopback listener
 * on a random port matches.
 */
export const LOOPBACK_REDIRECT_URIS = [
  "http://127.0.0.1/callback",
  "http://localhost/callback",
  "http://[::1]/callback",
];

const GRANT_TYPES = [
  "urn:ietf:params:oauth:grant-type:device_code",
  "authorization_code",
  "refresh_token",
];

/** Audience (and resource indicator) of JWT access tokens. */
export const JWT_RESOURCE = "urn:authgate:api";

/** The scope machine clients may get (Client Credentials); person clients are not limited. */
export const MACHINE_SCOPE = "api:read";

const SCOPES = ["openid", "email", "profile", "offline_access", MACHINE_SCOPE];

/** A client with a secret, and how it must send it. */
export interface ConfidentialClient {
  id: string;
  secret: string;
  /** Default client_secret_basic. */
  authMethod?: "client_secret_basic" | "client_secret_post";
}

/** What the configuration depends on. */
export interface ProviderSettings {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  deviceCodeTtl: number;
  jwtAccessTokens: boolean;
  routes: RoutePaths;
  publicClientIds: string[];
  confidentialClients: ConfidentialClient[];
  machineClients: ConfidentialClient[];
  jwks: PrivateJwks;
  adapter: (model: string) => ProviderAdapter;
}

/** Builds the configuration object passed to `new Provider(issuer, configuration)`. */
export function buildProviderConfiguration(settings: ProviderSettings): Record<string, unknown> {
  const clients = [
    ...settings.publicClientIds.map((id) => clientMetadata(id)),
    ...settings.confidentialClients.map((c) => clientMetadata(c.id, c)),
    ...settings.machineClients.map(machineClientMetadata),
  ];
  return {
    adapter: settings.adapter,
    jwks: settings.jwks,
    clients,
    routes: settings.routes,
    scopes: SCOPES,
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount,
    // The default 15 s tolerance lets an expired access token pass userinfo/introspection.
    clockTolerance: 0,
    cookies: { keys: ["authgate-dev-server-cookie-key"] },
    pkce: { required: () => true },
    // By default oidc-provider wants offline_access too; AuthGate issues refresh tokens to
    // any client allowed the grant. Rotation for public clients stays the default.
    issueRefreshToken: (_ctx: unknown, client: ClientModel) =>
      client.grantTypeAllowed("refresh_token"),
    // Lifetimes are all given as numbers: oidc-provider's default functions print a NOTICE.
    ttl: {
      AccessToken: settings.accessTokenTtl,
      AuthorizationCode: 60,
      DeviceCode: settings.deviceCodeTtl,
      IdToken: 3600,
      RefreshToken: settings.refreshTokenTtl,
      ClientCredentials: settings.accessTokenTtl,
      Grant: settings.refreshTokenTtl,
      Interaction: 3600,
      Session: 24 * 3600,
    },
    clientBasedCORS: () => false,
    renderError,
    features: {
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true, userCodeInputSource, userCodeConfirmSource, successSource },
      revocation: { enabled: true, allowedPolicy: ownTokensForPublicClients },
      introspection: { enabled: true, allowedPolicy: ownTokensForPublicClients },
      userinfo: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: settings.jwtAccessTokens
        ? jwtResourceServer(settings.accessTokenTtl)
        : { enabled: false },
    },
  };
}

/** The slice of oidc-provider's Client model used here. */
interface ClientModel {
  clientId: string;
  clientAuthMethod: string;
  grantTypeAllowed(grantType: string): boolean;
}

function clientMetadata(id: string, confidential?: ConfidentialClient): Record<string, unknown> {
  return {
    client_id: id,
    client_name: `AuthGate CLI test client ${id}`,
    application_type: "native",
    token_endpoint_auth_method: confidential === undefined
      ? "none"
      : confidential.authMethod ?? "client_secret_post",
    ...(confidential === undefined ? {} : { client_secret: confidential.secret }),
    redirect_uris: LOOPBACK_REDIRECT_URIS,
    grant_types: GRANT_TYPES,
    response_types: ["code"],
  };
}

/** A machine client: Client Credentials only, limited to MACHINE_SCOPE. */
function machineClientMetadata(client: ConfidentialClient): Record<string, unknown> {
  return {
    client_id: client.id,
    client_name: `AuthGate CLI machine client ${client.id}`,
    token_endpoint_auth_method: client.authMethod ?? "client_secret_basic",
    client_secret: client.secret,
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
    scope: MACHINE_SCOPE,
  };
}

/** Any login is accepted: the account id (and `sub`) is the login name. */
function findAccount(_ctx: unknown, sub: string) {
  return Promise.resolve({
    accountId: sub,
    claims: () =>
      Promise.resolve({ sub, name: sub, email: `${sub}@example.test`, email_verified: true }),
  });
}

/**
 * Introspection/revocation policy (oidc-provider's default, declared to avoid its NOTICE): a
 * public client may only act on its own tokens; confidential clients on any.
 */
function ownTokensForPublicClients(
  _ctx: unknown,
  client: ClientModel,
  token: { clientId: string },
): Promise<boolean> {
  return Promise.resolve(client.clientAuthMethod !== "none" || token.clientId === client.clientId);
}

/**
 * RFC 9068-style access tokens: every token request defaults to one resource server whose
 * tokens are JWTs. Such tokens are for that audience, so userinfo does not accept them.
 */
function jwtResourceServer(accessTokenTtl: number): Record<string, unknown> {
  return {
    enabled: true,
    defaultResource: () => Promise.resolve(JWT_RESOURCE),
    useGrantedResource: () => Promise.resolve(true),
    getResourceServerInfo: () =>
      Promise.resolve({
        scope: SCOPES.join(" "),
        audience: JWT_RESOURCE,
        accessTokenFormat: "jwt",
        accessTokenTTL: accessTokenTtl,
      }),
  };
}
