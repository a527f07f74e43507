/**
 * The main flow (`authgate` with no subcommand): use the stored token,
 * refreshed when due (the same rules and the same single-flight lock as
 * `token get`), or else log in with the browser or the device flow; save the
 * new token under the store lock; verify it and fetch userinfo in parallel.
 *
 * Ctrl-C or SIGTERM (the injected signal) ends any wait at once. Until the new token is
 * saved the store is untouched; the save itself is atomic. A refresh already
 * sent is let finish (bounded by its timeout) so that a rotated refresh token
 * is never lost.
 * @module
 */

import type { TokenEndpointResponse } from "oauth4webapi";
import { type NetworkSettings, storeLockTimeoutMs } from "../config/network_settings.ts";
import { formatRemaining } from "../config/duration.ts";
import { type BrowserLogin, startBrowserLogin } from "../oauth/browser_flow.ts";
import { CallbackPortUnavailableError } from "../oauth/callback_server.ts";
import { type DeviceCode, pollDeviceToken, requestDeviceCode } from "../oauth/device_flow.ts";
import {
  type ClientCredentialsRequest,
  createClientCredentialsObtainer,
} from "../oauth/client_credentials.ts";
import { connectOAuthClient, type OAuthClient, serverOf } from "../oauth/oauth_client.ts";
import { OAuthFailure } from "../oauth/oauth_errors.ts";
import { createTokenRefresher } from "../oauth/token_refresher.ts";
import { checkAccessToken, type TokenCheck } from "../oauth/verify_token.ts";
import type { LaunchResult } from "../platform/browser.ts";
import { checkLaunchUrl, originsDiffer } from "../platform/launch_policy.ts";
import type { TokenStore } from "../store/token_store.ts";
import { storedTokenFromResponse } from "../token/token_response.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { CliError, errorMessage, ExitCode, type ExitCodeValue } from "../errors.ts";
import { failureHint } from "../failure_hint.ts";
import { type FlowChoice, selectLoginFlow } from "./flow_selection.ts";
import { getToken } from "./get_token.ts";

/** What the user asked for. */
export interface LoginRequest {
  clientId: string;
  /** Refresh when expiry is within this window (milliseconds). */
  thresholdMs: number;
  /** `--device`. */
  forceDevice: boolean;
  /** Extra form fields for the code exchange and device token requests (`extra_claims`). */
  additionalParameters?: Record<string, string>;
  /**
   * Set for a machine client (`GRANT_TYPE=client_credentials`): no person logs
   * in; the token comes from the client's credentials (its scope, if configured).
   */
  machine?: Pick<ClientCredentialsRequest, "scope">;
}

/** How the token at hand was obtained. */
export type TokenSource = "stored" | "refreshed" | "browser" | "device" | "client_credentials";

/**
 * Progress of the main flow, in order, for the command to show. A `refreshing`,
 * `browser_waiting` or `approval_waiting` starts a wait that the next
 * `refresh_failed`, `stored_token_ready`, `browser_timed_out`, `code_exchanged`,
 * `login_approved` or `wait_ended` ends.
 */
