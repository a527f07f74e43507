/**
 * A real OAuth 2.0 / OpenID Connect authorization server (oidc-provider) on 127.0.0.1, started
 * in-process by tests and by the demo, in oidc-provider's own layout or in AuthGate's.
 *
 * @module
 */

import * as oauth from "oauth4webapi";
import {
  type AccessTokenInfo,
  failDiscovery,
  hideUnlistedEndpoints,
  tokenInfo,
} from "./authgate_layout.ts";
import { runDeviceLogin } from "./device_login.ts";
import { devicePolling } from "./device_polling.ts";
import { type InjectedFault, injectFaults } from "./fault_injection.ts";
import { listenOnLoopback, type LoopbackListener, type TlsIdentity } from "./http_listener.ts";
import { loadProvider, type OidcProvider, type ProviderConstructor } from "./load_provider.ts";
import { createMemoryAdapterFactory } from "./memory_adapter.ts";
import { walkPages } from "./page_walker.ts";
import {
  type ClientAuthRecord,
  recordClientAuth,
  recordForms,
  type RequestLog,
} from "./request_log.ts";
import {
  AUTHGATE_ROUTES,
  buildProviderConfiguration,
  type ConfidentialClient,
  DEFAULT_CLIENT_ID,
  type RoutePaths,
  STANDARD_ROUTES,
} from "./provider_config.ts";
import { getSigningKeys, type SigningKeys, verifyJwtAccessToken } from "./signing_keys.ts";
import {
  countDeviceAuthorizationRequests,
  countTokenRequests,
  type TokenStats,
} from "./token_stats.ts";

export { TOKENINFO_PATH } from "./authgate_layout.ts";
export type { InjectedFault } from "./fault_injection.ts";
export {
  AUTHGATE_ROUTES,
  type ConfidentialClient,
  DEFAULT_CLIENT_ID,
  JWT_RESOURCE,
  LOOPBACK_REDIRECT_URIS,
  MACHINE_SCOPE,
  type RoutePaths,
  STANDARD_ROUTES,
} from "./provider_config.ts";

/** How to configure the server. */
export interface AuthServerOptions {
  /** "standard": oidc-provider's own routes. "authgate": AuthGate's layout. Default "standard". */
  layout?: "standard" | "authgate";
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Access token lifetime in seconds (default 3600). */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds (default 30 days). */
  refreshTokenTtl?: number;
  /** `interval` to add to the device authorization response (oidc-provider sends none). */
  deviceInterval?: number;
  /**
   * Answer `400 {"error":"slow_down"}` to a device-code poll that comes less than `interval`
   * (or 5, RFC 8628's default) seconds after the previous poll of the same device_code.
   */
  enforceInterval?: boolean;
  /**
   * With enforceInterval: the smallest gap (seconds) between polls that is not answered
   * `slow_down`; default `deviceInterval`, else 5. Larger than `deviceInterval`, it makes a
   * client that follows the announced interval meet `slow_down` for real.
   */
  enforcedInterval?: number;
  /** Device code lifetime in seconds (default 1800, AuthGate's). */
  deviceCodeTtl?: number;
  /** Issue JWT access tokens (RFC 9068 style, audience JWT_RESOURCE) instead of opaque ones. */
  jwtAccessTokens?: boolean;
  /** Answer discovery with 503 (clients must fall back to AuthGate's fixed paths). */
  failDiscovery?: boolean;
  /** Extra public clients to register besides the default one (client ids). */
  extraClientIds?: string[];
  /**
   * A confidential client for the person flows (token_endpoint_auth_method
   * client_secret_post unless `authMethod` says otherwise).
   */
  confidentialClient?: ConfidentialClient;
  /**
   * Machine clients: grant client_credentials only, scope MACHINE_SCOPE, each
   * with its own token_endpoint_auth_method (default client_secret_basic).
   */
  machineClients?: ConfidentialClient[];
  /** Answer the first N device code requests or refresh grants with a failure instead. */
  faults?: InjectedFault[];
  /**
   * Serve https with this certificate (the issuer is then `https://127.0.0.1:PORT`). This
   * process's own requests (deviceLogin...) must trust its CA: run it with DENO_CERT.
   */
  tls?: TlsIdentity;
  /**
   * Runs after a token request was handled (a refresh token already rotated)
   * and before the answer is sent: tests change the client's world there,
   * such as filling its disk in the middle of its refresh.
   */
  beforeTokenAnswer?: (grantType: string) => void | Promise<void>;
}

