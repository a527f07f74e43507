/**
 * The browser flow (Authorization Code + PKCE, RFC 6749 4.1 and RFC 8252 for
 * native apps): a loopback callback server, the authorization URL, and the
 * handling of whatever calls back.
 *
 * The first callback carrying this login's `state` decides the flow. A
 * callback with a wrong or missing state is refused with an error page and
 * the wait goes on: any local program or web page can send one, and letting it
 * end the login would hand an attacker a way to abort or steer it. The
 * deciding callback is final: an `error=` answer, a mismatched issuer or a
 * failed code exchange end the login with an error (no fallback).
 * @module
 */

import * as oauth from "oauth4webapi";
import { createAuthorizationRequest, stateMatches } from "./authorization_request.ts";
import type { CallbackPage } from "./callback_page.ts";
import { type CallbackServer, startCallbackServer } from "./callback_server.ts";
import { exchangeAuthorizationCode } from "./code_exchange.ts";
import type { OAuthClient } from "./oauth_client.ts";
import { classifyOAuthError, describeOAuthError, OAuthFailure } from "./oauth_errors.ts";

/** Options of {@linkcode startBrowserLogin}. */
export interface BrowserLoginOptions {
  port: number;
  redirectUri: string;
  scope: string;
  /** Extra form fields for the code exchange (AuthGate's `extra_claims`). */
  additionalParameters?: Record<string, string>;
  /** Ends the wait and the exchange (Ctrl-C). */
  signal?: AbortSignal;
  /** A callback was refused (wrong or missing state); the login goes on. */
  onRefused?(reason: string): void;
}

/** How the wait for the callback ended. */
export type BrowserLoginOutcome =
  | { kind: "token"; response: oauth.TokenEndpointResponse }
  | { kind: "timeout" };

/** A browser login whose callback server is listening. */
export interface BrowserLogin {
  /** The URL to open in the browser. */
  readonly authorizationUrl: string;
  /** The addresses the callback server listens on. */
  readonly addresses: readonly string[];
  /**
   * Waits for the deciding callback, at most `timeoutMs` unless one has
   * arrived (its code exchange is then awaited).
   * @throws {OAuthFailure} for an error answer or a failed exchange; the signal's reason on abort.
   */
  wait(timeoutMs: number): Promise<BrowserLoginOutcome>;
  /** Stops the callback server. Idempotent. */
  close(): Promise<void>;
}

const PAGES = {
  refused: {
    status: 400,
    title: "Login request not recognised",
    message:
      "This answer does not belong to the login running in your terminal (its state does not match). Nothing was done.",
  },
  closed: {
    status: 409,
    title: "Login no longer waiting",
    message: "The terminal is not waiting for this answer any more. Check the terminal.",
  },
  success: {
    status: 200,
    title: "Login complete",
    message: "You are logged in. You can close this window and return to the terminal.",
  },
} satisfies Record<string, CallbackPage>;

function failurePage(message: string): CallbackPage {
  return { status: 400, title: "Login failed", message: `${message}. See the terminal.` };
}

/** The failure for a callback that carries this login's state but is unusable. */
function callbackFailure(error: unknown): OAuthFailure {
  if (error instanceof oauth.AuthorizationResponseError) {
    return new OAuthFailure(
      "oauth_error",
      `authorization failed (${describeOAuthError(error)})`,
      error.error,
    );
  }
  return classifyOAuthError(error, "authorization response");
}

/**
 * Binds the callback server and prepares the authorization request.
 *
 * @param oc The OAuth client.
 * @param options Port, redirect URI, scope, extra parameters, cancel signal.
 * @returns The login, listening.
 * @throws {import("./callback_server.ts").CallbackPortUnavailableError} when the port is taken.
 */
export async function startBrowserLogin(
  oc: OAuthClient,
  options: BrowserLoginOptions,
): Promise<BrowserLogin> {
  const request = await createAuthorizationRequest(oc.as, oc.client.client_id, {
    redirectUri: options.redirectUri,
    scope: options.scope,
  });
  const result = Promise.withResolvers<oauth.TokenEndpointResponse>();
  result.promise.catch(() => {}); // observed by wait(); never an unhandled rejection
  let decided = false;

  async function handle(params: URLSearchParams): Promise<CallbackPage> {
    if (decided) return PAGES.closed;
    if (!stateMatches(request.state, params)) {
      options.onRefused?.(
        params.has("state")
          ? "refused a callback whose state does not match this login"
          : "refused a callback without a state",
      );
      return PAGES.refused;
    }
    decided = true;
    let validated: URLSearchParams;
    try {
      validated = oauth.validateAuthResponse(oc.as, oc.client, params, oauth.skipStateCheck);
    } catch (error) {
      const failure = callbackFailure(error);
      result.reject(failure);
      return failurePage(failure.message);
    }
    try {
      result.resolve(
        await exchangeAuthorizationCode(oc, validated, request.redirectUri, request.codeVerifier, {
          additionalParameters: options.additionalParameters,
          signal: options.signal,
        }),
      );
      return PAGES.success;
    } catch (error) {
      result.reject(error);
      return failurePage("The authorization code could not be exchanged for a token");
    }
  }

  const redirect = new URL(options.redirectUri);
  const server: CallbackServer = await startCallbackServer({
    port: options.port,
    path: redirect.pathname,
    redirectHost: redirect.host,
    handle,
  });

  return {
    authorizationUrl: request.url,
    addresses: server.addresses,
    close: () => server.close(),
    wait(timeoutMs) {
      return new Promise<BrowserLoginOutcome>((resolve, reject) => {
        const signal = options.signal;
        const timer = setTimeout(() => {
          if (decided) return; // the exchange is under way: its outcome decides
          decided = true;
          cleanup();
          resolve({ kind: "timeout" });
        }, timeoutMs);
        const onAbort = () => {
          cleanup();
          reject(signal!.reason);
        };
        const cleanup = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener("abort", onAbort, { once: true });
        result.promise.then(
          (response) => resolve({ kind: "token", response }),
          (error) => reject(error),
        ).finally(cleanup);
      });
    },
  };
}
