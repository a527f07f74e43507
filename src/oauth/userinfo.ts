/**
 * The OpenID Connect userinfo request.
 * @module
 */

import * as oauth from "oauth4webapi";
import { configuredTimeout, requestOptions } from "./http_options.ts";
import type { OAuthClient } from "./oauth_client.ts";
import { classifyOAuthError, OAuthFailure } from "./oauth_errors.ts";

/**
 * Fetches the user's claims with an access token. The subject is not checked
 * against an ID token (the stored token may have none).
 *
 * @param oc The OAuth client.
 * @param accessToken The access token.
 * @param signal Ends the request early (Ctrl-C).
 * @returns The claims.
 * @throws {OAuthFailure} kind `invalid_grant` when the server rejects the token.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export async function fetchUserInfo(
  oc: OAuthClient,
  accessToken: string,
  signal?: AbortSignal,
): Promise<oauth.UserInfoResponse> {
  if (!oc.as.userinfo_endpoint) {
    throw new OAuthFailure("oauth_error", "the server has no userinfo endpoint");
  }
  try {
    const response = await oauth.userInfoRequest(
      oc.as,
      oc.client,
      accessToken,
      requestOptions(oc.http, configuredTimeout(oc.settings.timeouts, "userinfo"), signal),
    );
    return await oauth.processUserInfoResponse(oc.as, oc.client, oauth.skipSubjectCheck, response);
  } catch (error) {
    throw classifyOAuthError(error, "userinfo");
  }
}