/** A running server. */
export interface AuthServer {
  /** "http://127.0.0.1:PORT" (https with `tls`), no trailing slash; discovery's issuer equals it exactly. */
  issuer: string;
  /** The default public native client. */
  clientId: string;
  /** The endpoint paths of this server's layout. */
  routes: RoutePaths;
  /** Token endpoint requests by grant_type, and those answered 2xx; device code requests. */
  stats: TokenStats;
  /** How many injected faults (`faults`) were answered, per target. */
  faultsAnswered: Record<InjectedFault["target"], number>;
  /** The form fields of every token and revocation request, oldest first. */
  requests: RequestLog;
  /** How many HTTP requests (any path) the server has received: a client that sent none. */
  requestCount(): number;
  /** A whole device grant with no human; returns the token endpoint's JSON. */
  deviceLogin(options?: { clientId?: string; scope?: string }): Promise<Record<string, unknown>>;
  /** Approves (or denies) a pending device code through the server's pages. */
  approveDevice(
    verificationUrl: string,
    options?: { userCode?: string; deny?: boolean; login?: string },
  ): Promise<void>;
  /** Walks an authorization URL; returns the final redirect (redirect_uri?code|error), unfetched. */
  walkAuthorization(
    authorizationUrl: string,
    options?: { deny?: boolean; login?: string },
  ): Promise<string>;
  /** RFC 7662 introspection of any token this server issued. */
  introspect(token: string): Promise<{ active: boolean; [k: string]: unknown }>;
  /** Stops listening and closes all connections. Idempotent. */
  stop(): Promise<void>;
}

const insecure = { [oauth.allowInsecureRequests]: true };
const DEFAULT_SCOPE = "openid email profile offline_access";
const DEFAULT_LOGIN = "test-user";

/** Starts a server on 127.0.0.1 and resolves once it listens. */
export async function startAuthServer(options: AuthServerOptions = {}): Promise<AuthServer> {
  const Provider = await loadProvider();
  const keys = await getSigningKeys();
  const listener = await listenOnLoopback(options.port ?? 0, options.tls);
  try {
    return createServer(Provider, keys, listener, options);
  } catch (error) {
    await listener.close();
    throw error;
  }
}

