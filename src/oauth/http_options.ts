/**
 * The options every oauth4webapi call gets: a per-request timeout, the
 * response size cap, plain http only when the user configured it, and
 * transport failures (TLS, DNS, timeout...) turned into errors that name
 * their real cause.
 * @module
 */

import * as oauth from "oauth4webapi";
import type { Timeouts } from "../config/network_settings.ts";
import { SETTING_FLAGS } from "../config/setting_flags.ts";
import { cappedFetch } from "./capped_fetch.ts";
import { classifyTransportError, type RequestTimeout, TransportError } from "./transport_errors.ts";

/** How to make HTTP requests to the authorization server. */
export interface HttpPolicy {
  fetch: typeof fetch;
  maxResponseBodySize: number;
  /** The server URL is http: oauth4webapi must be told it is allowed. */
  insecureHttp: boolean;
  /** Plain http to hosts off this machine was opted in to (`--allow-insecure-http`). */
  allowRemoteHttp?: boolean;
}

/** Any request oauth4webapi's `customFetch` hook may be handed (body types vary by call). */
type AnyFetchOptions = oauth.CustomFetchOptions<string, unknown>;

/** Request options accepted by every oauth4webapi request function. */
export interface RequestOptions {
  signal: AbortSignal;
  [oauth.customFetch]: (url: string, options: AnyFetchOptions) => Promise<Response>;
  [oauth.allowInsecureRequests]: boolean;
  additionalParameters?: Record<string, string>;
}

/**
 * One configured timeout, with the setting that sets it (for the timeout error).
 *
 * @param timeouts The network settings' timeouts.
 * @param key Which one.
 * @returns The time limit and its environment variable.
 */
export function configuredTimeout(timeouts: Timeouts, key: keyof Timeouts): RequestTimeout {
  return { ms: timeouts[key], setting: SETTING_FLAGS[`${key}Timeout`].env ?? key };
}

/**
 * Builds request options with a fresh timeout. Their fetch throws a
 * {@linkcode TransportError} naming the cause when no HTTP answer arrives
 * (TLS, DNS, connection, timeout), so every request reports it alike.
 *
 * @param policy The HTTP policy.
 * @param timeout This request's time limit.
 * @param cancel Also ends the request when aborted (Ctrl-C).
 * @returns Options for an oauth4webapi request function.
 */
export function requestOptions(
  policy: HttpPolicy,
  timeout: RequestTimeout,
  cancel?: AbortSignal,
): RequestOptions {
  const capped = cappedFetch(policy.fetch, policy.maxResponseBodySize);
  const timer = AbortSignal.timeout(timeout.ms);
  return {
    signal: cancel ? AbortSignal.any([timer, cancel]) : timer,
    // oauth4webapi only ever hands over fetch-compatible bodies (form params, bytes, text).
    [oauth.customFetch]: async (url, options) => {
      try {
        return await capped(url, options as RequestInit);
      } catch (error) {
        const failure = classifyTransportError(error, { url, timeout });
        throw failure ? new TransportError(failure, { cause: error }) : error;
      }
    },
    [oauth.allowInsecureRequests]: policy.insecureHttp,
  };
}