export type LoginEvent =
  /** A lower layer's warning (discovery, the store, the browser launcher), ready to show. */
  | { type: "warning"; message: string }
  | { type: "machine_client" }
  /** A refresh (or a machine client's new request) is sent. */
  | { type: "refreshing"; expired: boolean; machine: boolean }
  | { type: "refresh_failed"; reason: string; usingExisting: boolean }
  /** The stored token (or one just refreshed, here or by another process) is usable. */
  | { type: "stored_token_ready"; refreshed: boolean; validForMs: number }
  /** The stored token cannot be used or refreshed: a login follows. */
  | { type: "login_needed"; message: string }
  /** The server rejects the stored token; `machine`: a new one is requested, else a login follows. */
  | { type: "stored_token_rejected"; source: TokenSource; via: string; machine: boolean }
  | { type: "flow_chosen"; flow: "browser" | "device"; reason: string }
  | { type: "callback_refused"; reason: string }
  | { type: "authorization_url_refused"; reason: string }
  | { type: "browser_opening"; url: string }
  | { type: "browser_waiting"; deadline: number }
  | { type: "browser_timed_out"; timeoutMs: number }
  | { type: "code_exchanged" }
  | { type: "device_fallback"; reason: string }
  | { type: "device_code_retry"; reason: string; delayMs: number }
  | { type: "verification_uri_complete_ignored"; reason: string }
  /** The verification URL is on another origin than the server's. */
  | { type: "foreign_verification_url"; origin: string; serverOrigin: string }
  /**
   * The device code to show: `url` to open (checked by the launch policy), and
   * when it carries no code, `uri` with `userCode` (server text, unsanitised).
   */
  | { type: "device_code"; url: string; uri: string; complete: boolean; userCode: string }
  | { type: "approval_waiting"; deadline: number }
  | { type: "poll_slow_down"; intervalMs: number; cause: string }
  | { type: "poll_retry"; reason: string; delayMs: number }
  | { type: "login_approved" }
  | { type: "token_saved" }
  /** A wait ended by a failure that the flow throws. */
  | { type: "wait_ended" };

/** What the main flow needs from outside. */
export interface LoginDeps {
  store: TokenStore;
  network: NetworkSettings;
  /** Receives the progress; the flow waits for a returned promise (drawing a QR code). */
  onEvent(event: LoginEvent): void | Promise<void>;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  fetch: typeof fetch;
  env(name: string): string | undefined;
  os: typeof Deno.build.os;
  openBrowser(url: string): Promise<LaunchResult>;
  /** Aborted on Ctrl-C or SIGTERM; its reason's `exitCode` (130, 143) is the exit code. */
  signal: AbortSignal;
  /** Keeps a secret this flow received (the device code) off stderr. */
  holdSecret?(value: string): void;
}

/** The outcome of a successful main flow: what its summary shows. */
export interface LoginResult {
  token: StoredToken;
  source: TokenSource;
  check: TokenCheck;
  /** Who the token stands for when no person does: `machine client "id"`. */
  machine?: string;
}

/**
 * Runs the main flow, reporting its progress on `deps.onEvent`.
 *
 * @param request What the user asked for.
 * @param deps The outside world.
 * @returns The stored token, how it was obtained, the server's answers (the summary's data).
 * @throws {CliError} exit 1 when no valid token could be obtained, 130 on Ctrl-C, 143 on SIGTERM.
 */
export async function login(request: LoginRequest, deps: LoginDeps): Promise<LoginResult> {
  let storeChanged = false;
  let connecting: Promise<OAuthClient> | undefined;
  const connect = () =>
    connecting ??= connectOAuthClient(request.clientId, deps.network, {
      fetch: deps.fetch,
      warn: (message) => deps.onEvent({ type: "warning", message }),
    });

  try {
    if (request.machine) {
      return await machineLogin(request, deps, connect, () => storeChanged = true);
    }
    const stored = await useStoredToken(request, deps, connect);
    storeChanged = stored?.source === "refreshed";
    interruptionPoint(deps.signal);
    if (stored) {
      const check = await checkStoredToken(stored.token, deps, connect);
      if (check.verification.status !== "inactive") return { ...stored, check };
      await deps.onEvent({
        type: "stored_token_rejected",
        source: stored.source,
        via: check.verification.via,
        machine: false,
      });
    }

    const oc = await connect();
    const { response, flow } = await authenticate(request, deps, oc);
    interruptionPoint(deps.signal);
    const token = storedTokenFromResponse(response, {
      clientId: request.clientId,
      now: deps.now(),
      server: serverOf(oc),
    });
    // Another process may hold the lock for a refresh.
    const { timeouts } = deps.network;
    const lockTimeout = storeLockTimeoutMs(timeouts);
    await deps.store.withLock(lockTimeout, (locked) => locked.save(token));
    storeChanged = true;
    await deps.onEvent({ type: "token_saved" });

    const check = await checkAccessToken(oc, token.accessToken, deps.signal);
    if (check.verification.status === "inactive") {
      throw new CliError(
        `the server does not accept the token it just issued (${check.verification.via} says inactive)`,
        { hint: "check the server's clock and configuration, then run 'authgate' again." },
      );
    }
    return { token, source: flow, check };
  } catch (error) {
    if (deps.signal.aborted) {
      // The reason says which signal (platform/interrupt.ts's InterruptedError).
      const reason = deps.signal.reason as { by?: unknown; exitCode?: ExitCodeValue } | undefined;
      const what = reason?.by === "SIGTERM" ? "interrupted by SIGTERM" : "interrupted";
      throw new CliError(
        storeChanged
          ? `${what} (the new token had already been saved)`
          : `${what}; the token store was left unchanged`,
        { exitCode: reason?.exitCode ?? ExitCode.INTERRUPTED },
      );
    }
    throw error;
  }
}

