/**
 * Turns whatever an OAuth exchange threw into one classified, token-free line.
 * Every part the server chose (error codes, descriptions, the texts of
 * failed checks) passes {@linkcode serverText}: one line, no control or bidi
 * characters, capped. Secrets it may echo are redacted where stderr is written.
 * @module
 */

import * as oauth from "oauth4webapi";
import { errorMessage } from "../errors.ts";
import { serverText } from "../text/server_text.ts";
import { ResponseTooLargeError } from "./capped_fetch.ts";
import { TransportError } from "./transport_errors.ts";

/** Why an exchange failed. */
export type OAuthFailureKind =
  /** The grant is dead: `invalid_grant` / `invalid_token` (re-authenticate). */
  | "invalid_grant"
  /** The server answered with another OAuth error. */
  | "oauth_error"
  /** The server answered something that is not a valid response. */
  | "bad_response"
  /** The server failed (HTTP 5xx, 429, an answer that is not the protocol's): see server_fault.ts. */
  | "server_fault"
  /** No answer: TLS, DNS, refused or reset connection, timeout, permission. */
  | "network";

/** A failed OAuth exchange. `message` never contains token material. */
export class OAuthFailure extends Error {
  override name = "OAuthFailure";
  /** What to do about it, when the failure says (a transport failure does). */
  readonly hint?: string;

  constructor(
    readonly kind: OAuthFailureKind,
    message: string,
    readonly oauthError?: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options);
    this.hint = options?.hint;
  }
}

/** The most characters of an OAuth `error` code shown (registered codes are under 30). */
const OAUTH_ERROR_LIMIT = 64;

/**
 * An OAuth error answer as one safe phrase: `invalid_grant: the description`.
 *
 * @param answer The `error` and `error_description` the server sent.
 * @returns The phrase; server text is sanitised and capped.
 */
export function describeOAuthError(answer: { error: string; error_description?: string }): string {
  const code = serverText(answer.error, OAUTH_ERROR_LIMIT);
  return answer.error_description ? `${code}: ${safeDescription(answer.error_description)}` : code;
}

/**
 * Classifies an error thrown by a request or by oauth4webapi's processing.
 *
 * @param error The thrown value.
 * @param what What was attempted, for the message (`token refresh`).
 * @returns The classified failure.
 */
export function classifyOAuthError(error: unknown, what: string): OAuthFailure {
  if (error instanceof OAuthFailure) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const kind = error.error === "invalid_grant" || error.error === "invalid_token"
      ? "invalid_grant"
      : "oauth_error";
    return new OAuthFailure(
      kind,
      `${what} rejected by the server (${describeOAuthError(error)})`,
      error.error,
      { cause: error },
    );
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const code = challenge?.parameters.error ?? "unauthorized";
    return new OAuthFailure(
      code === "invalid_token" ? "invalid_grant" : "oauth_error",
      `${what} rejected by the server (${
        serverText(code, OAUTH_ERROR_LIMIT)
      }, HTTP ${error.status})`,
      code,
      { cause: error },
    );
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof ResponseTooLargeError) {
    return new OAuthFailure(
      "bad_response",
      `${what}: invalid server response: ${serverText(error.message)}`,
    );
  }
  if (error instanceof TransportError) {
    return new OAuthFailure("network", `${what} failed: ${error.message}`, undefined, {
      cause: error,
      hint: error.hint,
    });
  }
  if (error instanceof Deno.errors.NotCapable) {
    return new OAuthFailure("network", `${what}: network access is not permitted`, undefined, {
      cause: error,
    });
  }
  return new OAuthFailure(
    "network",
    `${what} failed: ${serverText(errorMessage(error))}`,
    undefined,
    {
      cause: error,
    },
  );
}

/** Longest `error_description` quoted in a message. */
const MAX_DESCRIPTION = 120;

/**
 * A server-supplied `error_description` made safe to quote: only the characters
 * RFC 6749 5.2 allows (printable ASCII, no `"` or `\`; so no control, bidi or
 * line break characters either), token-like runs (32+ characters without a
 * space) replaced by `[...]` since a server may echo what it was sent, and at
 * most 120 characters. Stricter than {@linkcode serverText}, which the other
 * server text passes.
 *
 * @param text The server's text.
 * @returns The text to quote.
 */
export function safeDescription(text: string): string {
  const printable = String(text).replace(/[^\x21\x23-\x5b\x5d-\x7e]+/g, " ").trim();
  const masked = printable.replace(/[^\s]{32,}/g, "[...]");
  return masked.length > MAX_DESCRIPTION ? masked.slice(0, MAX_DESCRIPTION - 3) + "..." : masked;
}
