/**
 * A complete device authorization grant (RFC 8628) by a client with no human: request a
 * device code, approve it through the server's pages, poll the token endpoint.
 *
 * @module
 */

import * as oauth from "oauth4webapi";

/** What the grant needs from the server under test. */
export interface DeviceLoginContext {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  scope: string;
  /** Approves the pending code (walks the verification pages). */
  approve(verificationUrl: string, userCode: string): Promise<void>;
}

const insecure = { [oauth.allowInsecureRequests]: true };

/** Runs the grant and returns the token endpoint's JSON response. */
export async function runDeviceLogin(ctx: DeviceLoginContext): Promise<Record<string, unknown>> {
  const { as, client, clientAuth } = ctx;
  const authorization = await oauth.processDeviceAuthorizationResponse(
    as,
    client,
    await oauth.deviceAuthorizationRequest(
      as,
      client,
      clientAuth,
      new URLSearchParams({ scope: ctx.scope }),
      insecure,
    ),
  );
  await ctx.approve(
    authorization.verification_uri_complete ?? authorization.verification_uri,
    authorization.user_code,
  );

  // Approved before the first poll, so normally one poll is enough; the loop follows RFC 8628
  // anyway (interval, +5 s on slow_down) in case the server enforces intervals.
  let intervalMs = (authorization.interval ?? 0) * 1000;
  const deadline = Date.now() + authorization.expires_in * 1000;
  while (true) {
    const response = await oauth.deviceCodeGrantRequest(
      as,
      client,
      clientAuth,
      authorization.device_code,
      insecure,
    );
    try {
      return { ...(await oauth.processDeviceCodeResponse(as, client, response)) };
    } catch (error) {
      if (!(error instanceof oauth.ResponseBodyError) || Date.now() > deadline) throw error;
      if (error.error === "slow_down") intervalMs += 5000;
      else if (error.error !== "authorization_pending") throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(intervalMs, 200)));
  }
}
