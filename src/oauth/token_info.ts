/**
 * Asks the server about an access token: RFC 7662 introspection when the
 * server advertises it in discovery, else AuthGate's `/oauth/tokeninfo`.
 * @module
 */

import * as oauth from "oauth4webapi";
import { AUTHGATE_PATHS } from "./endpoints.ts";
import { configuredTimeout, requestOptions } from "./http_options.ts";
import type { OAuthClient } from "./oauth_client.ts";
import { OAuthFailure } from "./oauth_errors.ts";
import {
  classifyExchangeError,
  type Exchange,
  invalidAnswer,
  statusFault,
} from "./server_fault.ts";

const TOKENINFO: Exchange = { what: "tokeninfo request", expects: "tokeninfo response" };
const INTROSPECTION: Exchange = { what: "token introspection", expects: "introspection response" };

/** The server's answer about a token. */
export interface TokenInfoResult {
  /** Which endpoint answered. */
  via: "tokeninfo" | "introspection";
  /** HTTP status of the answer. */
  status: number;
  /** The body exactly as received. */
  body: string;
  /** The body as JSON (an object). */
  json: Record<string, unknown>;
  /** Whether the server considers the token active. */
  active: boolean;
}

function parseObject(oc: OAuthClient, body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw invalidAnswer(oc, TOKENINFO, "not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidAnswer(oc, TOKENINFO, "not a JSON object");
  }
  return value as Record<string, unknown>;
}

/**
 * AuthGate's tokeninfo (`GET /oauth/tokeninfo`, Bearer). `undefined` when the
 * server has no such endpoint (404/405).
 */
async function tokenInfo(oc: OAuthClient, accessToken: string) {
  const url = new URL(oc.settings.serverUrl + AUTHGATE_PATHS.tokeninfo_endpoint);
  let response: Response;
  try {
    response = await oauth.protectedResourceRequest(
      accessToken,
      "GET",
      url,
      new Headers({ accept: "application/json" }),
      null,
      requestOptions(oc.http, configuredTimeout(oc.settings.timeouts, "tokenVerification")),
    );
  } catch (error) {
    // A 401 with WWW-Authenticate is an answer: the token is not active.
    if (error instanceof oauth.WWWAuthenticateChallengeError) {
      response = error.response;
    } else {
      throw classifyExchangeError(error, oc, TOKENINFO);
    }
  }
  if (response.status === 404 || response.status === 405) return undefined;
  const body = await response.text();
  if (response.status !== 200 && response.status !== 401) {
    throw statusFault(oc, TOKENINFO, response);
  }
  const json = parseObject(oc, body);
  const active = response.status === 200 && json.active !== false;
  return { via: "tokeninfo" as const, status: response.status, body, json, active };
}

async function introspect(oc: OAuthClient, accessToken: string): Promise<TokenInfoResult> {
  try {
    const response = await oauth.introspectionRequest(
      oc.as,
      oc.client,
      oc.clientAuth,
      accessToken,
      {
        ...requestOptions(oc.http, configuredTimeout(oc.settings.timeouts, "tokenVerification")),
        additionalParameters: { token_type_hint: "access_token" },
      },
    );
    const body = await response.clone().text();
    const json = await oauth.processIntrospectionResponse(oc.as, oc.client, response);
    return { via: "introspection", status: response.status, body, json, active: json.active };
  } catch (error) {
    throw classifyExchangeError(error, oc, INTROSPECTION);
  }
}

/**
 * Asks the server whether `accessToken` is active, and what it knows of it.
 *
 * Servers that list an introspection endpoint in discovery are introspected;
 * otherwise AuthGate's tokeninfo is asked.
 *
 * @param oc The OAuth client.
 * @param accessToken The token to ask about.
 * @returns The answer.
 * @throws {OAuthFailure} when the server offers neither endpoint (kind
 * `oauth_error`, message "the server offers no token information endpoint
 * ...") or the request fails.
 * @see https://www.rfc-editor.org/rfc/rfc7662
 */
export async function inspectAccessToken(
  oc: OAuthClient,
  accessToken: string,
): Promise<TokenInfoResult> {
  if (oc.listed.has("introspection_endpoint")) return await introspect(oc, accessToken);
  const answer = await tokenInfo(oc, accessToken);
  if (answer) return answer;
  throw new OAuthFailure(
    "oauth_error",
    "the server offers no token information endpoint (no /oauth/tokeninfo, no introspection in discovery)",
  );
}
