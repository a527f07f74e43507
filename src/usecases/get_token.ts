/**
 * `token get`'s use case: a valid access token, refreshed proactively, with
 * one refresh at a time across processes.
 *
 * The fresh path reads the store once and decides; nothing else runs. Inside
 * the refresh window the store lock is held from re-read to save, so parallel
 * callers wait and then use the token the first one obtained instead of
 * spending the (rotating) refresh token again.
 * @module
 */

import {
  type LockedTokenStore,
  type PreparedSave,
  type TokenStore,
  TokenStoreError,
} from "../store/token_store.ts";
import { needsRefresh, tokenUsable } from "../token/expiry.ts";
import type { StoredToken } from "../token/stored_token.ts";
import type { Obtainer, Refresher } from "../token/token_services.ts";
import { CliError, errorMessage, ExitCode } from "../errors.ts";
import { failureHint } from "../failure_hint.ts";

/**
 * Progress of a refresh, for callers that show status (the main flow). Every
 * `refreshing` is followed by a result: `refresh_failed`, or the returned
 * token (`refreshed: true`, or a token another process obtained meanwhile).
 */
export type GetTokenEvent =
  /** A refresh is due; `expired` when the access token is already expired. */
  | { type: "refreshing"; expired: boolean }
  /**
   * The refresh failed. `usingExisting`: the still-valid token is returned
   * (reported here instead of the `warn` line); else an error follows.
   */
  | { type: "refresh_failed"; reason: string; usingExisting: boolean };

/** What the use case needs from outside. */
export interface GetTokenDeps {
  store: TokenStore;
  now(): number;
  /** Prepares the refresher of `token`; may throw for bad network settings. */
  prepareRefresher(token: StoredToken): Promise<Refresher>;
  /**
   * Set for a machine client (it needs no person to get a token): prepares its
   * obtainer, used where no token is stored or the stored one is due and has
   * no refresh token, under the same lock as a refresh. `token` is the due one
   * (its server is used when none is configured). May throw for bad settings.
   */
  prepareObtainer?(token?: StoredToken): Promise<Obtainer>;
  warn(message: string): void;
  /** Observes refresh progress (optional; `token get` shows none). */
  onEvent?(event: GetTokenEvent): void;
  /**
   * Called as soon as the decision needs no network (the token is fresh, or
   * usable without a refresh token; with `offline`, before the store is read),
   * before the token is returned: `token get` revokes its net permission here.
   * Not called on the refresh path.
   */
  dropNetwork?(): void;
}

/** What the caller asks for. */
export interface GetTokenRequest {
  clientId: string;
  /** Refresh when expiry is within this window (milliseconds). */
  thresholdMs: number;
  /** Refresh even if the token is fresh. */
  force?: boolean;
  /**
   * The token must stay valid at least this long (milliseconds): when the
   * server rejected the stored refresh token, a shorter-lived token is a
   * login-needed error instead of a warning.
   */
  minValidMs?: number;
  /**
   * A token whose refresh token the server rejected is a login-needed error,
   * even while it is valid (the main flow then logs in).
   */
  requireRefreshable?: boolean;
  /** Never touch the network: fail with exit 5 instead of refreshing. */
  offline?: boolean;
}

/** The token to use, and whether this call refreshed it. */
export interface GetTokenResult {
  token: StoredToken;
  refreshed: boolean;
}

/** The error for "no token stored for this client". */
export function noStoredTokenError(clientId: string): CliError {
  return new CliError(`no stored token for client-id "${clientId}"`, {
    exitCode: ExitCode.LOGIN_REQUIRED,
    hint: "run 'authgate' first to authenticate.",
  });
}

function cannotRefreshError(reason: string): CliError {
  return new CliError(`stored token can no longer be refreshed: ${reason}`, {
    exitCode: ExitCode.LOGIN_REQUIRED,
    hint: "run 'authgate' to re-authenticate.",
  });
}

