/**
 * The client side of every exchange: server metadata, client identity and
 * authentication, and the HTTP policy, built once when the network is needed.
 * @module
 */

import * as oauth from "oauth4webapi";
import type { NetworkSettings } from "../config/network_settings.ts";
import { chooseClientAuthMethod, clientAuthFor } from "./client_auth.ts";
import { discoverEndpoints } from "./endpoints.ts";
import { configuredTimeout, type HttpPolicy } from "./http_options.ts";

/** Everything an OAuth exchange needs. */
export interface OAuthClient {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  /**
   * Client authentication at the token, revocation and introspection endpoints
   * (none for a public client; the device flow always sends none).
   */
  clientAuth: oauth.ClientAuth;
  http: HttpPolicy;
  settings: NetworkSettings;
  /** Whether the endpoints came from discovery (else AuthGate's defaults). */
  discovered: boolean;
  /** The endpoint keys the discovery document listed itself. */
  listed: ReadonlySet<string>;
}

/**
 * What a token source that connects on first use needs: fetch, the clock, the
 * warning sink, and optionally a client the caller already has (or will share)
 * instead of discovering the server.
 */
export interface LazyConnectDeps {
  fetch: typeof fetch;
  now(): number;
  warn(message: string): void;
  connect?(clientId: string): Promise<OAuthClient>;
}

/**
 * The server a token from `oc` is bound to: the configured base URL and the
 * issuer discovery named (equal to it: oauth4webapi checks discovery's issuer).
 *
 * @param oc The client.
 * @returns The binding of its tokens.
 */
export function serverOf(oc: OAuthClient): { serverUrl: string; issuer: string } {
  return { serverUrl: oc.settings.serverUrl, issuer: oc.as.issuer };
}

/**
 * Discovers the server and builds the client.
 *
 * @param clientId The OAuth client id.
 * @param settings Network settings.
 * @param deps The fetch to use, and where warnings go.
 * @returns The client.
 */
export async function connectOAuthClient(
  clientId: string,
  settings: NetworkSettings,
  deps: { fetch: typeof fetch; warn: (message: string) => void },
): Promise<OAuthClient> {
  const http: HttpPolicy = {
    fetch: deps.fetch,
    maxResponseBodySize: settings.maxResponseBodySize,
    insecureHttp: settings.insecureHttp,
    allowRemoteHttp: settings.allowRemoteHttp,
  };
  const { as, discovered, listed } = await discoverEndpoints(
    settings.serverUrl,
    http,
    configuredTimeout(settings.timeouts, "discovery"),
    deps.warn,
  );
  const method = chooseClientAuthMethod(
    settings.clientSecret,
    settings.tokenEndpointAuthMethod,
    as.token_endpoint_auth_methods_supported,
    deps.warn,
  );
  return {
    as,
    client: { client_id: clientId },
    clientAuth: clientAuthFor(method, settings.clientSecret),
    http,
    settings,
    discovered,
    listed,
  };
}
