/**
 * After a login: does the server accept the token, and who is the user?
 * Verification asks AuthGate's tokeninfo or RFC 7662 introspection
 * (`inspectAccessToken`), else userinfo; userinfo is fetched in parallel.
 * @module
 */

import type * as oauth from "oauth4webapi";
import { raceAbort } from "../platform/sleep.ts";
import { errorMessage } from "../errors.ts";
import type { OAuthClient } from "./oauth_client.ts";
import type { OAuthFailure } from "./oauth_errors.ts";
import { inspectAccessToken } from "./token_info.ts";
import { fetchUserInfo } from "./userinfo.ts";

/** The server's verdict on a token. */
export type Verification =
  /** The server accepts the token. */
  | {
    status: "active";
    via: "tokeninfo" | "introspection" | "userinfo";
    claims: Record<string, unknown>;
  }
  /** The server says the token is not (or no longer) valid. */
  | { status: "inactive"; via: "tokeninfo" | "introspection" | "userinfo" }
  /** No answer either way. */
  | { status: "unknown"; reason: string };

/** Verification and userinfo, each as answered. */
export interface TokenCheck {
  verification: Verification;
  userinfo: { ok: true; claims: oauth.UserInfoResponse } | { ok: false; reason: string };
}

function rejectedToken(error: unknown): boolean {
  return (error as OAuthFailure)?.kind === "invalid_grant";
}

/**
 * Verifies `accessToken` and fetches userinfo, the two in parallel. When the
 * server has no token information endpoint, or asking it fails, the userinfo
 * answer serves as the verification (200: active; 401 invalid_token: inactive).
 *
 * @param oc The OAuth client.
 * @param accessToken The token.
 * @param signal Ends the requests early (Ctrl-C).
 * @returns Both answers.
 */
export async function checkAccessToken(
  oc: OAuthClient,
  accessToken: string,
  signal?: AbortSignal,
): Promise<TokenCheck> {
  const userinfo = fetchUserInfo(oc, accessToken, signal).then(
    (claims) => ({ ok: true as const, claims }),
    (error: unknown) => ({ ok: false as const, reason: errorMessage(error), error }),
  );
  const inspected = inspectAccessToken(oc, accessToken).then(
    (info) => ({ ok: true as const, info }),
    (error: unknown) => ({ ok: false as const, reason: errorMessage(error) }),
  );
  const [user, info] = await raceAbort(Promise.all([userinfo, inspected]), signal);

  let verification: Verification;
  if (info.ok) {
    verification = info.info.active
      ? { status: "active", via: info.info.via, claims: info.info.json }
      : { status: "inactive", via: info.info.via };
  } else if (user.ok) {
    verification = { status: "active", via: "userinfo", claims: user.claims };
  } else if (rejectedToken(user.error)) {
    verification = { status: "inactive", via: "userinfo" };
  } else {
    verification = { status: "unknown", reason: `${info.reason}; ${user.reason}` };
  }
  return {
    verification,
    userinfo: user.ok ? user : { ok: false, reason: user.reason },
  };
}