/**
 * The main flow of a machine client: the stored token, or a new one from the
 * client credentials (and once more if the server rejects the stored one).
 * Nothing interactive happens.
 */
async function machineLogin(
  request: LoginRequest,
  deps: LoginDeps,
  connect: () => Promise<OAuthClient>,
  onSaved: () => void,
): Promise<LoginResult> {
  await deps.onEvent({ type: "machine_client" });
  let used = await useStoredToken(request, deps, connect);
  if (used?.source === "client_credentials") onSaved();
  let check = used && await checkStoredToken(used.token, deps, connect);
  if (used && check?.verification.status === "inactive") {
    await deps.onEvent({
      type: "stored_token_rejected",
      source: used.source,
      via: check.verification.via,
      machine: true,
    });
    used = await useStoredToken(request, deps, connect, { force: true });
    if (used?.source === "client_credentials") onSaved();
    check = used && await checkStoredToken(used.token, deps, connect);
  }
  if (!used || !check) {
    throw new CliError(`no token for the machine client "${request.clientId}"`);
  }
  return { ...used, check, machine: `machine client "${request.clientId}"` };
}

/** Verifies a stored token; an unreachable server leaves it unverified, not rejected. */
async function checkStoredToken(
  token: StoredToken,
  deps: LoginDeps,
  connect: () => Promise<OAuthClient>,
): Promise<TokenCheck> {
  try {
    return await checkAccessToken(await connect(), token.accessToken, deps.signal);
  } catch (error) {
    if (deps.signal.aborted) throw error;
    const reason = errorMessage(error);
    return {
      verification: { status: "unknown", reason },
      userinfo: { ok: false, reason },
    };
  }
}

