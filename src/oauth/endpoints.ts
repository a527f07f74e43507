/**
 * Finds the server's endpoints: OIDC discovery, with AuthGate's unlisted
 * endpoints filled in, and AuthGate's default paths when discovery fails.
 * @module
 */

import * as oauth from "oauth4webapi";
import { transportProblem } from "../config/network_settings.ts";
import { type HttpPolicy, requestOptions } from "./http_options.ts";
import { classifyOAuthError, OAuthFailure } from "./oauth_errors.ts";
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
 * Why a discovered endpoint must not be used, if so. The document comes from
 * the issuer, so another host is the issuer's own choice (Google serves its
 * token endpoint from another host than its issuer) and is allowed; the
 * scheme is not: an https issuer cannot move an endpoint to plain http, and
 * an http issuer's endpoints follow the server URL's transport rule.
 *
 * @param issuer The issuer (the server URL).
 * @param endpoint The endpoint's URL text.
 * @param allowRemoteHttp Whether plain http off this machine was opted in to.
 * @returns The reason, or `undefined` when the endpoint may be used.
 */
export function endpointProblem(
  issuer: URL,
  endpoint: string,
  allowRemoteHttp: boolean,
): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "it is not a URL";
  }
  if (issuer.protocol === "https:" && url.protocol !== "https:") {
    return `it is not https like the issuer (${url.protocol.slice(0, -1)} to ${url.host})`;
  }
  return transportProblem(url, allowRemoteHttp);
}

/** The metadata keys that name URLs the CLI may send requests to. */
function endpointKeys(as: oauth.AuthorizationServer): string[] {
  return Object.keys(as).filter((key) => key.endsWith("_endpoint") || key === "jwks_uri");
}

function checkEndpoints(issuer: URL, as: oauth.AuthorizationServer, allowRemoteHttp: boolean) {
  for (const key of endpointKeys(as)) {
    const value = (as as Record<string, unknown>)[key];
    const problem = typeof value === "string"
      ? endpointProblem(issuer, value, allowRemoteHttp)
      : "it is not a URL";
    if (problem) {
      throw new OAuthFailure(
        "bad_response",
        `OIDC discovery: refusing the server's ${key}: ${problem}`,
      );
    }
  }
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
 * @throws {import("./oauth_errors.ts").OAuthFailure} of kind `network`, or
 * `bad_response` when the document names an endpoint the transport rule
 * refuses (see {@linkcode endpointProblem}): nothing is sent to it.
 */
export async function discoverEndpoints(
  serverUrl: string,
  http: HttpPolicy,
  timeout: RequestTimeout,
  warn: (message: string) => void,
): Promise<ServerEndpoints> {
  const issuer = new URL(serverUrl);
  let as: oauth.AuthorizationServer;
  try {
    const response = await oauth.discoveryRequest(issuer, {
      ...requestOptions(http, timeout),
      algorithm: "oidc",
    });
    as = await oauth.processDiscoveryResponse(issuer, response);
  } catch (error) {
    const failure = classifyOAuthError(error, "OIDC discovery");
    // An unreachable server fails every request alike: say so once, as the error.
    if (failure.kind === "network") throw failure;
    warn(`${failure.message}; using AuthGate's default endpoints`);
    return { as: authgateDefaultMetadata(serverUrl), discovered: false, listed: new Set() };
  }
  checkEndpoints(issuer, as, http.allowRemoteHttp ?? false);
  const listed = new Set(Object.keys(as).filter((key) => key.endsWith("_endpoint")));
  return { as: withAuthgateFallbacks(as), discovered: true, listed };
}
