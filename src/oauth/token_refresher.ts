/**
 * The network side of {@linkcode Refresher}: discovery, the refresh grant, and
 * the checks on its response.
 * @module
 */

import { type NetworkSettings, storeLockTimeoutMs } from "../config/network_settings.ts";
import { storedTokenFromResponse } from "../token/token_response.ts";
import type { StoredToken } from "../token/stored_token.ts";
import type { Refresher } from "../token/token_services.ts";
import { connectOAuthClient, type LazyConnectDeps, serverOf } from "./oauth_client.ts";
import { REFRESH_EXCHANGE, refreshTokenGrant } from "./refresh.ts";
import { invalidAnswer } from "./server_fault.ts";

/**
 * Builds a refresher that discovers the server on first use.
 *
 * @param network Network settings.
 * @param deps Fetch, clock and warning sink; `connect` replaces discovery with
 * a client the caller already has (or will share).
 * @param additionalParameters Extra form fields for the token request.
 * @returns The refresher.
 */
export function createTokenRefresher(
  network: NetworkSettings,
  deps: LazyConnectDeps,
  additionalParameters?: Record<string, string>,
): Refresher {
  return {
    lockTimeoutMs: storeLockTimeoutMs(network.timeouts),
    async refresh(token: StoredToken): Promise<StoredToken> {
      const oc = await (deps.connect?.(token.clientId) ??
        connectOAuthClient(token.clientId, network, deps));
      const response = await refreshTokenGrant(oc, token.refreshToken, additionalParameters);
      try {
        return storedTokenFromResponse(response, {
          clientId: token.clientId,
          now: deps.now(),
          server: serverOf(oc),
          previous: token,
        });
      } catch (error) {
        throw invalidAnswer(oc, REFRESH_EXCHANGE, (error as Error).message);
      }
    },
  };
}
