/**
 * What the `token` commands share: the store the settings name, the stored
 * token of the client id, and (lazily) the network settings and a connection
 * to the server.
 * @module
 */

import type { NetworkSettings } from "../config/network_settings.ts";
import { resolveStoreSettings, type StoreSettings } from "../config/store_settings.ts";
import type { OAuthClient } from "../oauth/oauth_client.ts";
import { storeHoldingSecrets } from "../store/holding_store.ts";
import { openTokenStore } from "../store/open_store.ts";
import type { TokenStore } from "../store/token_store.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { noStoredTokenError } from "../usecases/get_token.ts";
import type { CommandContext } from "../config/command.ts";

/** The store level settings and the store they name. */
export interface OpenedStore {
  settings: StoreSettings;
  store: TokenStore;
}

/**
 * Resolves the store settings and opens the store (no network). The tokens it
 * loads and saves are held as secrets (kept off stderr).
 *
 * @param context The command context.
 * @returns The settings and the store.
 */
export async function openConfiguredStore(context: CommandContext): Promise<OpenedStore> {
  const { deps } = context;
  const settings = resolveStoreSettings(context.source, deps);
  const store = await openTokenStore(settings, { os: deps.os, env: deps.env, warn: context.warn });
  return { settings, store: storeHoldingSecrets(store, context.secrets) };
}

/**
 * Loads the stored token of the configured client id, as it is (no refresh).
 *
 * @param context The command context.
 * @returns The settings, the store and the token.
 * @throws {import("../errors.ts").CliError} "no stored token" (exit 4) when there is none.
 */
export async function loadStoredToken(
  context: CommandContext,
): Promise<OpenedStore & { token: StoredToken }> {
  const opened = await openConfiguredStore(context);
  const token = await opened.store.load(opened.settings.clientId);
  if (!token) throw noStoredTokenError(opened.settings.clientId);
  return { ...opened, token };
}

/**
 * Resolves the network settings level, its warnings on the command's sink;
 * the client secret is held as a secret (kept off stderr).
 * The settings module is loaded only now (it is off the fresh `token get` path).
 *
 * @param context The command context.
 * @param token The stored token the network is needed for: without a
 * configured server, the server it is bound to is used.
 * @returns The network settings.
 * @throws {import("../errors.ts").UsageError} when a value is malformed.
 */
export async function resolveNetwork(
  context: CommandContext,
  token?: StoredToken,
): Promise<NetworkSettings> {
  const { resolveNetworkSettings } = await import("../config/network_settings.ts");
  const network = resolveNetworkSettings(context.source, context.warn, token?.serverUrl);
  context.secrets.hold(network.clientSecret);
  return network;
}

/**
 * Resolves the network settings and discovers the server. The settings and
 * protocol modules are loaded only now.
 *
 * @param context The command context.
 * @param token The stored token to send there (its client id and server).
 * @returns The OAuth client.
 */
export async function connectServer(
  context: CommandContext,
  token: StoredToken,
): Promise<OAuthClient> {
  const clientId = token.clientId;
  const [network, { connectOAuthClient }] = await Promise.all([
    resolveNetwork(context, token),
    import("../oauth/oauth_client.ts"),
  ]);
  return await connectOAuthClient(clientId, network, {
    fetch: context.deps.fetch,
    warn: context.warn,
  });
}
