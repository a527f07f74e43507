/**
 * The options every oauth4webapi call gets: a per-request timeout, the
 * response size cap, and plain http only when the user configured it.
 * @module
 */

import * as oauth from "oauth4webapi";
import { cappedFetch } from "./capped_fetch.ts";

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
 * Builds request options with a fresh timeout.
 *
 * @param policy The HTTP policy.
 * @param timeoutMs This request's timeout.
 * @param cancel Also ends the request when aborted (Ctrl-C).
 * @returns Options for an oauth4webapi request function.
 */
export function requestOptions(
  policy: HttpPolicy,
  timeoutMs: number,
  cancel?: AbortSignal,
): RequestOptions {
  const capped = cappedFetch(policy.fetch, policy.maxResponseBodySize);
  const timeout = AbortSignal.timeout(timeoutMs);
  return {
    signal: cancel ? AbortSignal.any([timeout, cancel]) : timeout,
    // oauth4webapi only ever hands over fetch-compatible bodies (form params, bytes, text).
    [oauth.customFetch]: (url, options) => capped(url, options as RequestInit),
    [oauth.allowInsecureRequests]: policy.insecureHttp,
  };
}
