/**
 * What `token get` prints, in each `--format`. Pure: the caller passes `now`.
 *
 * No format can inject a header line or a shell command: every token reaching
 * here passed the token68 check (`invalidTokenField` in
 * ../token/stored_token.ts), when it arrived and again when it was read back.
 * @module
 */

import type { EnvShell, TokenFormat } from "../config/setting_flags.ts";
import { isExpired } from "../token/expiry.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { fishQuote, powershellQuote, shQuote } from "./shell_quote.ts";

/** The variables `--format env` sets, in order. */
export const ENV_VARIABLES = [
  "AUTHGATE_ACCESS_TOKEN",
  "AUTHGATE_TOKEN_TYPE",
  "AUTHGATE_EXPIRES_AT",
] as const;

/** The Kubernetes client authentication API version of `--format exec-credential`. */
export const EXEC_CREDENTIAL_API_VERSION = "client.authentication.k8s.io/v1";

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

function envLines(token: StoredToken, shell: EnvShell): string {
  const values = [token.accessToken, "Bearer", new Date(token.expiresAt).toISOString()];
  return ENV_VARIABLES.map((name, i) => {
    const value = values[i];
    if (shell === "fish") return `set -gx ${name} ${fishQuote(value)};\n`;
    if (shell === "powershell") return `$env:${name} = ${powershellQuote(value)}\n`;
    return `export ${name}=${shQuote(value)}\n`;
  }).join("");
}

/**
 * A Kubernetes ExecCredential, so `authgate token get --format
 * exec-credential` works as a kubectl exec credential plugin. The expiry is
 * the token's, in whole seconds (rounded down), so kubectl asks again in time.
 *
 * @param token The token.
 * @returns One line of JSON.
 */
export function execCredential(token: StoredToken): string {
  const expiry = new Date(Math.floor(token.expiresAt / 1000) * 1000).toISOString();
  return JSON.stringify({
    apiVersion: EXEC_CREDENTIAL_API_VERSION,
    kind: "ExecCredential",
    status: { token: token.accessToken, expirationTimestamp: expiry.replace(".000Z", "Z") },
  });
}

/**
 * The text `token get` prints.
 *
 * @param token The token.
 * @param options The format, the env shell, and the time `expired` is judged at.
 * @returns The text, ending with a newline.
 */
export function formatToken(
  token: StoredToken,
  options: { format: TokenFormat; shell: EnvShell; now: number },
): string {
  switch (options.format) {
    case "json":
      return tokenJson(token, options.now) + "\n";
    case "env":
      return envLines(token, options.shell);
    case "header":
      return `Authorization: Bearer ${token.accessToken}\n`;
    case "exec-credential":
      return execCredential(token) + "\n";
    default:
      return token.accessToken + "\n";
  }
}
