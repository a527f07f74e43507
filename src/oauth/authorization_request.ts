/**
 * The browser flow's authorization request (RFC 6749 4.1.1 with PKCE, RFC
 * 7636): a fresh code verifier and state from oauth4webapi, and the
 * authorization URL. oauth4webapi has no URL builder; the URL is built from
 * the server's `authorization_endpoint` the way its examples do.
 * @module
 */

import * as oauth from "oauth4webapi";
import { OAuthFailure } from "./oauth_errors.ts";

/** One authorization request and the secrets to check its answer with. */
export interface AuthorizationRequest {
  /** The URL to open in the browser. */
  url: string;
  /** The `state` sent; the callback must bring it back. */
  state: string;
  /** The PKCE code verifier (32 random bytes, base64url), sent only with the code exchange. */
  codeVerifier: string;
  redirectUri: string;
}

/**
 * Creates an authorization request with PKCE S256 and a random state.
 *
 * @param as The server metadata.
 * @param clientId The client id.
 * @param options Redirect URI and scope.
 * @returns The request.
 * @throws {OAuthFailure} when the server has no authorization endpoint.
 */
export async function createAuthorizationRequest(
  as: oauth.AuthorizationServer,
  clientId: string,
  options: { redirectUri: string; scope: string },
): Promise<AuthorizationRequest> {
  if (!as.authorization_endpoint) {
    throw new OAuthFailure("bad_response", "the server has no authorization endpoint");
  }
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("redirect_uri", options.redirectUri);
  if (options.scope) url.searchParams.set("scope", options.scope);
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  return { url: url.href, state, codeVerifier, redirectUri: options.redirectUri };
}

/**
 * Whether a callback carries exactly one `state`, equal to `expected`. The
 * comparison takes the same time wherever the values differ.
 *
 * @param expected The state that was sent.
 * @param params The callback's query parameters.
 */
export function stateMatches(expected: string, params: URLSearchParams): boolean {
  const received = params.getAll("state");
  if (received.length !== 1) return false;
  const a = new TextEncoder().encode(expected);
  const b = new TextEncoder().encode(received[0]);
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ (b[i % Math.max(b.length, 1)] ?? 0);
  return difference === 0;
}
