/**
 * `authgate token get`: print a valid access token for scripts.
 * @module
 */

import type { FlagSpec } from "../config/flag_spec.ts";
import { resolveStoreSettings } from "../config/store_settings.ts";
import { openTokenStore } from "../store/open_store.ts";
import { isExpired } from "../token/expiry.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { getToken, type Refresher } from "../usecases/get_token.ts";
import type { CommandContext } from "./command.ts";

/** Flags of `token get`. */
export const TOKEN_GET_FLAGS: readonly FlagSpec[] = [
  { name: "json", kind: "boolean", description: "Print the token and its expiry as JSON." },
];

/** Parsed options of `token get`. */
export interface TokenGetOptions {
  json: boolean;
}

/**
 * Reads `token get`'s options from parsed flags.
 *
 * @param flags Parsed flags.
 * @returns The options.
 */
export function parseTokenGetOptions(flags: CommandContext["flags"]): TokenGetOptions {
  return { json: flags.get("json") === true };
}

/**
 * The JSON form of a token for `--json`: fields in a fixed order, never the
 * refresh token.
 *
 * @param token The token.
 * @param now The time `expired` is judged at.
 * @returns One line of JSON.
 */
export function tokenJson(token: StoredToken, now: number): string {
  return JSON.stringify({
    access_token: token.accessToken,
    token_type: token.tokenType,
    expires_at: new Date(token.expiresAt).toISOString(),
    expired: isExpired(token, now),
    client_id: token.clientId,
  });
}

/**
 * Builds the refresher lazily: the network settings and the protocol code are
 * loaded only when a refresh is due.
 */
export async function prepareNetworkRefresher(context: CommandContext): Promise<Refresher> {
  const [{ resolveNetworkSettings }, { createTokenRefresher }] = await Promise.all([
    import("../config/network_settings.ts"),
    import("../oauth/token_refresher.ts"),
  ]);
  const network = resolveNetworkSettings(context.source, context.warn);
  return createTokenRefresher(network, {
    fetch: context.deps.fetch,
    now: context.deps.now,
    warn: context.warn,
  });
}

/**
 * Runs `token get`.
 *
 * @param options Parsed options.
 * @param context The command context.
 * @returns The exit code.
 */
export async function runTokenGet(
  options: TokenGetOptions,
  context: CommandContext,
): Promise<number> {
  const { deps } = context;
  const settings = resolveStoreSettings(context.source, deps);
  const store = await openTokenStore(settings, {
    os: deps.os,
    env: deps.env,
    warn: context.warn,
  });
  const { token } = await getToken(
    { clientId: settings.clientId, thresholdMs: settings.refreshThresholdMs },
    {
      store,
      now: deps.now,
      prepareRefresher: () => prepareNetworkRefresher(context),
      warn: context.warn,
      // Fresh path: nothing after the decision may reach the network.
      dropNetwork: deps.dropNetwork,
    },
  );
  deps.stdout.write(
    (options.json ? tokenJson(token, deps.now()) : token.accessToken) + "\n",
  );
  return 0;
}
