/**
 * `authgate token inspect`: ask the server about the stored access token
 * (AuthGate's tokeninfo, else RFC 7662 introspection). Never refreshes, never
 * sends or prints the refresh token.
 *
 * The answer is server text printed as JSON (`--raw`: as received): it stays
 * valid JSON with the same value, but the characters a terminal acts on are
 * escaped, and every token and secret the CLI holds (the access token too)
 * is replaced with `[redacted]`. Inspect is a diagnostic whose output lands in
 * tickets and logs; `token get` is the command that prints the token.
 * @module
 */

import { CliError } from "../errors.ts";
import { safeJsonText } from "../text/server_text.ts";
import type { CommandContext } from "../config/command.ts";
import { connectServer, loadStoredToken } from "./token_context.ts";

/** Parsed options of `token inspect`. */
export interface TokenInspectOptions {
  raw: boolean;
}

/**
 * Reads `token inspect`'s options from parsed flags.
 *
 * @param flags Parsed flags.
 * @returns The options.
 */
export function parseTokenInspectOptions(flags: CommandContext["flags"]): TokenInspectOptions {
  return { raw: flags.get("raw") === true };
}

/**
 * Runs `token inspect`: prints the answer, and exits 1 when the server says
 * the token is not active.
 *
 * @param options Parsed options.
 * @param context The command context.
 * @returns The exit code.
 */
export async function runTokenInspect(
  options: TokenInspectOptions,
  context: CommandContext,
): Promise<number> {
  const { token } = await loadStoredToken(context);
  const oc = await connectServer(context, token);
  const [{ inspectAccessToken }, { parseJsonLossless }] = await Promise.all([
    import("../oauth/token_info.ts"),
    import("../json/lossless_json.ts"),
  ]);
  const answer = await inspectAccessToken(oc, token.accessToken);
  const json = options.raw ? answer.body : JSON.stringify(parseJsonLossless(answer.body), null, 2);
  const text = context.secrets.redact(safeJsonText(json));
  context.deps.stdout.write(text.endsWith("\n") ? text : text + "\n");
  if (!answer.active) {
    throw new CliError(`the server reports the stored access token as not active (${answer.via})`, {
      hint: "run 'authgate token get' to refresh it, or 'authgate' to log in again",
    });
  }
  return 0;
}
