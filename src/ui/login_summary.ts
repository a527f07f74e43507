/**
 * The summary the main flow prints on stderr once a valid token is stored:
 * how it was obtained, the user, scope, expiry, both tokens masked.
 * @module
 */

import type { StoredToken } from "../token/stored_token.ts";
import type { TokenSource } from "../usecases/login.ts";
import { maskToken } from "./mask.ts";
import { serverText } from "../text/server_text.ts";
import { formatRemaining } from "../config/duration.ts";

/** What the summary shows. */
export interface LoginSummary {
  source: TokenSource;
  token: StoredToken;
  now: number;
  /** Who the token belongs to, when the server said. */
  user?: string;
  /** `active (tokeninfo)`, `not checked: ...`. */
  verification: string;
  /** Where the token is stored: `file /home/me/.config/authgate/tokens.json`. */
  store: string;
}

/** The most characters of one claim (a name, an email) shown. */
const CLAIM_LIMIT = 120;

const HEADLINES: Record<TokenSource, string> = {
  stored: "Using the stored token.",
  refreshed: "Using the refreshed token.",
  browser: "Logged in with the browser flow.",
  device: "Logged in with the device flow.",
  client_credentials: "Obtained a token with the client credentials (no person logged in).",
};

/**
 * Describes the user from userinfo or token information claims: a name
 * (preferred_username, name, user_id, username or sub), then the email.
 *
 * @param claims Claims from userinfo, tokeninfo or introspection.
 * @returns The description (server text, made safe), or undefined when there is nothing to show.
 */
export function describeUser(claims: Record<string, unknown>): string | undefined {
  const text = (key: string) => {
    const value = claims[key];
    return typeof value === "string" && value !== "" ? serverText(value, CLAIM_LIMIT) : undefined;
  };
  const name = text("preferred_username") ?? text("name") ?? text("user_id") ??
    text("username") ?? text("sub");
  const email = text("email");
  if (name && email && name !== email) return `${name} <${email}>`;
  return name ?? email;
}

/**
 * Formats the summary lines (no trailing newline).
 *
 * @param summary What to show.
 * @returns The text.
 */
export function formatLoginSummary(summary: LoginSummary): string {
  const { token } = summary;
  const rows: [string, string][] = [
    ["User", summary.user ?? "(unknown)"],
    ["Scope", token.scope === undefined ? "(not reported)" : serverText(token.scope)],
    [
      "Expires",
      `${new Date(token.expiresAt).toISOString()} (in ${
        formatRemaining(token.expiresAt - summary.now)
      })`,
    ],
    ["Access token", maskToken(token.accessToken)],
    ["Refresh token", token.refreshToken ? maskToken(token.refreshToken) : "(none)"],
    ["Verified", summary.verification],
    ["Stored in", summary.store],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return [
    HEADLINES[summary.source],
    ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width + 1)} ${value}`),
  ].join("\n");
}
