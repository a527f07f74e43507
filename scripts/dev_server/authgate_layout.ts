/**
 * The parts of the AuthGate server that oidc-provider's `routes` option cannot express: its
 * discovery document lists no device authorization nor introspection endpoint, and it has a
 * `GET /oauth/tokeninfo` endpoint.
 *
 * @module
 */

import type { KoaMiddleware } from "./load_provider.ts";

const DISCOVERY_PATH = "/.well-known/openid-configuration";

/** The AuthGate tokeninfo path. */
export const TOKENINFO_PATH = "/oauth/tokeninfo";

/** What the tokeninfo endpoint reports about a valid access token. */
export interface AccessTokenInfo {
  sub: string;
  clientId: string;
  scope: string;
  exp: number;
}

/**
 * Removes `device_authorization_endpoint` and `introspection_endpoint` from discovery, as the
 * real AuthGate does (clients then fall back to `/oauth/device/code` and `/oauth/introspect`).
 */
export function hideUnlistedEndpoints(): KoaMiddleware {
  return async (ctx, next) => {
    await next();
    if (ctx.path !== DISCOVERY_PATH || ctx.status !== 200) return;
    if (typeof ctx.body !== "object" || ctx.body === null) return;
    const {
      device_authorization_endpoint: _device,
      introspection_endpoint: _introspection,
      ...listed
    } = ctx.body as Record<string, unknown>;
    ctx.body = listed;
  };
}

/**
 * Answers discovery with a 503, like an AuthGate deployment whose discovery route is down,
 * so clients must fall back to the fixed paths.
 */
export function failDiscovery(): KoaMiddleware {
  return async (ctx, next) => {
    if (ctx.path !== DISCOVERY_PATH) return await next();
    ctx.status = 503;
    ctx.body = { error: "temporarily_unavailable" };
  };
}

/**
 * Serves `GET /oauth/tokeninfo` (Bearer): 200 with the token's details, 401 invalid_token
 * otherwise. `lookup` resolves a token to its details, or undefined when it is not a valid,
 * unexpired access token.
 */
export function tokenInfo(
  issuer: string,
  lookup: (token: string) => Promise<AccessTokenInfo | undefined>,
): KoaMiddleware {
  return async (ctx, next) => {
    if (ctx.path !== TOKENINFO_PATH) return await next();
    ctx.set("Cache-Control", "no-store");
    if (ctx.method !== "GET") {
      ctx.status = 405;
      ctx.set("Allow", "GET");
      ctx.body = { error: "invalid_request", error_description: "use GET" };
      return;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get("authorization"));
    const info = match ? await lookup(match[1]) : undefined;
    if (info === undefined) {
      ctx.status = 401;
      ctx.set("WWW-Authenticate", 'Bearer error="invalid_token"');
      ctx.body = {
        error: "invalid_token",
        error_description: match
          ? "the access token is invalid, expired or revoked"
          : "no bearer token",
      };
      return;
    }
    ctx.status = 200;
    ctx.body = {
      active: true,
      user_id: info.sub,
      client_id: info.clientId,
      scope: info.scope,
      exp: info.exp,
      iss: issuer,
      subject_type: "user",
    };
  };
}
