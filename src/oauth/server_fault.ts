/**
 * Failures on the server's side of an exchange, in one line that names the server: an HTTP
 * 5xx or 429 answer, an answer that is not the response the protocol defines, and
 * `invalid_client` (the server refuses the client itself). Everything else (transport
 * errors, other OAuth errors) is {@linkcode classifyOAuthError}'s.
 * @module
 */

import * as oauth from "oauth4webapi";
import type { OAuthClient } from "./oauth_client.ts";
import { classifyOAuthError, OAuthFailure, safeDescription } from "./oauth_errors.ts";

/** The server did not answer as the protocol says. Retrying later may help; logging in does not. */
export class ServerFault extends OAuthFailure {
  override name = "ServerFault";

  /**
   * @param message The one-line message (names the server, never quotes its body).
   * @param status The HTTP status, when an unexpected status was the fault.
   * @param retryAfter The answer's Retry-After header, as sent (429, 503).
   */
  constructor(message: string, readonly status?: number, readonly retryAfter?: string) {
    super("server_fault", message);
  }
}

/** One exchange with the server, as messages name it. */
export interface Exchange {
  /** What was attempted: `token refresh`. */
  what: string;
  /** What a valid answer is: `token response`. */
  expects: string;
}

/**
 * The fault of an answer whose HTTP status is not the exchange's.
 *
 * @param oc The OAuth client (names the server).
 * @param exchange The exchange.
 * @param response The answer.
 * @returns The fault.
 */
export function statusFault(oc: OAuthClient, exchange: Exchange, response: Response): ServerFault {
  const { status } = response;
  const label = status === 429 ? " (too many requests)" : "";
  const retryAfter = response.headers.get("retry-after") ?? undefined;
  return new ServerFault(
    `the server at ${oc.settings.serverUrl} answered the ${exchange.what} with HTTP ${status}${label}`,
    status,
    retryAfter === undefined ? undefined : safeDescription(retryAfter),
  );
}

/**
 * The fault of an answer with the right status that is not a valid response.
 *
 * @param oc The OAuth client (names the server).
 * @param exchange The exchange.
 * @param detail What is wrong with it, without quoting it.
 * @returns The fault.
 */
export function invalidAnswer(oc: OAuthClient, exchange: Exchange, detail: string): ServerFault {
  return new ServerFault(
    `the server at ${oc.settings.serverUrl} answered the ${exchange.what} with something that ` +
      `is not a valid ${exchange.expects} (${detail})`,
  );
}

function clientRejected(
  oc: OAuthClient,
  exchange: Exchange,
  description: string | undefined,
): OAuthFailure {
  const described = description ? `: ${safeDescription(description)}` : "";
  return new OAuthFailure(
    "oauth_error",
    `the server at ${oc.settings.serverUrl} refused client-id "${oc.client.client_id}" ` +
      `on the ${exchange.what} (invalid_client${described})`,
    "invalid_client",
  );
}

/** The answer oauth4webapi refused, and why; undefined when it is not the server's fault. */
function processingFault(
  error: oauth.OperationProcessingError,
  oc: OAuthClient,
  exchange: Exchange,
): ServerFault | undefined {
  const response = error.cause instanceof Response ? error.cause : undefined;
  switch (error.code) {
    case oauth.RESPONSE_IS_NOT_CONFORM:
    case oauth.RESPONSE_IS_NOT_JSON: {
      // A 4xx without a JSON OAuth error lands here too: the status is the news.
      if (response && !response.ok) return statusFault(oc, exchange, response);
      if (error.code === oauth.RESPONSE_IS_NOT_CONFORM) return undefined;
      const type = response?.headers.get("content-type");
      return invalidAnswer(
        oc,
        exchange,
        type ? `content-type ${safeDescription(type)}, not JSON` : "not JSON",
      );
    }
    case oauth.PARSE_ERROR:
      return invalidAnswer(oc, exchange, "malformed JSON");
    case oauth.INVALID_RESPONSE:
      // The message names the field, never its value: `"response" body "access_token" ...`.
      return invalidAnswer(oc, exchange, error.message.replace(/^"response" /, ""));
  }
  return undefined;
}

/**
 * Classifies what an exchange threw: the server's faults and `invalid_client` with the
 * server named, everything else as {@linkcode classifyOAuthError} does.
 *
 * @param error The thrown value.
 * @param oc The OAuth client.
 * @param exchange The exchange.
 * @returns The classified failure.
 */
export function classifyExchangeError(
  error: unknown,
  oc: OAuthClient,
  exchange: Exchange,
): OAuthFailure {
  if (
    error instanceof oauth.ResponseBodyError ||
    error instanceof oauth.WWWAuthenticateChallengeError
  ) {
    if (error.status === 429 || error.status >= 500) {
      return statusFault(oc, exchange, error.response);
    }
    const [code, description] = error instanceof oauth.ResponseBodyError
      ? [error.error, error.error_description]
      : [error.cause[0]?.parameters.error, error.cause[0]?.parameters.error_description];
    if (code === "invalid_client") return clientRejected(oc, exchange, description);
  }
  if (error instanceof oauth.OperationProcessingError) {
    const fault = processingFault(error, oc, exchange);
    if (fault) return fault;
  }
  return classifyOAuthError(error, exchange.what);
}