/**
 * The refresh succeeded but the new token could not be stored. The token is
 * good (the command still prints it), but the stored refresh token is spent:
 * the next refresh needs a login.
 */
export class UnsavedTokenError extends CliError {
  override name = "UnsavedTokenError";

  /**
   * @param token The refreshed token.
   * @param cause Why the save failed.
   */
  constructor(readonly token: StoredToken, cause: unknown) {
    super(`the refreshed token could not be saved: ${errorMessage(cause)}`, {
      exitCode: ExitCode.LOGIN_NEEDED_SOON,
      hint: `the new token works until ${
        new Date(token.expiresAt).toISOString()
      }, but the stored refresh token is spent: fix the token file, then run 'authgate' to log in again.`,
      cause,
    });
  }
}

function rejectedGrantError(token: StoredToken): CliError {
  return cannotRefreshError(
    `the server rejected its refresh token at ${new Date(token.refreshRejectedAt!).toISOString()}`,
  );
}

/** Whether a token is too short-lived to serve when it cannot be refreshed. */
function needsLiveGrant(token: StoredToken, request: GetTokenRequest, now: number): boolean {
  return Boolean(request.force || request.requireRefreshable) || !tokenUsable(token, now) ||
    token.expiresAt - now < (request.minValidMs ?? 0);
}

function isDeadGrant(error: unknown): boolean {
  return (error as { kind?: unknown })?.kind === "invalid_grant";
}

/**
 * Returns a usable token for `request.clientId`, refreshing it when needed.
 *
 * @param request What is asked for.
 * @param deps Store, clock, refresher factory, warning sink.
 * @returns The token.
 * @throws {CliError} when no usable token can be had without a new login.
 */
export async function getToken(
  request: GetTokenRequest,
  deps: GetTokenDeps,
): Promise<GetTokenResult> {
  const { clientId, thresholdMs } = request;
  const stale = (token: StoredToken, now: number) =>
    request.force || needsRefresh(token, thresholdMs, now);

  // A caller that forbids the network loses it before the store is even read.
  if (request.offline) deps.dropNetwork?.();
  const token = await deps.store.load(clientId);
  if (!token && deps.prepareObtainer) return await obtainToken(undefined, request, deps);
  if (!token) throw noStoredTokenError(clientId);
  const withoutNetwork = (): GetTokenResult => {
    deps.dropNetwork?.();
    return { token, refreshed: false };
  };
  if (token.refreshRejectedAt !== undefined) {
    // The server said no once: its refresh token is never sent again.
    if (needsLiveGrant(token, request, deps.now()) || stale(token, deps.now())) {
      return serveRejected(token, request, deps, withoutNetwork);
    }
  }
  if (!stale(token, deps.now())) return withoutNetwork();

  if (!token.refreshToken && deps.prepareObtainer) return await obtainToken(token, request, deps);
  if (!token.refreshToken) {
    if (tokenUsable(token, deps.now())) return withoutNetwork();
    throw cannotRefreshError("no refresh token available");
  }
  if (request.offline) {
    throw new CliError("the token needs a refresh, but --offline forbids network access", {
      exitCode: ExitCode.REFRESH_NEEDED_OFFLINE,
      hint: "run without --offline to refresh it.",
    });
  }

  /** Ends a failed refresh: the still-usable token (with a warning) or an error. */
  const degrade = (
    current: StoredToken,
    error: unknown,
    usingExisting = tokenUsable(current, deps.now()),
  ): GetTokenResult => {
    if (deps.onEvent) {
      deps.onEvent({ type: "refresh_failed", reason: errorMessage(error), usingExisting });
    } else if (usingExisting) {
      deps.warn(`token refresh failed, using existing token: ${errorMessage(error)}`);
    }
    if (usingExisting) {
      return { token: current, refreshed: false };
    }
    if (isDeadGrant(error)) throw cannotRefreshError(errorMessage(error));
    throw new CliError(`failed to obtain a valid token: ${errorMessage(error)}`, {
      hint: failureHint(error),
      cause: error,
    });
  };

  deps.onEvent?.({ type: "refreshing", expired: !tokenUsable(token, deps.now()) });
  let refresher: Refresher;
  try {
    refresher = await deps.prepareRefresher(token);
  } catch (error) {
    // A configuration error is the user's to fix: report it as such once the
    // token can no longer carry the script.
    if (error instanceof CliError && !tokenUsable(token, deps.now())) throw error;
    return degrade(token, error);
  }
  try {
    return await deps.store.withLock(
      refresher.lockTimeoutMs,
      (locked) => refreshUnderLock(token, locked, refresher, { request, deps, stale, degrade }),
    );
  } catch (error) {
    if (error instanceof CliError) throw error;
    return degrade(token, error);
  }
}

