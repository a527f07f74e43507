/**
 * `authgate token delete`: log out. Revoke the tokens at the server, then
 * delete this client id's entry (others stay).
 * @module
 */

import type { Revoker } from "../token/token_services.ts";
import type { CommandContext } from "../config/command.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { openConfiguredStore, resolveNetwork } from "./token_context.ts";

/** Parsed options of `token delete`. */
export interface TokenDeleteOptions {
  localOnly: boolean;
}

/**
 * Reads `token delete`'s options from parsed flags.
 *
 * @param flags Parsed flags.
 * @returns The options.
 */
export function parseTokenDeleteOptions(flags: CommandContext["flags"]): TokenDeleteOptions {
  return { localOnly: flags.get("local-only") === true };
}

/** Builds the revoker; the network settings and protocol code load only now. */
async function prepareRevoker(context: CommandContext, token?: StoredToken): Promise<Revoker> {
  const [network, { createTokenRevoker }] = await Promise.all([
    resolveNetwork(context, token),
    import("../oauth/token_revoker.ts"),
  ]);
  return createTokenRevoker(network, { fetch: context.deps.fetch, warn: context.warn });
}

/**
 * Runs `token delete`.
 *
 * @param options Parsed options.
 * @param context The command context.
 * @returns The exit code.
 */
export async function runTokenDelete(
  options: TokenDeleteOptions,
  context: CommandContext,
): Promise<number> {
  const { settings, store } = await openConfiguredStore(context);
  // Without a configured server, the token is revoked where it came from (and
  // with nothing stored there is nothing to revoke).
  const stored = settings.serverUrl ? undefined : await store.load(settings.clientId);
  const revoker = options.localOnly || (!settings.serverUrl && !stored)
    ? undefined
    : await prepareRevoker(context, stored);
  const { deleteToken } = await import("../usecases/delete_token.ts");
  const info = (message: string) => context.deps.stderr.write(message + "\n");
  await deleteToken(settings.clientId, { store, revoker, info, warn: context.warn });
  info(`Deleted the stored token of client-id "${settings.clientId}" (${store.description}).`);
  return 0;
}
