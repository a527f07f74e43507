/**
 * Turns a token endpoint response into a stored token, with the checks the Go
 * client applies to every response.
 * @module
 */

import { invalidTokenField, type StoredToken } from "./stored_token.ts";
import { serverText } from "../text/server_text.ts";

/** Ten years: anything longer is a server bug (and past JavaScript's date range soon after). */
const MAX_EXPIRES_IN = 10 * 366 * 24 * 3600;

/** The fields of a token endpoint response this program uses. */
export interface TokenResponseFields {
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
  id_token?: string;
}

/** A token endpoint response that cannot be used. */
export class InvalidTokenResponseError extends Error {
  override name = "InvalidTokenResponseError";
}

/**
 * Builds the token to store from a response received at `now`.
 *
 * @param response The token endpoint response.
 * @param context The client id, the arrival time, the server it came from
 * (its base URL and the issuer discovery named: the token is bound to them),
 * and the token being replaced (its refresh token, scope and id token are kept
 * when the response omits them).
 * @returns The token.
 * @throws {InvalidTokenResponseError} when the response lacks an access token,
 * has an access or refresh token with characters outside RFC 6750's token68
 * set, has no positive `expires_in`, or is not a Bearer token. Nothing of
 * such a response is stored.
 */
export function storedTokenFromResponse(
  response: TokenResponseFields,
  context: {
    clientId: string;
    now: number;
    server: { serverUrl: string; issuer: string };
    previous?: StoredToken;
  },
): StoredToken {
  if (!response.access_token) {
    throw new InvalidTokenResponseError("the response has no access_token");
  }
  const invalid = invalidTokenField(response.access_token, response.refresh_token);
  if (invalid) {
    throw new InvalidTokenResponseError(
      `the response's ${invalid} has characters a token cannot have (RFC 6750); it was not stored`,
    );
  }
  const expiresIn = response.expires_in;
  if (typeof expiresIn !== "number" || !(expiresIn > 0)) {
    throw new InvalidTokenResponseError("the response has no positive expires_in");
  }
  if (expiresIn > MAX_EXPIRES_IN) {
    throw new InvalidTokenResponseError(`expires_in ${expiresIn} is beyond ten years`);
  }
  if (response.token_type && response.token_type.toLowerCase() !== "bearer") {
    throw new InvalidTokenResponseError(
      `unsupported token_type "${serverText(response.token_type, 32)}" (expected Bearer)`,
    );
  }
  const previous = context.previous;
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token || previous?.refreshToken || "",
    tokenType: "Bearer",
    scope: response.scope || previous?.scope,
    idToken: response.id_token || previous?.idToken,
    expiresAt: context.now + expiresIn * 1000,
    clientId: context.clientId,
    serverUrl: context.server.serverUrl,
    issuer: context.server.issuer,
  };
}
