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
import { formatDuration } from "../config/duration.ts";
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
import { describeUser, formatLoginSummary, type TokenSource } from "../ui/login_summary.ts";
import { renderQrCode } from "../ui/qr_code.ts";
import { serverText } from "../text/server_text.ts";
import { formatRemaining, type StatusRenderer, type StatusStep } from "../ui/status_renderer.ts";
import { type FlowChoice, selectLoginFlow } from "./flow_selection.ts";
import { getToken } from "./get_token.ts";

/** The most characters of a device flow user code shown (RFC 8628 codes are about 8). */
const USER_CODE_LIMIT = 64;

/** What the user asked for. */
export interface LoginRequest {
  clientId: string;
  /** Refresh when expiry is within this window (milliseconds). */
  thresholdMs: number;
  /** `--device`. */
  forceDevice: boolean;
  /** Draw the verification URL as a QR code (interactive terminals; `--no-qr` turns it off). */
  qr: boolean;
  /** Extra form fields for the code exchange and device token requests (`extra_claims`). */
  additionalParameters?: Record<string, string>;
  /**
   * Set for a machine client (`GRANT_TYPE=client_credentials`): no person logs
   * in; the token comes from the client's credentials (its scope, if configured).
   */
  machine?: Pick<ClientCredentialsRequest, "scope">;
}

/** What the main flow needs from outside. */
export interface LoginDeps {
  store: TokenStore;
  network: NetworkSettings;
  status: StatusRenderer;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  fetch: typeof fetch;
  env(name: string): string | undefined;
  os: typeof Deno.build.os;
  openBrowser(url: string): Promise<LaunchResult>;
  /** Aborted on Ctrl-C or SIGTERM; its reason's `exitCode` (130, 143) is the exit code. */
  signal: AbortSignal;
  /** Terminal width for the QR code, when known. */
  columns?: number;
  /** Keeps a secret this flow received (the device code) off stderr. */
  holdSecret?(value: string): void;
}

/** The outcome of a successful main flow. */
export interface LoginResult {
  token: StoredToken;
  source: TokenSource;
  check: TokenCheck;
}

/**
 * Runs the main flow and prints its status and summary on `deps.status`.
 *
 * @param request What the user asked for.
 * @param deps The outside world.
 * @returns The stored token, how it was obtained, and the server's answers.
 * @throws {CliError} exit 1 when no valid token could be obtained, 130 on Ctrl-C, 143 on SIGTERM.
 */