/** Builds the provider behind `listener` and the AuthServer API around it. */
function createServer(
  Provider: ProviderConstructor,
  keys: SigningKeys,
  listener: LoopbackListener,
  options: AuthServerOptions,
): AuthServer {
  const issuer = `${options.tls ? "https" : "http"}://127.0.0.1:${listener.port}`;
  const layout = options.layout ?? "standard";
  const routes = layout === "authgate" ? AUTHGATE_ROUTES : STANDARD_ROUTES;
  // introspect() calls the real introspection endpoint as this confidential client, which
  // may introspect any client's tokens.
  const introspector = { id: "authgate-dev-introspector", secret: crypto.randomUUID() as string };
  const confidentialClients: ConfidentialClient[] = [introspector];
  if (options.confidentialClient) {
    confidentialClients.push({ authMethod: "client_secret_post", ...options.confidentialClient });
  }

  const provider = new Provider(
    issuer,
    buildProviderConfiguration({
      accessTokenTtl: options.accessTokenTtl ?? 3600,
      refreshTokenTtl: options.refreshTokenTtl ?? 30 * 24 * 3600,
      deviceCodeTtl: options.deviceCodeTtl ?? 1800,
      jwtAccessTokens: options.jwtAccessTokens ?? false,
      routes,
      publicClientIds: [DEFAULT_CLIENT_ID, ...(options.extraClientIds ?? [])],
      confidentialClients,
      machineClients: options.machineClients ?? [],
      jwks: keys.jwks,
      adapter: createMemoryAdapterFactory(),
    }),
  );

  let received = 0;
  provider.use(async (_ctx, next) => {
    received++;
    await next();
  });
  const stats: TokenStats = {
    tokenRequests: {},
    tokenSuccesses: {},
    deviceAuthorizationRequests: 0,
  };
  // Registration order is nesting order: counting wraps the slow_down and injected answers too.
  provider.use(countTokenRequests(routes.token, stats));
  provider.use(countDeviceAuthorizationRequests(routes.device_authorization, stats));
  const faultsAnswered = { device_authorization: 0, refresh: 0 };
  if (options.faults?.length) {
    provider.use(injectFaults(options.faults, {
      deviceAuthorization: routes.device_authorization,
      token: routes.token,
    }, faultsAnswered));
  }
  const beforeTokenAnswer = options.beforeTokenAnswer;
  if (beforeTokenAnswer) {
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.method === "POST" && ctx.path === routes.token) {
        await beforeTokenAnswer(String(ctx.oidc?.params?.grant_type ?? "unknown"));
      }
    });
  }
  const requests: RequestLog = { token: [], revocation: [], clientAuth: [] };
  provider.use(recordForms(routes.token, requests.token));
  // oidc-provider takes either client_secret_* method from any confidential client; AuthGate
  // servers may not, so this one holds each client to its registered method.
  const registered = new Map<string, ClientAuthRecord["method"]>([
    ...confidentialClients.map((c) => [c.id, c.authMethod ?? "client_secret_post"] as const),
    ...(options.machineClients ?? []).map((c) =>
      [c.id, c.authMethod ?? "client_secret_basic"] as const
    ),
  ]);
  provider.use(
    recordClientAuth(
      [routes.token, routes.revocation, routes.introspection],
      requests.clientAuth,
      registered,
    ),
  );
  provider.use(recordForms(routes.revocation, requests.revocation));
  provider.use(devicePolling({
    deviceAuthorizationPath: routes.device_authorization,
    tokenPath: routes.token,
    interval: options.deviceInterval,
    enforce: options.enforceInterval ?? false,
    minimumGap: options.enforcedInterval,
  }));
  const lookup = (token: string) => findAccessToken(provider, keys.publicKey, issuer, token);
  if (options.failDiscovery) provider.use(failDiscovery());
  if (layout === "authgate") {
    provider.use(hideUnlistedEndpoints());
    provider.use(tokenInfo(issuer, lookup));
  }
  listener.setHandler(provider.callback());

  let metadata: Promise<oauth.AuthorizationServer> | undefined;
  function authorizationServer(): Promise<oauth.AuthorizationServer> {
    metadata ??= discover(issuer, routes, !options.failDiscovery);
    return metadata;
  }

  async function approveDevice(
    verificationUrl: string,
    approval: { userCode?: string; deny?: boolean; login?: string } = {},
  ): Promise<void> {
    if (
      approval.userCode === undefined && !new URL(verificationUrl).searchParams.has("user_code")
    ) {
      throw new Error("approveDevice: give userCode when the URL has no user_code");
    }
    await walkPages(verificationUrl, {
      fill: { login: approval.login ?? DEFAULT_LOGIN, password: "x", user_code: approval.userCode },
      deny: approval.deny,
    });
  }

  return {
    issuer,
    clientId: DEFAULT_CLIENT_ID,
    routes,
    stats,
    faultsAnswered,
    requests,
    requestCount: () => received,
    approveDevice,
    async deviceLogin(login = {}) {
      const clientId = login.clientId ?? DEFAULT_CLIENT_ID;
      const confidential = options.confidentialClient?.id === clientId
        ? options.confidentialClient
        : undefined;
      return runDeviceLogin({
        as: await authorizationServer(),
        client: { client_id: clientId },
        clientAuth: confidential === undefined
          ? oauth.None()
          : confidential.authMethod === "client_secret_basic"
          ? oauth.ClientSecretBasic(confidential.secret)
          : oauth.ClientSecretPost(confidential.secret),
        scope: login.scope ?? DEFAULT_SCOPE,
        approve: (url, userCode) => approveDevice(url, { userCode }),
      });
    },
    walkAuthorization(authorizationUrl, walk = {}) {
      return walkPages(authorizationUrl, {
        fill: { login: walk.login ?? DEFAULT_LOGIN, password: "x" },
        deny: walk.deny,
      });
    },
    async introspect(token) {
      if (token.split(".").length === 3) {
        // oidc-provider neither stores nor introspects JWT access tokens: check it here.
        const payload = await verifyJwtAccessToken(token, keys.publicKey);
        return payload?.iss === issuer ? { ...payload, active: true } : { active: false };
      }
      const as = await authorizationServer();
      const response = await oauth.introspectionRequest(
        as,
        { client_id: introspector.id },
        oauth.ClientSecretPost(introspector.secret),
        token,
        insecure,
      );
      return await oauth.processIntrospectionResponse(as, { client_id: introspector.id }, response);
    },
    stop: () => listener.close(),
  };
}

