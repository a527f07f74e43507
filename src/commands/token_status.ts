/**
 * `authgate token status`: offline facts about the stored token.
 * @module
 */

import { ExitCode } from "../errors.ts";
import type { CommandContext } from "../config/command.ts";
import { openConfiguredStore } from "./token_context.ts";

/** Parsed options of `token status`. */
export interface TokenStatusOptions {
  json: boolean;
}

/**
 * Reads `token status`'s options from parsed flags.
 *
 * @param flags Parsed flags.
 * @returns The options.
 */
export function parseTokenStatusOptions(flags: CommandContext["flags"]): TokenStatusOptions {
  return { json: flags.get("json") === true };
}

/**
 * Runs `token status`: never touches the network.
 *
 * @param options Parsed options.
 * @param context The command context.
 * @returns 0, or 4 (login needed) when no token is stored.
 */
export async function runTokenStatus(
  options: TokenStatusOptions,
  context: CommandContext,
): Promise<number> {
  const { settings, store } = await openConfiguredStore(context);
  const token = await store.load(settings.clientId);
  const [{ tokenStatus }, { tokenStatusJson, tokenStatusText }] = await Promise.all([
    import("../token/token_status.ts"),
    import("../ui/token_status_text.ts"),
  ]);
  const status = tokenStatus(token, {
    clientId: settings.clientId,
    storeDescription: store.description,
    refreshThresholdMs: settings.refreshThresholdMs,
    now: context.deps.now(),
  });
  context.deps.stdout.write(options.json ? tokenStatusJson(status) : tokenStatusText(status));
  return token ? ExitCode.OK : ExitCode.LOGIN_REQUIRED;
}