export async function login(request: LoginRequest, deps: LoginDeps): Promise<LoginResult> {
  let storeChanged = false;
  let connecting: Promise<OAuthClient> | undefined;
  const connect = () =>
    connecting ??= connectOAuthClient(request.clientId, deps.network, {
      fetch: deps.fetch,
      warn: (message) => deps.status.warning(message),
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
      if (check.verification.status !== "inactive") {
        printSummary(deps, stored.token, stored.source, check);
        return { ...stored, check };
      }
      deps.status.warning(
        `the server no longer accepts the ${stored.source} token (${check.verification.via}); logging in again`,
      );
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
    deps.status.success("Token saved");

    const check = await checkAccessToken(oc, token.accessToken, deps.signal);
    if (check.verification.status === "inactive") {
      throw new CliError(
        `the server does not accept the token it just issued (${check.verification.via} says inactive)`,
        { hint: "check the server's clock and configuration, then run 'authgate' again." },
      );
    }
    printSummary(deps, token, flow, check);
    return { token, source: flow, check };
  } catch (error) {
    deps.status.close();
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
  deps.status.line(
    "Machine client (Client Credentials grant): the token comes from the client's " +
      "own credentials, no browser or device code",
  );
  let used = await useStoredToken(request, deps, connect);
  if (used?.source === "client_credentials") onSaved();
  let check = used && await checkStoredToken(used.token, deps, connect);
  if (used && check?.verification.status === "inactive") {
    deps.status.warning(
      `the server no longer accepts the stored token (${check.verification.via}); requesting a new one`,
    );
    used = await useStoredToken(request, deps, connect, { force: true });
    if (used?.source === "client_credentials") onSaved();
    check = used && await checkStoredToken(used.token, deps, connect);
  }
  if (!used || !check) {
    throw new CliError(`no token for the machine client "${request.clientId}"`);
  }
  printSummary(deps, used.token, used.source, check, `machine client "${request.clientId}"`);
  return { ...used, check };
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
 * The stored token, refreshed when due, with status lines; undefined when a
 * login is needed (no token, or it can no longer be refreshed).
 */
async function useStoredToken(
  request: LoginRequest,
  deps: LoginDeps,
  connect: () => Promise<OAuthClient>,
  options: { force?: boolean } = {},
): Promise<{ token: StoredToken; source: TokenSource } | undefined> {
  const { status } = deps;
  const { machine } = request;
  let step: StatusStep | undefined;
  let degraded = false;
  let refreshedWhat = "Token refreshed";
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
              warn: (message) => status.warning(message),
              connect,
            }, { ...machine, additionalParameters: request.additionalParameters }))
          : undefined,
        prepareRefresher: () =>
          Promise.resolve(createTokenRefresher(deps.network, {
            fetch: deps.fetch,
            now: deps.now,
            warn: (message) => status.warning(message),
            connect,
          }, request.additionalParameters)),
        warn: (message) => status.warning(message),
        onEvent: (event) => {
          if (event.type === "refreshing" && machine) {
            refreshedWhat = "New token obtained with the client credentials";
            step = status.step("Requesting a token with the client credentials (RFC 6749 4.4)");
            return;
          }
          if (event.type === "refreshing") {
            refreshedWhat = event.expired
              ? "Expired token refreshed"
              : "Token refreshed proactively";
            step = status.step(
              event.expired
                ? "Access token expired, refreshing"
                : "Access token nearing expiry, refreshing proactively",
            );
            return;
          }
          step?.fail(`Refresh failed: ${event.reason}`);
          step = undefined;
          degraded = event.usingExisting;
        },
      },
    );
    const left = formatRemaining(result.token.expiresAt - deps.now());
    if (result.refreshed) step?.succeed(`${refreshedWhat} (valid for ${left})`);
    else if (step) step.succeed(`Token refreshed by another authgate process (valid for ${left})`);
    else if (degraded) status.warning(`using the existing token, still valid for ${left}`);
    else status.success(`Stored token is valid for ${left}`);
    const fresh = machine ? "client_credentials" : "refreshed";
    return { token: result.token, source: result.refreshed ? fresh : "stored" };
  } catch (error) {
    step?.end();
    if (error instanceof CliError && error.exitCode === ExitCode.LOGIN_REQUIRED) {
      const message = error.message;
      status.line(`${message.charAt(0).toUpperCase()}${message.slice(1)}; logging in.`);
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
  const { status, network } = deps;
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
        onRefused: (reason) => status.warning(`${reason}; still waiting`),
      });
    } catch (error) {
      if (!(error instanceof CallbackPortUnavailableError)) throw error;
      choice = selectLoginFlow({ ...facts, portAvailable: false });
      choice.reason += ` (${error.message})`;
    }
  }
  status.line(
    choice.flow === "browser"
      ? `Using the browser flow (Authorization Code + PKCE): ${choice.reason}`
      : `Using the device flow (RFC 8628): ${choice.reason}`,
  );

  if (browser) {
    try {
      const fallback = await runBrowserFlow(browser, deps);
      if (typeof fallback !== "string") return { response: fallback, flow: "browser" };
      status.line(`Switching to the device flow: ${fallback}`);
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
  const { status } = deps;
  // The URL comes from discovery: a file: or custom-scheme URL is neither launched nor shown.
  const checked = checkLaunchUrl(browser.authorizationUrl);
  if (!checked.ok) {
    status.warning(`refusing to open the server's authorization URL: ${checked.reason}`);
    return "the authorization URL cannot be opened";
  }
  status.line("Opening the browser to log in. If it does not open, visit:");
  status.line(`  ${status.emphasis(checked.href)}`);
  const launch = await deps.openBrowser(checked.href);
  for (const note of launch.ok ? launch.notes : []) status.warning(note);
  if (!launch.ok) return `the browser could not be opened (${launch.reason})`;

  const timeoutMs = deps.network.timeouts.callback;
  const step = status.step("Waiting for the login in the browser", {
    deadline: deps.now() + timeoutMs,
  });
  try {
    const outcome = await browser.wait(timeoutMs);
    if (outcome.kind === "timeout") {
      step.fail(`No callback within ${formatDuration(timeoutMs)} (CALLBACK_TIMEOUT)`);
      return "the browser login timed out";
    }
    step.succeed("Authorization code received and exchanged for a token");
    return outcome.response;
  } catch (error) {
    step.end();
    throw loginFailure(error);
  }
}

/** The device flow, start to finish. */
async function runDeviceFlow(
  request: LoginRequest,
  deps: LoginDeps,
  oc: OAuthClient,
): Promise<TokenEndpointResponse> {
  const { status } = deps;
  let code: DeviceCode;
  try {
    code = await requestDeviceCode(oc, {
      scope: deps.network.scope,
      now: deps.now,
      sleep: deps.sleep,
      signal: deps.signal,
      onRetry: (reason, delayMs) =>
        status.warning(
          `the device code request failed (${reason}); retrying in ${formatRemaining(delayMs)}`,
        ),
    });
  } catch (error) {
    throw loginFailure(error);
  }
  deps.holdSecret?.(code.device_code);
  await showDeviceCode(code, request, deps, oc.as.issuer);

  const step = status.step("Waiting for approval", {
    deadline: code.receivedAt + code.expires_in * 1000,
  });
  try {
    const response = await pollDeviceToken(oc, code, {
      now: deps.now,
      sleep: deps.sleep,
      signal: deps.signal,
      onSlowDown: (intervalMs, cause) =>
        status.warning(
          `the server asked to slow down (${cause}); polling every ${intervalMs / 1000}s`,
        ),
      onRetry: (reason, delayMs) =>
        status.warning(`polling failed (${reason}); retrying in ${formatRemaining(delayMs)}`),
    }, request.additionalParameters);
    step.succeed("Login approved");
    return response;
  } catch (error) {
    step.end();
    throw loginFailure(error, code);
  }
}

/**
 * Prints the device code's URL(s), code and QR code. The URLs come from the
 * server: each must pass {@linkcode checkLaunchUrl}, the code is server text.
 */
async function showDeviceCode(
  code: DeviceCode,
  request: LoginRequest,
  deps: LoginDeps,
  issuer: string,
) {
  const { status } = deps;
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
    else status.warning(`ignoring the server's verification_uri_complete: ${checked.reason}`);
  }
  const shown = complete ?? uri.href;
  const foreign = [uri.href, complete].find((url) => url && originsDiffer(url, issuer));
  if (foreign) {
    status.warning(
      `the verification URL is on ${new URL(foreign).origin}, not on the server's origin ${
        new URL(issuer).origin
      }; open it only if you trust that site`,
    );
  }
  const userCode = serverText(code.user_code, USER_CODE_LIMIT);
  status.line("To log in, open this URL in a browser on any device:");
  status.line(`  ${status.emphasis(shown)}`);
  if (complete) {
    status.line(`or open ${uri.href} and enter the code ${status.emphasis(userCode)}`);
  } else {
    status.line(`and enter the code ${status.emphasis(userCode)}`);
  }
  if (request.qr && status.mode.interactive) {
    const qr = await renderQrCode(shown, {
      maxColumns: deps.columns,
      color: status.mode.color,
    });
    if (qr) status.block(qr);
  }
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

function printSummary(
  deps: LoginDeps,
  token: StoredToken,
  source: TokenSource,
  check: TokenCheck,
  /** Who the token stands for when no person does (a machine client). */
  machine?: string,
): void {
  const { verification, userinfo } = check;
  const user = userinfo.ok ? describeUser(userinfo.claims) : undefined;
  const fromVerification = verification.status === "active"
    ? describeUser(verification.claims)
    : undefined;
  if (verification.status === "unknown") {
    deps.status.warning(`the token could not be verified: ${verification.reason}`);
  }
  deps.status.block(formatLoginSummary({
    source,
    token,
    now: deps.now(),
    user: machine ?? user ?? fromVerification ??
      (userinfo.ok ? undefined : `(userinfo unavailable: ${userinfo.reason})`),
    verification: verification.status === "unknown"
      ? "not verified (no answer from the server)"
      : `${verification.status} (${verification.via})`,
    store: deps.store.description,
  }));
}
