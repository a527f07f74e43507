/**
 * Finds the server's endpoints: OIDC discovery, with AuthGate's unlisted
 * endpoints filled in, and AuthGate's default paths when discovery fails.
 * @module
 */

import * as oauth from "oauth4webapi";
import { type HttpPolicy, requestOptions } from "./http_options.ts";
import { classifyOAuthError } from "./oauth_errors.ts";
import type { RequestTimeout } from "./transport_errors.ts";

/** AuthGate's fixed endpoint paths. */
export const AUTHGATE_PATHS = {
  authorization_endpoint: "/oauth/authorize",
  token_endpoint: "/oauth/token",
  device_authorization_endpoint: "/oauth/device/code",
  userinfo_endpoint: "/oauth/userinfo",
  revocation_endpoint: "/oauth/revoke",
  introspection_endpoint: "/oauth/introspect",
  tokeninfo_endpoint: "/oauth/tokeninfo",
} as const;

/** Server metadata, and whether it came from discovery. */
export interface ServerEndpoints {
  as: oauth.AuthorizationServer;
  discovered: boolean;
  /** The endpoint keys the discovery document itself listed (not filled in by us). */
  listed: ReadonlySet<string>;
}

/**
 * The metadata of an AuthGate server at `serverUrl`, from its fixed paths.
 *
 * @param serverUrl The server's base URL, no trailing slash.
 * @returns Metadata naming every AuthGate endpoint.
 */
export function authgateDefaultMetadata(serverUrl: string): oauth.AuthorizationServer {
  const endpoints = Object.entries(AUTHGATE_PATHS).map(([key, path]) => [key, serverUrl + path]);
  return { issuer: serverUrl, ...Object.fromEntries(endpoints) };
}

/**
 * Fills in the device authorization and introspection endpoints that AuthGate
 * serves but does not list in its discovery document.
 *
 * @param as Discovered metadata.
 * @returns The metadata with the missing endpoints added.
 */
export function withAuthgateFallbacks(as: oauth.AuthorizationServer): oauth.AuthorizationServer {
  const base = as.issuer.replace(/\/+$/, "");
  return {
    ...as,
    device_authorization_endpoint: as.device_authorization_endpoint ??
      base + AUTHGATE_PATHS.device_authorization_endpoint,
    introspection_endpoint: as.introspection_endpoint ??
      base + AUTHGATE_PATHS.introspection_endpoint,
  };
}

/**
 * Discovers the endpoints of the server at `serverUrl`. A server that answers
 * without a usable discovery document is not fatal: one warning, then
 * AuthGate's default paths. An unreachable server is an error.
 *
 * @param serverUrl The server's base URL, no trailing slash; also the expected issuer.
 * @param http The HTTP policy.
 * @param timeout The discovery timeout.
 * @param warn Receives the warning.
 * @returns The endpoints.
 * @throws {import("./oauth_errors.ts").OAuthFailure} of kind `network`.
 */
export async function discoverEndpoints(
  serverUrl: string,
  http: HttpPolicy,
  timeout: RequestTimeout,
  warn: (message: string) => void,
): Promise<ServerEndpoints> {
  const issuer = new URL(serverUrl);
  try {
    const response = await oauth.discoveryRequest(issuer, {
      ...requestOptions(http, timeout),
      algorithm: "oidc",
    });
    const as = await oauth.processDiscoveryResponse(issuer, response);
    const listed = new Set(Object.keys(as).filter((key) => key.endsWith("_endpoint")));
    return { as: withAuthgateFallbacks(as), discovered: true, listed };
  } catch (error) {
    const failure = classifyOAuthError(error, "OIDC discovery");
    // An unreachable server fails every request alike: say so once, as the error.
    if (failure.kind === "network") throw failure;
    warn(`${failure.message}; using AuthGate's default endpoints`);
    return { as: authgateDefaultMetadata(serverUrl), discovered: false, listed: new Set() };
  }
}
