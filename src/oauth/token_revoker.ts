/**
 * The network side of {@linkcode Revoker}: discovery, then the refresh and
 * the access token revoked at once.
 * @module
 */

import { type NetworkSettings, storeLockTimeoutMs } from "../config/network_settings.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { errorMessage } from "../errors.ts";
import type { Revoker } from "../token/token_services.ts";
import { connectOAuthClient } from "./oauth_client.ts";
import { OAuthFailure } from "./oauth_errors.ts";
import { revokeToken, type TokenTypeHint } from "./revocation.ts";

/**
 * Builds a revoker that discovers the server on first use.
 *
 * @param network Network settings.
 * @param deps Fetch and warning sink.
 * @returns The revoker.
 */
export function createTokenRevoker(
  network: NetworkSettings,
  deps: { fetch: typeof fetch; warn(message: string): void },
): Revoker {
  return {
    lockTimeoutMs: storeLockTimeoutMs(network.timeouts),
    async revoke(token: StoredToken): Promise<void> {
      const oc = await connectOAuthClient(token.clientId, network, deps);
      const targets: [string, TokenTypeHint][] = [
        [token.refreshToken, "refresh_token"],
        [token.accessToken, "access_token"],
      ];
      const present = targets.filter(([value]) => value !== "");
      const results = await Promise.allSettled(
        present.map(([value, hint]) => revokeToken(oc, value, hint)),
      );
      const failures = results.flatMap((result) =>
        result.status === "rejected" ? [errorMessage(result.reason)] : []
      );
      if (failures.length > 0) throw new OAuthFailure("oauth_error", failures.join("; "));
    },
  };
}