type Degrade = (current: StoredToken, error: unknown, usingExisting?: boolean) => GetTokenResult;

/**
 * A token whose refresh token the server rejected: served with a warning while
 * it carries the request, else a login-needed error. Never a network request.
 */
function serveRejected(
  token: StoredToken,
  request: GetTokenRequest,
  deps: GetTokenDeps,
  serve: () => GetTokenResult,
): GetTokenResult {
  const now = deps.now();
  if (needsLiveGrant(token, request, now)) throw rejectedGrantError(token);
  deps.warn(
    `the server rejected the stored refresh token at ${
      new Date(token.refreshRejectedAt!).toISOString()
    }; using the existing token until it expires at ${
      new Date(token.expiresAt).toISOString()
    }: run 'authgate' to log in again`,
  );
  return serve();
}

async function refreshUnderLock(
  seen: StoredToken,
  locked: LockedTokenStore,
  refresher: Refresher,
  context: {
    request: GetTokenRequest;
    deps: GetTokenDeps;
    stale: (token: StoredToken, now: number) => boolean;
    degrade: Degrade;
  },
): Promise<GetTokenResult> {
  const { request, deps, stale, degrade } = context;
  // Another process may have refreshed while we waited: its usable token wins,
  // even inside the window, or every waiter would refresh a short-lived token.
  const current = await locked.load(request.clientId);
  if (!current) throw noStoredTokenError(request.clientId);
  const now = deps.now();
  const replaced = current.accessToken !== seen.accessToken;
  if ((replaced && tokenUsable(current, now)) || !stale(current, now)) {
    return { token: current, refreshed: false };
  }
  if (current.refreshRejectedAt !== undefined) {
    return serveRejected(current, request, deps, () => ({ token: current, refreshed: false }));
  }
  if (!current.refreshToken) {
    if (tokenUsable(current, now)) return { token: current, refreshed: false };
    throw cannotRefreshError("no refresh token available");
  }

  // Claim the disk space first: a refresh token is spent only if its successor can be stored.
  let prepared: PreparedSave;
  try {
    prepared = await locked.prepareSave(request.clientId);
  } catch (error) {
    // Other failures (a keyring that cannot seal) are reported as they are.
    if (!(error instanceof TokenStoreError)) throw error;
    const reason = `the refresh was not sent, as its result could not be stored: ${
      errorMessage(error)
    }`;
    if (tokenUsable(current, deps.now())) return degrade(current, new Error(reason));
    deps.onEvent?.({ type: "refresh_failed", reason, usingExisting: false });
    throw new CliError(`failed to obtain a valid token: ${reason}`, {
      cause: error,
      hint:
        "free disk space or make the token file's directory writable, then run the command again.",
    });
  }
  try {
    return await refreshPrepared(current, prepared, locked, refresher, context);
  } finally {
    await prepared.discard();
  }
}