function interruptionPoint(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

/**
 * The stored token, refreshed when due, with progress events; undefined when a
 * login is needed (no token, or it can no longer be refreshed).
 */
async function useStoredToken(
  request: LoginRequest,
  deps: LoginDeps,
  connect: () => Promise<OAuthClient>,
  options: { force?: boolean } = {},
): Promise<{ token: StoredToken; source: TokenSource } | undefined> {
  const { machine } = request;
  const warn = (message: string) => deps.onEvent({ type: "warning", message });
  try {
    const result = await getToken(
      // A refresh token the server rejected means: log in now.
      {
        clientId: request.clientId,
        thresholdMs: request.thresholdMs,
        force: options.force,
        requireRefreshable: true,
      },
      {
        store: deps.store,
        now: deps.now,
        prepareObtainer: machine
          ? () =>
            Promise.resolve(createClientCredentialsObtainer(deps.network, {
              fetch: deps.fetch,
              now: deps.now,
              warn,
              connect,
            }, { ...machine, additionalParameters: request.additionalParameters }))
          : undefined,
        prepareRefresher: () =>
          Promise.resolve(createTokenRefresher(deps.network, {
            fetch: deps.fetch,
            now: deps.now,
            warn,
            connect,
          }, request.additionalParameters)),
        warn,
        onEvent: (event) => {
          if (event.type === "refreshing") {
            deps.onEvent({ type: "refreshing", expired: event.expired, machine: !!machine });
          } else {
            deps.onEvent({
              type: "refresh_failed",
              reason: event.reason,
              usingExisting: event.usingExisting,
            });
          }
        },
      },
    );
    await deps.onEvent({
      type: "stored_token_ready",
      refreshed: result.refreshed,
      validForMs: result.token.expiresAt - deps.now(),
    });
    const fresh = machine ? "client_credentials" : "refreshed";
    return { token: result.token, source: result.refreshed ? fresh : "stored" };
  } catch (error) {
    await deps.onEvent({ type: "wait_ended" });
    if (error instanceof CliError && error.exitCode === ExitCode.LOGIN_REQUIRED) {
      await deps.onEvent({ type: "login_needed", message: error.message });
      return undefined;
    }
    throw error;
  }
}

/** Chooses the flow, runs it (browser first, device flow as fallback). */
async function authenticate(
  request: LoginRequest,
  deps: LoginDeps,
  oc: OAuthClient,
): Promise<{ response: TokenEndpointResponse; flow: "browser" | "device" }> {
  const { network } = deps;
  const facts = {
    forceDevice: request.forceDevice,
    os: deps.os,
    env: deps.env,
    callbackPort: network.callbackPort,
  };
  let choice: FlowChoice = selectLoginFlow({ ...facts, portAvailable: true });
  let browser: BrowserLogin | undefined;
  if (choice.flow === "browser") {
    try {
      browser = await startBrowserLogin(oc, {
        port: network.callbackPort,
        redirectUri: network.redirectUri,
        scope: network.scope,
        additionalParameters: request.additionalParameters,
        signal: deps.signal,
        onRefused: (reason) => deps.onEvent({ type: "callback_refused", reason }),
      });
    } catch (error) {
      if (!(error instanceof CallbackPortUnavailableError)) throw error;
      choice = selectLoginFlow({ ...facts, portAvailable: false });
      choice.reason += ` (${error.message})`;
    }
  }
  await deps.onEvent({ type: "flow_chosen", flow: choice.flow, reason: choice.reason });

  if (browser) {
    try {
      const fallback = await runBrowserFlow(browser, deps);
      if (typeof fallback !== "string") return { response: fallback, flow: "browser" };
      await deps.onEvent({ type: "device_fallback", reason: fallback });
    } finally {
      await browser.close();
    }
  }
  return { response: await runDeviceFlow(request, deps, oc), flow: "device" };
}

/** The browser flow: the token response, or why to fall back to the device flow. */
async function runBrowserFlow(
  browser: BrowserLogin,
  deps: LoginDeps,
): Promise<TokenEndpointResponse | string> {
  // The URL comes from discovery: a file: or custom-scheme URL is neither launched nor shown.
  const checked = checkLaunchUrl(browser.authorizationUrl);
  if (!checked.ok) {
    await deps.onEvent({ type: "authorization_url_refused", reason: checked.reason });
    return "the authorization URL cannot be opened";
  }
  await deps.onEvent({ type: "browser_opening", url: checked.href });
  const launch = await deps.openBrowser(checked.href);
  for (const note of launch.ok ? launch.notes : []) {
    await deps.onEvent({ type: "warning", message: note });
  }
  if (!launch.ok) return `the browser could not be opened (${launch.reason})`;

  const timeoutMs = deps.network.timeouts.callback;
  await deps.onEvent({ type: "browser_waiting", deadline: deps.now() + timeoutMs });
  try {
    const outcome = await browser.wait(timeoutMs);
    if (outcome.kind === "timeout") {
      await deps.onEvent({ type: "browser_timed_out", timeoutMs });
      return "the browser login timed out";
    }
    await deps.onEvent({ type: "code_exchanged" });
    return outcome.response;
  } catch (error) {
    await deps.onEvent({ type: "wait_ended" });
    throw loginFailure(error);
  }
}

/** The device flow, start to finish. */
async function runDeviceFlow(
  request: LoginRequest,
  deps: LoginDeps,
  oc: OAuthClient,
): Promise<TokenEndpointResponse> {
  let code: DeviceCode;
  try {
    code = await requestDeviceCode(oc, {
      scope: deps.network.scope,
      now: deps.now,
      sleep: deps.sleep,
      signal: deps.signal,
      onRetry: (reason, delayMs) => deps.onEvent({ type: "device_code_retry", reason, delayMs }),
    });
  } catch (error) {
    throw loginFailure(error);
  }
  deps.holdSecret?.(code.device_code);
  await showDeviceCode(code, deps, oc.as.issuer);

  await deps.onEvent({
    type: "approval_waiting",
    deadline: code.receivedAt + code.expires_in * 1000,
  });
  try {
    const response = await pollDeviceToken(oc, code, {
      now: deps.now,
      sleep: deps.sleep,
      signal: deps.signal,
      onSlowDown: (intervalMs, cause) =>
        deps.onEvent({ type: "poll_slow_down", intervalMs, cause }),
      onRetry: (reason, delayMs) => deps.onEvent({ type: "poll_retry", reason, delayMs }),
    }, request.additionalParameters);
    await deps.onEvent({ type: "login_approved" });
    return response;
  } catch (error) {
    await deps.onEvent({ type: "wait_ended" });
    throw loginFailure(error, code);
  }
}

/**
 * Checks the device code's URL(s) and reports what to show. The URLs come from
 * the server: each must pass {@linkcode checkLaunchUrl}.
 */
async function showDeviceCode(code: DeviceCode, deps: LoginDeps, issuer: string) {
  const uri = checkLaunchUrl(code.verification_uri);
  if (!uri.ok) {
    throw new CliError(`refusing the server's verification_uri: ${uri.reason}`, {
      hint: "the server's device flow is misconfigured or not to be trusted; check SERVER_URL.",
    });
  }
  let complete: string | undefined;
  if (code.verification_uri_complete !== undefined) {
    const checked = checkLaunchUrl(code.verification_uri_complete);
    if (checked.ok) complete = checked.href;
    else await deps.onEvent({ type: "verification_uri_complete_ignored", reason: checked.reason });
  }
  const foreign = [uri.href, complete].find((url) => url && originsDiffer(url, issuer));
  if (foreign) {
    await deps.onEvent({
      type: "foreign_verification_url",
      origin: new URL(foreign).origin,
      serverOrigin: new URL(issuer).origin,
    });
  }
  await deps.onEvent({
    type: "device_code",
    url: complete ?? uri.href,
    uri: uri.href,
    complete: complete !== undefined,
    userCode: code.user_code,
  });
}

/** Turns a flow's failure into the user's error line and hint. */
function loginFailure(error: unknown, code?: DeviceCode): unknown {
  if (error instanceof CliError || !(error instanceof OAuthFailure)) return error;
  switch (error.oauthError) {
    case "access_denied":
      return new CliError("the login was denied (access_denied)", {
        hint: "run 'authgate' again and approve the request.",
        cause: error,
      });
    case "expired_token":
      return new CliError(
        code
          ? `the device code expired before the login was approved (it was valid for ${
            formatRemaining(code.expires_in * 1000)
          })`
          : "the device code expired before the login was approved",
        { hint: "run 'authgate' again and approve the request in time.", cause: error },
      );
  }
  return new CliError(`login failed: ${errorMessage(error)}`, {
    hint: failureHint(error) ??
      (error.kind === "network" ? "check SERVER_URL and your network connection." : undefined),
    cause: error,
  });
}
