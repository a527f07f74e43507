/**
 * The device authorization grant (RFC 8628): the device code request and the
 * polling loop. The client secret is never sent on this flow: both requests
 * use public-client authentication (client_id only), whatever CLIENT_SECRET says.
 * Both retry a network error, HTTP 5xx and 429 on the same schedule
 * (device_poll_schedule.ts); OAuth errors are answers, never retried.
 * @module
 */

import * as oauth from "oauth4webapi";
import {
  nextPoll,
  parseRetryAfter,
  type PollOutcome,
  type PollSchedule,
  retrySchedule,
  startSchedule,
} from "./device_poll_schedule.ts";
import { configuredTimeout, requestOptions } from "./http_options.ts";
import type { OAuthClient } from "./oauth_client.ts";
import { OAuthFailure } from "./oauth_errors.ts";
import { classifyExchangeError, type Exchange, ServerFault, statusFault } from "./server_fault.ts";
import { TransportError } from "./transport_errors.ts";
import { formatDuration } from "../config/duration.ts";
import { errorMessage } from "../errors.ts";

const DEVICE_CODE_EXCHANGE: Exchange = {
  what: "device code request",
  expects: "device authorization response",
};
const DEVICE_TOKEN_EXCHANGE: Exchange = { what: "device token request", expects: "token response" };

/** A device code, as the server issued it, and when it arrived. */
export interface DeviceCode extends oauth.DeviceAuthorizationResponse {
  /** Epoch milliseconds at arrival: the code expires `expires_in` seconds later. */
  receivedAt: number;
}

/** What the device code request needs from outside. */
export interface DeviceCodeDeps {
  now(): number;
  /** Waits; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Ends the requests and the waits (Ctrl-C, SIGTERM). */
  signal?: AbortSignal;
  /** A request failed transiently and will be sent again after `delayMs`. */
  onRetry?(reason: string, delayMs: number): void;
}

/**
 * Requests a device code (RFC 8628 3.1). A network error, HTTP 5xx or 429 is
 * retried with the polling loop's backoff (429: no sooner than Retry-After),
 * all of it within DEVICE_CODE_REQUEST_TIMEOUT; an OAuth error is not retried.
 *
 * @param oc The OAuth client.
 * @param options The scope; clock, sleep, cancel signal and retry callback.
 * @returns The device code.
 * @throws {OAuthFailure} on any failure; after retries, the last one, saying
 * how many attempts were made.
 */
export async function requestDeviceCode(
  oc: OAuthClient,
  options: DeviceCodeDeps & { scope: string },
): Promise<DeviceCode> {
  if (!oc.as.device_authorization_endpoint) {
    throw new OAuthFailure("oauth_error", "the server has no device authorization endpoint");
  }
  const timeoutMs = oc.settings.timeouts.deviceCodeRequest;
  let schedule = retrySchedule(options.now() + timeoutMs);
  for (let attempts = 1;; attempts++) {
    // Each attempt gets what is left of the budget, so the whole stays within it.
    const remainingMs = Math.max(1, schedule.deadline - options.now());
    const sent = await sendRetryable(
      () =>
        oauth.deviceAuthorizationRequest(
          oc.as,
          oc.client,
          oauth.None(),
          new URLSearchParams(options.scope ? { scope: options.scope } : {}),
          requestOptions(
            oc.http,
            { ...configuredTimeout(oc.settings.timeouts, "deviceCodeRequest"), ms: remainingMs },
            options.signal,
          ),
        ),
      oc,
      DEVICE_CODE_EXCHANGE,
      options,
    );
    if (sent.kind === "response") {
      try {
        const authorization = await oauth.processDeviceAuthorizationResponse(
          oc.as,
          oc.client,
          sent.response,
        );
        return { ...authorization, receivedAt: options.now() };
      } catch (error) {
        throw classifyExchangeError(error, oc, DEVICE_CODE_EXCHANGE);
      }
    }
    const next = nextPoll(schedule, sent.outcome);
    if (options.now() + next.delayMs >= schedule.deadline) {
      throw gaveUp(sent.failure, attempts, timeoutMs);
    }
    options.onRetry?.(sent.reason, next.delayMs);
    await options.sleep(next.delayMs, options.signal);
    schedule = next.schedule;
  }
}

/** The last failure of a request given up on, saying how hard it was tried. */
function gaveUp(failure: OAuthFailure, attempts: number, timeoutMs: number): OAuthFailure {
  const message = `${failure.message} (${attempts} attempt${attempts === 1 ? "" : "s"} ` +
    `within DEVICE_CODE_REQUEST_TIMEOUT ${formatDuration(timeoutMs)})`;
  return failure instanceof ServerFault
    ? new ServerFault(message, failure.status, failure.retryAfter)
    : new OAuthFailure(failure.kind, message, failure.oauthError, { cause: failure.cause });
}

/** What the polling loop needs from outside. */
export interface DevicePollDeps extends DeviceCodeDeps {
  /** The server asked to slow down (`slow_down`, or HTTP 429); the new interval. */
  onSlowDown?(intervalMs: number, cause: "slow_down" | "HTTP 429"): void;
}

type PollAnswer = PollOutcome & { reason?: string } | {
  kind: "token";
  response: oauth.TokenEndpointResponse;
};

/** A request's answer, or why it should be sent again (and the failure if it is not). */
type Sent =
  | { kind: "response"; response: Response }
  | { kind: "retry"; outcome: PollOutcome; reason: string; failure: OAuthFailure };

/** Whether a failed request may be sent again (its classification says; an unclassified fetch failure may). */
function isTransient(error: unknown): boolean {
  return error instanceof TransportError ? error.retryable : error instanceof TypeError;
}

/**
 * Sends a request once. A network error, HTTP 5xx and 429 come back as a
 * retryable outcome; any other answer as the response; other errors are thrown.
 */
async function sendRetryable(
  send: () => Promise<Response>,
  oc: OAuthClient,
  exchange: Exchange,
  deps: { now(): number; signal?: AbortSignal },
): Promise<Sent> {
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    if (deps.signal?.aborted) throw deps.signal.reason;
    const failure = classifyExchangeError(error, oc, exchange);
    if (!isTransient(error)) throw failure;
    return { kind: "retry", outcome: { kind: "transient" }, reason: errorMessage(error), failure };
  }
  if (response.status !== 429 && response.status < 500) return { kind: "response", response };
  await response.body?.cancel();
  const failure = statusFault(oc, exchange, response);
  const reason = `the server answered HTTP ${response.status}`;
  if (response.status !== 429) {
    return { kind: "retry", outcome: { kind: "transient" }, reason, failure };
  }
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), deps.now());
  return { kind: "retry", outcome: { kind: "rate_limited", retryAfterMs }, reason, failure };
}

async function pollOnce(
  oc: OAuthClient,
  code: DeviceCode,
  deps: DevicePollDeps,
  additionalParameters?: Record<string, string>,
): Promise<PollAnswer> {
  const sent = await sendRetryable(
    () =>
      oauth.deviceCodeGrantRequest(
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
      ),
    oc,
    DEVICE_TOKEN_EXCHANGE,
    deps,
  );
  if (sent.kind === "retry") return { ...sent.outcome, reason: sent.reason };
  try {
    return {
      kind: "token",
      response: await oauth.processDeviceCodeResponse(oc.as, oc.client, sent.response),
    };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      if (error.error === "authorization_pending") return { kind: "pending" };
      if (error.error === "slow_down") return { kind: "slow_down" };
    }
    throw classifyExchangeError(error, oc, DEVICE_TOKEN_EXCHANGE);
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