async function refreshPrepared(
  current: StoredToken,
  prepared: PreparedSave,
  locked: LockedTokenStore,
  refresher: Refresher,
  context: {
    request: GetTokenRequest;
    deps: GetTokenDeps;
    degrade: Degrade;
  },
): Promise<GetTokenResult> {
  const { request, deps, degrade } = context;
  let fresh: StoredToken;
  try {
    fresh = await refresher.refresh(current);
  } catch (error) {
    if (!isDeadGrant(error)) return degrade(current, error);
    // A client outside our lock (the Go CLI on the same file) may have rotated it.
    const again = await locked.load(request.clientId);
    if (again?.refreshToken !== current.refreshToken) {
      if (again && tokenUsable(again, deps.now())) return { token: again, refreshed: false };
      return degrade(current, error);
    }
    // Remember the verdict, so that this refresh token is never sent again.
    const rejected = { ...again, refreshRejectedAt: deps.now() };
    try {
      await prepared.save(rejected);
    } catch (saveError) {
      deps.warn(
        `the rejected refresh token could not be marked as such: ${errorMessage(saveError)}`,
      );
    }
    return degrade(rejected, error, !needsLiveGrant(rejected, request, deps.now()));
  }
  try {
    await prepared.save(fresh);
  } catch (error) {
    throw new UnsavedTokenError(fresh, error);
  }
  return { token: fresh, refreshed: true };
}

function obtainFailure(error: unknown): CliError {
  return new CliError(`cannot obtain a token: ${errorMessage(error)}`, {
    hint: failureHint(error),
    cause: error,
  });
}

/** A failed request: the still-usable token `current` if there is one, else the error. */
function keepOrFail(
  current: StoredToken | undefined,
  error: unknown,
  deps: GetTokenDeps,
): GetTokenResult {
  const usingExisting = current !== undefined && tokenUsable(current, deps.now());
  const reason = errorMessage(error);
  if (deps.onEvent) deps.onEvent({ type: "refresh_failed", reason, usingExisting });
  else if (usingExisting) {
    deps.warn(`could not obtain a new token, using the existing one: ${reason}`);
  }
  if (usingExisting) return { token: current, refreshed: false };
  throw obtainFailure(error);
}

/**
 * A machine client's path: a new token from the obtainer when none is stored
 * or `seen` is due, under the store lock (re-read first: a token another
 * process obtained meanwhile wins, so parallel callers send one request).
 */
async function obtainToken(
  seen: StoredToken | undefined,
  request: GetTokenRequest,
  deps: GetTokenDeps,
): Promise<GetTokenResult> {
  if (request.offline) {
    throw new CliError(
      seen
        ? "the token needs renewing, but --offline forbids network access"
        : "no token is stored, and getting one needs the network, which --offline forbids",
      { exitCode: ExitCode.REFRESH_NEEDED_OFFLINE, hint: "run without --offline." },
    );
  }
  deps.onEvent?.({ type: "refreshing", expired: !seen || !tokenUsable(seen, deps.now()) });
  let obtainer: Obtainer;
  try {
    obtainer = await deps.prepareObtainer!(seen);
  } catch (error) {
    if (error instanceof CliError && !(seen && tokenUsable(seen, deps.now()))) throw error;
    return keepOrFail(seen, error, deps);
  }
  try {
    return await deps.store.withLock(obtainer.lockTimeoutMs, async (locked) => {
      const current = await locked.load(request.clientId);
      const now = deps.now();
      const replaced = current !== undefined && current.accessToken !== seen?.accessToken;
      const due = (token: StoredToken) =>
        request.force || needsRefresh(token, request.thresholdMs, now);
      if (current && ((replaced && tokenUsable(current, now)) || !due(current))) {
        return { token: current, refreshed: false };
      }
      let fresh: StoredToken;
      try {
        fresh = await obtainer.obtain(request.clientId);
      } catch (error) {
        return keepOrFail(current, error, deps);
      }
      try {
        await locked.save(fresh);
      } catch (error) {
        deps.warn(`the new token could not be saved: ${errorMessage(error)}`);
      }
      return { token: fresh, refreshed: true };
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    return keepOrFail(seen, error, deps);
  }
}
