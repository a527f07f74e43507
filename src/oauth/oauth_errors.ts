/**
 * Turns whatever an OAuth exchange threw into one classified, token-free line.
 * @module
 */

import * as oauth from "oauth4webapi";
import { errorMessage } from "../ui/errors.ts";
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
    const described = error.error_description ? `: ${error.error_description}` : "";
    const kind = error.error === "invalid_grant" || error.error === "invalid_token"
      ? "invalid_grant"
      : "oauth_error";
    return new OAuthFailure(
      kind,
      `${what} rejected by the server (${error.error}${described})`,
      error.error,
      { cause: error },
    );
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const code = challenge?.parameters.error ?? "unauthorized";
    return new OAuthFailure(
      code === "invalid_token" ? "invalid_grant" : "oauth_error",
      `${what} rejected by the server (${code}, HTTP ${error.status})`,
      code,
      { cause: error },
    );
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof ResponseTooLargeError) {
    return new OAuthFailure("bad_response", `${what}: invalid server response: ${error.message}`);
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
  return new OAuthFailure("network", `${what} failed: ${errorMessage(error)}`, undefined, {
    cause: error,
  });
}
