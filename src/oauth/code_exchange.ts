/**
 * The authorization code grant's token request (RFC 6749 4.1.3) with the PKCE
 * code verifier.
 * @module
 */

import * as oauth from "oauth4webapi";
import { configuredTimeout, requestOptions } from "./http_options.ts";
import type { OAuthClient } from "./oauth_client.ts";
import { classifyExchangeError } from "./server_fault.ts";

/** Options of {@linkcode exchangeAuthorizationCode}. */
export interface CodeExchangeOptions {
  /** Extra form fields (AuthGate's `extra_claims`). */
  additionalParameters?: Record<string, string>;
  /** Ends the request early (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * Exchanges a validated callback's code for tokens.
 *
 * @param oc The OAuth client (a confidential client authenticates here).
 * @param callbackParams The parameters `validateAuthResponse` returned.
 * @param redirectUri The redirect URI of the authorization request.
 * @param codeVerifier The PKCE code verifier.
 * @param options Extra parameters and a cancel signal.
 * @returns The validated token endpoint response.
 * @throws {import("./oauth_errors.ts").OAuthFailure} on any failure.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.5
 */
export async function exchangeAuthorizationCode(
  oc: OAuthClient,
  callbackParams: URLSearchParams,
  redirectUri: string,
  codeVerifier: string,
  options: CodeExchangeOptions = {},
): Promise<oauth.TokenEndpointResponse> {
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      oc.as,
      oc.client,
      oc.clientAuth,
      callbackParams,
      redirectUri,
      codeVerifier,
      {
        ...requestOptions(
          oc.http,
          configuredTimeout(oc.settings.timeouts, "tokenExchange"),
          options.signal,
        ),
        additionalParameters: options.additionalParameters,
      },
    );
    return await oauth.processAuthorizationCodeResponse(oc.as, oc.client, response);
  } catch (error) {
    throw classifyExchangeError(error, oc, { what: "code exchange", expects: "token response" });
  }
}
