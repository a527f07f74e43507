/**
 * The device authorization grant (RFC 8628): the device code request and the
 * polling loop. The client secret is never sent on this flow: both requests
 * use public-client authentication (client_id only), whatever CLIENT_SECRET says.
 * @module
 */

import * as oauth from "oauth4webapi";
import {
  nextPoll,
  parseRetryAfter,
  type PollOutcome,
  type PollSchedule,
  startSchedule,
} from "./device_poll_schedule.ts";
import { configuredTimeout, requestOptions } from "./http_options.ts";
import type { OAuthClient } from "./oauth_client.ts";
import { classifyOAuthError, OAuthFailure } from "./oauth_errors.ts";
import { TransportError } from "./transport_errors.ts";
import { errorMessage } from "../ui/errors.ts";

/** A device code, as the server issued it, and when it arrived. */
export interface DeviceCode extends oauth.DeviceAuthorizationResponse {
  /** Epoch milliseconds at arrival: the code expires `expires_in` seconds later. */
  receivedAt: number;
}

/**
 * Requests a device code (RFC 8628 3.1).
 *
 * @param oc The OAuth client.
 * @param options Scope, arrival clock, cancel signal.
 * @returns The device code.
 * @throws {OAuthFailure} on any failure.
 */
export async function requestDeviceCode(
  oc: OAuthClient,
  options: { scope: string; now(): number; signal?: AbortSignal },
): Promise<DeviceCode> {
  if (!oc.as.device_authorization_endpoint) {
    throw new OAuthFailure("oauth_error", "the server has no device authorization endpoint");
  }
  try {
    const response = await oauth.deviceAuthorizationRequest(
      oc.as,
      oc.client,
      oauth.None(),
      new URLSearchParams(options.scope ? { scope: options.scope } : {}),
      requestOptions(
        oc.http,
        configuredTimeout(oc.settings.timeouts, "deviceCodeRequest"),
        options.signal,
      ),
    );
    const authorization = await oauth.processDeviceAuthorizationResponse(
      oc.as,
      oc.client,
      response,
    );
    return { ...authorization, receivedAt: options.now() };
  } catch (error) {
    throw classifyOAuthError(error, "device code request");
  }
}

/** What the polling loop needs from outside. */
export interface DevicePollDeps {
  now(): number;
  /** Waits; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Ends the loop (Ctrl-C). */
  signal?: AbortSignal;
  /** The server asked to slow down (`slow_down`, or HTTP 429); the new interval. */
  onSlowDown?(intervalMs: number, cause: "slow_down" | "HTTP 429"): void;
  /** A poll failed transiently and will be retried after `delayMs`. */
  onRetry?(reason: string, delayMs: number): void;
}

type PollAnswer = PollOutcome & { reason?: string } | {
  kind: "token";
  response: oauth.TokenEndpointResponse;
};

/** Whether a failed poll may be sent again (its classification says; an unclassified fetch failure may). */
function isTransient(error: unknown): boolean {
  return error instanceof TransportError ? error.retryable : error instanceof TypeError;
}

async function pollOnce(
  oc: OAuthClient,
  code: DeviceCode,
  deps: DevicePollDeps,
  additionalParameters?: Record<string, string>,
): Promise<PollAnswer> {
  let response: Response;
  try {
    response = await oauth.deviceCodeGrantRequest(
      oc.as,
      oc.client,
      oauth.None(),
      code.device_code,
      {
        ...requestOptions(
          oc.http,
          configuredTimeout(oc.settings.timeouts, "tokenExchange"),
          deps.signal,
        ),
        additionalParameters,
      },
    );
  } catch (error) {
    if (deps.signal?.aborted) throw deps.signal.reason;
    if (isTransient(error)) return { kind: "transient", reason: errorMessage(error) };
    throw classifyOAuthError(error, "device token request");
  }
  if (response.status === 429) {
    await response.body?.cancel();
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), deps.now());
    return { kind: "rate_limited", retryAfterMs };
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    return { kind: "transient", reason: `the server answered HTTP ${response.status}` };
  }
  try {
    return {
      kind: "token",
      response: await oauth.processDeviceCodeResponse(oc.as, oc.client, response),
    };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      if (error.error === "authorization_pending") return { kind: "pending" };
      if (error.error === "slow_down") return { kind: "slow_down" };
    }
    throw classifyOAuthError(error, "device token request");
  }
}

function expired(code: DeviceCode): OAuthFailure {
  return new OAuthFailure(
    "oauth_error",
    `the device code expired after ${Math.round(code.expires_in / 60)} minutes without approval`,
    "expired_token",
  );
}

/**
 * Polls the token endpoint until the user approves, denies, or the code
 * expires (RFC 8628 3.4, 3.5): at the server's interval (5 s when absent);
 * `slow_down` and HTTP 429 add 5 s (429 waits at least Retry-After); network
 * errors and 5xx answers are retried with backoff; polling stops at the
 * code's expiry.
 *
 * @param oc The OAuth client.
 * @param code The device code.
 * @param deps Clock, sleep, cancel signal, progress callbacks.
 * @param additionalParameters Extra form fields (AuthGate's `extra_claims`).
 * @returns The validated token endpoint response.
 * @throws {OAuthFailure} with `oauthError` `access_denied`, `expired_token`
 * (also when the code's lifetime runs out here), or another failure; the
 * signal's reason when aborted.
 */
export async function pollDeviceToken(
  oc: OAuthClient,
  code: DeviceCode,
  deps: DevicePollDeps,
  additionalParameters?: Record<string, string>,
): Promise<oauth.TokenEndpointResponse> {
  let schedule: PollSchedule = startSchedule(code, code.receivedAt);
  let delayMs = schedule.intervalMs;
  while (true) {
    const remaining = schedule.deadline - deps.now();
    if (remaining <= 0) throw expired(code);
    await deps.sleep(Math.min(delayMs, remaining), deps.signal);
    if (deps.now() >= schedule.deadline) throw expired(code);

    const answer = await pollOnce(oc, code, deps, additionalParameters);
    if (answer.kind === "token") return answer.response;
    ({ schedule, delayMs } = nextPoll(schedule, answer));
    if (answer.kind === "slow_down") deps.onSlowDown?.(schedule.intervalMs, "slow_down");
    if (answer.kind === "rate_limited") deps.onSlowDown?.(schedule.intervalMs, "HTTP 429");
    if (answer.kind === "transient") deps.onRetry?.(answer.reason ?? "poll failed", delayMs);
  }
}
