/**
 * The Client Credentials grant (RFC 6749 section 4.4): a machine client gets
 * an access token with its own credentials, no person involved. There is no
 * refresh token: renewing is asking again.
 * @module
 */

import * as oauth from "oauth4webapi";
import { type NetworkSettings, storeLockTimeoutMs } from "../config/network_settings.ts";
import { storedTokenFromResponse } from "../token/token_response.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { UsageError } from "../errors.ts";
import type { Obtainer } from "../token/token_services.ts";
import { configuredTimeout, requestOptions } from "./http_options.ts";
import {
  connectOAuthClient,
  type LazyConnectDeps,
  type OAuthClient,
  serverOf,
} from "./oauth_client.ts";
import { OAuthFailure } from "./oauth_errors.ts";
import { classifyExchangeError, type Exchange } from "./server_fault.ts";

/** The grant, as messages name it. */
const CLIENT_CREDENTIALS_EXCHANGE: Exchange = {
  what: "client credentials grant",
  expects: "token response",
};

/** What a machine client asks for. */
export interface ClientCredentialsRequest {
  /** Sent only when configured: the server grants the client its default scopes otherwise. */
  scope?: string;
  /** Extra form fields (AuthGate's `extra_claims`). */
  additionalParameters?: Record<string, string>;
}

/**
 * Sends one Client Credentials request. Its timeout is REFRESH_TOKEN_TIMEOUT,
 * the renewal's, which the store lock wait already covers.
 *
 * @param oc The OAuth client (confidential).
 * @param request Scope and extra fields.
 * @returns The validated token endpoint response.
 * @throws {OAuthFailure} on any failure.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export async function clientCredentialsGrant(
  oc: OAuthClient,
  request: ClientCredentialsRequest,
): Promise<oauth.TokenEndpointResponse> {
  const parameters: Record<string, string> = { ...request.additionalParameters };
  if (request.scope) parameters.scope = request.scope;
  try {
    const response = await oauth.clientCredentialsGrantRequest(
      oc.as,
      oc.client,
      oc.clientAuth,
      parameters,
      requestOptions(oc.http, configuredTimeout(oc.settings.timeouts, "refreshToken")),
    );
    return await oauth.processClientCredentialsResponse(oc.as, oc.client, response);
  } catch (error) {
    throw classifyExchangeError(error, oc, CLIENT_CREDENTIALS_EXCHANGE);
  }
}

/** The usage error for a machine client without a secret. */
function missingSecretError(): UsageError {
  return new UsageError(
    "GRANT_TYPE=client_credentials needs the client's secret",
    "set CLIENT_SECRET_FILE (or CLIENT_SECRET) to the machine client's secret",
  );
}

/**
 * Builds the obtainer of a machine client, discovering the server on first use.
 *
 * @param network Network settings (with the client secret).
 * @param deps Fetch, clock, warnings; `connect` replaces discovery with a
 * client the caller already has.
 * @param request Scope and extra fields of every request.
 * @returns The obtainer.
 * @throws {UsageError} when no client secret is configured.
 */
export function createClientCredentialsObtainer(
  network: NetworkSettings,
  deps: LazyConnectDeps,
  request: ClientCredentialsRequest,
): Obtainer {
  if (!network.clientSecret) throw missingSecretError();
  return {
    lockTimeoutMs: storeLockTimeoutMs(network.timeouts),
    async obtain(clientId: string): Promise<StoredToken> {
      const oc = await (deps.connect?.(clientId) ?? connectOAuthClient(clientId, network, deps));
      const response = await clientCredentialsGrant(oc, request);
      try {
        // No `previous`: a machine entry keeps nothing of the token it replaces.
        return storedTokenFromResponse(response, {
          clientId,
          now: deps.now(),
          server: serverOf(oc),
        });
      } catch (error) {
        throw new OAuthFailure(
          "bad_response",
          `client credentials grant: ${(error as Error).message}`,
        );
      }
    },
  };
}
