/**
 * The `Hint:` for a failure: the one a lower layer attached (a transport failure
 * names the settings that fix it), else the one for a failure the server is
 * responsible for (retry later, or fix the client settings). Read from the
 * failure's fields by shape, so the commands (and the fresh `token get` path)
 * need not load the protocol code that classifies them
 * (src/oauth/server_fault.ts, src/oauth/transport_errors.ts).
 * @module
 */

import { errorHint } from "./errors.ts";

/** The fields of a classified OAuth failure this module reads. */
interface FailureFields {
  kind?: unknown;
  oauthError?: unknown;
  status?: unknown;
  retryAfter?: unknown;
}

/**
 * The hint for a server fault (`kind` `server_fault`: HTTP 5xx, 429, an answer that
 * is not the protocol's) or an `invalid_client` refusal.
 *
 * @param error The failure.
 * @returns The hint, or undefined for any other failure.
 */
export function serverFailureHint(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { kind, oauthError, status, retryAfter } = error as FailureFields;
  if (oauthError === "invalid_client") {
    return "check CLIENT_ID and CLIENT_SECRET (--client-id, --client-secret, CLIENT_SECRET_FILE): the server does " +
      "not know this client or refused its secret (a public client has no secret).";
  }
  if (kind !== "server_fault") return undefined;
  if (status === 429) {
    const wait = typeof retryAfter === "string" && /^\d+$/.test(retryAfter)
      ? `in ${retryAfter}s`
      : "later";
    return `the server is limiting requests (your login is fine): retry ${wait}.`;
  }
  if (typeof status === "number" && status >= 500) {
    return "the fault is at the server, not in your login or settings: retry later.";
  }
  return "check SERVER_URL: that is not how an OAuth server answers; if SERVER_URL is right, " +
    "the fault is at the server, not in your login: retry later.";
}

/**
 * The hint for any failure: its own ({@linkcode errorHint}), else
 * {@linkcode serverFailureHint}'s.
 *
 * @param error The failure.
 * @returns The hint, or undefined when there is none.
 */
export function failureHint(error: unknown): string | undefined {
  return errorHint(error) ?? serverFailureHint(error);
}