/**
 * Discovery as a client does it, with AuthGate's fallbacks for the endpoints it omits. With
 * discovery switched off (failDiscovery), the metadata comes from this server's own routes.
 */
async function discover(
  issuer: string,
  routes: RoutePaths,
  discoveryWorks: boolean,
): Promise<oauth.AuthorizationServer> {
  if (!discoveryWorks) {
    return {
      issuer,
      authorization_endpoint: issuer + routes.authorization,
      token_endpoint: issuer + routes.token,
      device_authorization_endpoint: issuer + routes.device_authorization,
      revocation_endpoint: issuer + routes.revocation,
      userinfo_endpoint: issuer + routes.userinfo,
      introspection_endpoint: issuer + routes.introspection,
      jwks_uri: issuer + routes.jwks,
    };
  }
  const issuerUrl = new URL(issuer);
  const as = await oauth.processDiscoveryResponse(
    issuerUrl,
    await oauth.discoveryRequest(issuerUrl, insecure),
  );
  return {
    ...as,
    device_authorization_endpoint: as.device_authorization_endpoint ??
      issuer + routes.device_authorization,
    introspection_endpoint: as.introspection_endpoint ?? issuer + routes.introspection,
  };
}

/** Resolves an access token (opaque: the provider's store; JWT: its signature) to its details. */
async function findAccessToken(
  provider: OidcProvider,
  publicKey: CryptoKey,
  issuer: string,
  token: string,
): Promise<AccessTokenInfo | undefined> {
  if (token.split(".").length === 3) {
    const payload = await verifyJwtAccessToken(token, publicKey);
    if (payload?.iss !== issuer) return undefined;
    return {
      sub: String(payload.sub),
      clientId: String(payload.client_id),
      scope: String(payload.scope ?? ""),
      exp: Number(payload.exp),
    };
  }
  // find() checks expiry itself (clockTolerance 0); tokens of a revoked grant are deleted.
  const stored = await provider.AccessToken.find(token);
  if (!stored?.isValid || stored.accountId === undefined) {
    // A machine client's token has no account: this server names the client as its subject.
    const machine = await provider.ClientCredentials.find(token);
    if (!machine?.isValid) return undefined;
    return {
      sub: machine.clientId,
      clientId: machine.clientId,
      scope: machine.scope ?? "",
      exp: machine.exp,
    };
  }
  return {
    sub: stored.accountId,
    clientId: stored.clientId,
    scope: stored.scope ?? "",
    exp: stored.exp,
  };
}
