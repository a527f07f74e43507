/**
 * Token revocation (RFC 7009).
 * @module
 */

import * as oauth from "oauth4webapi";
import { configuredTimeout, requestOptions } from "./http_options.ts";
import type { OAuthClient } from "./oauth_client.ts";
import { classifyExchangeError } from "./server_fault.ts";

/** Which kind of token is revoked (sent as `token_type_hint`). */
export type TokenTypeHint = "access_token" | "refresh_token";

/**
 * Revokes one token at the server's revocation endpoint.
 *
 * @param oc The OAuth client.
 * @param token The token to revoke.
 * @param hint What kind of token it is.
 * @throws {import("./oauth_errors.ts").OAuthFailure} when the request fails or is refused.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function revokeToken(
  oc: OAuthClient,
  token: string,
  hint: TokenTypeHint,
): Promise<void> {
  const what = `${hint === "access_token" ? "access" : "refresh"} token revocation`;
  try {
    const response = await oauth.revocationRequest(oc.as, oc.client, oc.clientAuth, token, {
      ...requestOptions(oc.http, configuredTimeout(oc.settings.timeouts, "revocation")),
      additionalParameters: { token_type_hint: hint },
    });
    await oauth.processRevocationResponse(response);
  } catch (error) {
    throw classifyExchangeError(error, oc, { what, expects: "revocation response" });
  }
}
