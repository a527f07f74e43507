/**
 * Renders `authgate token status`: one line per fact, or JSON.
 * @module
 */

import { formatDuration } from "../config/duration.ts";
import type { TokenStatus } from "../token/token_status.ts";
import { safeJsonText, serverText } from "../text/server_text.ts";

/** A duration rounded to whole seconds, for people. */
function roughly(ms: number): string {
  return formatDuration(Math.round(Math.abs(ms) / 1000) * 1000);
}

function rows(status: TokenStatus): [string, string][] {
  const lines: [string, string][] = [
    ["client id", status.clientId],
    ["token store", [status.store, status.location].filter(Boolean).join(" ")],
  ];
  const token = status.token;
  if (!token) {
    lines.push(["access token", "none stored (run 'authgate' to log in)"]);
    return lines;
  }
  const at = new Date(token.expiresAt).toISOString();
  lines.push([
    "access token",
    token.expired
      ? `expired at ${at} (${roughly(token.expiresInMs)} ago)`
      : `expires at ${at} (in ${roughly(token.expiresInMs)})`,
  ]);
  const window = roughly(status.refreshThresholdMs);
  const rejectedAt = token.refreshRejectedAt;
  lines.push([
    "refresh window",
    rejectedAt !== undefined
      ? `${
        token.inRefreshWindow ? "inside" : "outside"
      } (the last ${window}): no refresh possible, run 'authgate' to log in again`
      : token.inRefreshWindow
      ? `inside (the last ${window}): the next 'authgate token get' refreshes it`
      : `outside (the last ${window}): a refresh is due in ${
        roughly(token.expiresInMs - status.refreshThresholdMs)
      }`,
  ]);
  lines.push([
    "refresh token",
    rejectedAt !== undefined
      ? `stored, rejected by the server at ${new Date(rejectedAt).toISOString()} (never sent again)`
      : token.refreshTokenStored
      ? "stored"
      : "not stored",
  ]);
  lines.push(["id token", token.idTokenStored ? "stored" : "not stored"]);
  // The scope is the server's text, kept as it answered.
  if (token.scope) lines.push(["scope", serverText(token.scope)]);
  return lines;
}

/**
 * One `fact: value` line per fact, aligned.
 *
 * @param status The facts.
 * @returns The text, ending with a newline.
 */
export function tokenStatusText(status: TokenStatus): string {
  const lines = rows(status);
  const width = Math.max(...lines.map(([label]) => label.length)) + 1;
  return lines.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}\n`).join("");
}

/**
 * The facts as one line of JSON (times RFC 3339, durations in seconds).
 *
 * @param status The facts.
 * @returns The JSON text and a newline.
 */
export function tokenStatusJson(status: TokenStatus): string {
  const token = status.token;
  const json: Record<string, unknown> = {
    client_id: status.clientId,
    store: status.store,
    store_path: status.location,
    refresh_threshold_seconds: status.refreshThresholdMs / 1000,
    token_stored: token !== undefined,
  };
  if (token) {
    Object.assign(json, {
      expires_at: new Date(token.expiresAt).toISOString(),
      expires_in_seconds: Math.floor(token.expiresInMs / 1000),
      expired: token.expired,
      in_refresh_window: token.inRefreshWindow,
      refresh_token_stored: token.refreshTokenStored,
      refresh_token_rejected: token.refreshRejectedAt !== undefined,
      ...(token.refreshRejectedAt !== undefined
        ? { refresh_token_rejected_at: new Date(token.refreshRejectedAt).toISOString() }
        : {}),
      id_token_stored: token.idTokenStored,
      ...(token.scope ? { scope: token.scope } : {}),
    });
  }
  return safeJsonText(JSON.stringify(json)) + "\n";
}
