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

import { type LockedTokenStore, type TokenStore, TokenStoreError } from "../store/token_store.ts";
import { needsRefresh, tokenUsable } from "../token/expiry.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { CliError, errorMessage, ExitCode } from "../ui/errors.ts";

/** Sends refreshes. Built only when one is needed (it brings the network code). */
export interface Refresher {
  /** How long to wait for another process's refresh before giving up. */
  readonly lockTimeoutMs: number;
  /**
   * Sends one refresh for `token` and returns the token to store.
   * @throws an error whose `kind` is `"invalid_grant"` when the grant is dead.
   */
  refresh(token: StoredToken): Promise<StoredToken>;
}

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
  /** Prepares the refresher; may throw for bad network settings. */
  prepareRefresher(): Promise<Refresher>;
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
  if (!token) throw noStoredTokenError(clientId);
  const withoutNetwork = (): GetTokenResult => {
    deps.dropNetwork?.();
    return { token, refreshed: false };
  };
  if (!stale(token, deps.now())) return withoutNetwork();

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

  const degrade = (current: StoredToken, error: unknown): GetTokenResult => {
    const usingExisting = tokenUsable(current, deps.now());
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
      cause: error,
      hint: error instanceof TokenStoreError ? error.hint : undefined,
    });
  };

  deps.onEvent?.({ type: "refreshing", expired: !tokenUsable(token, deps.now()) });
  let refresher: Refresher;
  try {
    refresher = await deps.prepareRefresher();
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

async function refreshUnderLock(
  seen: StoredToken,
  locked: LockedTokenStore,
  refresher: Refresher,
  context: {
    request: GetTokenRequest;
    deps: GetTokenDeps;
    stale: (token: StoredToken, now: number) => boolean;
    degrade: (current: StoredToken, error: unknown) => GetTokenResult;
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
  if (!current.refreshToken) {
    if (tokenUsable(current, now)) return { token: current, refreshed: false };
    throw cannotRefreshError("no refresh token available");
  }

  let fresh: StoredToken;
  try {
    fresh = await refresher.refresh(current);
  } catch (error) {
    if (isDeadGrant(error)) {
      // A client outside our lock (the Go CLI on the same file) may have rotated it.
      const again = await locked.load(request.clientId);
      if (
        again && again.refreshToken !== current.refreshToken && tokenUsable(again, deps.now())
      ) {
        return { token: again, refreshed: false };
      }
    }
    return degrade(current, error);
  }
  try {
    await locked.save(fresh);
  } catch (error) {
    deps.warn(`the refreshed token could not be saved: ${errorMessage(error)}`);
  }
  return { token: fresh, refreshed: true };
}
