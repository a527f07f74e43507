/**
 * `authgate token decode`: the stored JWT's claims, decoded locally without
 * verification (nothing is sent anywhere, nothing is refreshed).
 * @module
 */

import { CliError } from "../errors.ts";
import { safeJsonText, serverText } from "../text/server_text.ts";
import type { CommandContext } from "../config/command.ts";
import { loadStoredToken } from "./token_context.ts";

/** Parsed options of `token decode`. */
export interface TokenDecodeOptions {
  field?: string;
  idToken: boolean;
}

/**
 * Reads `token decode`'s options from parsed flags.
 *
 * @param flags Parsed flags.
 * @returns The options.
 */
export function parseTokenDecodeOptions(flags: CommandContext["flags"]): TokenDecodeOptions {
  const field = flags.get("field");
  return {
    field: typeof field === "string" && field !== "" ? field : undefined,
    idToken: flags.get("id-token") === true,
  };
}

/**
 * Runs `token decode`.
 *
 * @param options Parsed options.
 * @param context The command context.
 * @returns The exit code.
 */
export async function runTokenDecode(
  options: TokenDecodeOptions,
  context: CommandContext,
): Promise<number> {
  const { settings, token } = await loadStoredToken(context);
  const what = options.idToken ? "ID token" : "access token";
  const jwt = options.idToken ? token.idToken : token.accessToken;
  if (!jwt) {
    throw new CliError(`no ${what} is stored for client-id "${settings.clientId}"`, {
      hint: options.idToken
        ? "the server issues one when the login asks for the openid scope"
        : "run 'authgate' to log in",
    });
  }
  const { decodeJwtPayload, JwtDecodeError } = await import("../token/jwt_payload.ts");
  let claims;
  try {
    claims = decodeJwtPayload(jwt);
  } catch (error) {
    if (!(error instanceof JwtDecodeError)) throw error;
    throw new CliError(`the stored ${what} cannot be decoded: ${error.message}`, {
      hint: options.idToken ? undefined : "run 'authgate token inspect' to ask the server about it",
    });
  }
  if (options.field === undefined) {
    context.deps.stdout.write(safeJsonText(JSON.stringify(claims, null, 2)) + "\n");
    return 0;
  }
  if (!Object.hasOwn(claims, options.field)) {
    throw new CliError(`the ${what} has no claim "${options.field}"`, {
      hint: `claims: ${serverText(Object.keys(claims).join(", "))}`,
    });
  }
  const value = claims[options.field];
  context.deps.stdout.write((typeof value === "string" ? value : JSON.stringify(value)) + "\n");
  return 0;
}
