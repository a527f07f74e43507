/**
 * The refresh_token grant (RFC 6749 section 6). Sent once: never retried, since a
 * retried refresh with a rotating server revokes the whole token family.
 * @module
 */

import * as oauth from "oauth4webapi";
import { configuredTimeout, requestOptions } from "./http_options.ts";
import type { OAuthClient } from "./oauth_client.ts";
import { classifyExchangeError, type Exchange } from "./server_fault.ts";

/** The refresh, as messages name it. */
export const REFRESH_EXCHANGE: Exchange = { what: "token refresh", expects: "token response" };

/**
 * Exchanges a refresh token for a new token set.
 *
 * @param oc The OAuth client.
 * @param refreshToken The refresh token.
 * @param additionalParameters Extra form fields (AuthGate's `extra_claims`).
 * @returns The validated token endpoint response.
 * @throws {import("./oauth_errors.ts").OAuthFailure} on any failure (a
 * {@linkcode import("./server_fault.ts").ServerFault} when the server failed).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function refreshTokenGrant(
  oc: OAuthClient,
  refreshToken: string,
  additionalParameters?: Record<string, string>,
): Promise<oauth.TokenEndpointResponse> {
  try {
    const response = await oauth.refreshTokenGrantRequest(
      oc.as,
      oc.client,
      oc.clientAuth,
      refreshToken,
      {
        ...requestOptions(oc.http, configuredTimeout(oc.settings.timeouts, "refreshToken")),
        additionalParameters,
      },
    );
    return await oauth.processRefreshTokenResponse(oc.as, oc.client, response);
  } catch (error) {
    throw classifyExchangeError(error, oc, REFRESH_EXCHANGE);
  }
}
