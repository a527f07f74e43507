/**
 * The client side of every exchange: server metadata, client identity and
 * authentication, and the HTTP policy, built once when the network is needed.
 * @module
 */

import * as oauth from "oauth4webapi";
import type { NetworkSettings } from "../config/network_settings.ts";
import { discoverEndpoints } from "./endpoints.ts";
import type { HttpPolicy } from "./http_options.ts";

/** Everything an OAuth exchange needs. */
export interface OAuthClient {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  /** Client authentication at the token endpoint (none for a public client). */
  clientAuth: oauth.ClientAuth;
  http: HttpPolicy;
  settings: NetworkSettings;
  /** Whether the endpoints came from discovery (else AuthGate's defaults). */
  discovered: boolean;
  /** The endpoint keys the discovery document listed itself. */
  listed: ReadonlySet<string>;
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
    settings.timeouts.discovery,
    deps.warn,
  );
  return {
    as,
    client: { client_id: clientId },
    clientAuth: settings.clientSecret
      ? oauth.ClientSecretPost(settings.clientSecret)
      : oauth.None(),
    http,
    settings,
    discovered,
    listed,
  };
}
