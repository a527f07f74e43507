/**
 * Turns whatever an OAuth exchange threw into one classified, token-free line.
 * Every part the server chose (error codes, descriptions, the texts of
 * failed checks) passes {@linkcode serverText}: one line, no control or bidi
 * characters, capped. Secrets it may echo are redacted where stderr is written.
 * @module
 */

import * as oauth from "oauth4webapi";
import { errorMessage } from "../ui/errors.ts";
import { serverText } from "../ui/server_text.ts";
import { ResponseTooLargeError } from "./capped_fetch.ts";

/** Why an exchange failed. */
export type OAuthFailureKind =
  /** The grant is dead: `invalid_grant` / `invalid_token` (re-authenticate). */
  | "invalid_grant"
  /** The server answered with another OAuth error. */
  | "oauth_error"
  /** The server answered something that is not a valid response. */
  | "bad_response"
  /** No answer: timeout, refused connection, DNS, permission. */
  | "network";

/** A failed OAuth exchange. `message` never contains token material. */
export class OAuthFailure extends Error {
  override name = "OAuthFailure";

  constructor(
    readonly kind: OAuthFailureKind,
    message: string,
    readonly oauthError?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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
  return answer.error_description ? `${code}: ${serverText(answer.error_description)}` : code;
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
  if (error instanceof DOMException && error.name === "TimeoutError") {
    return new OAuthFailure("network", `${what} timed out`, undefined, { cause: error });
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
