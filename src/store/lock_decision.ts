/**
 * The pure decisions of the token file's lock: what a waiter does with a lock
 * file it found (wait, take it over, give up) and how it describes one it
 * could not have. The file and OS-lock I/O is in `file_lock.ts`.
 *
 * Two kinds of lock share the `<file>.lock` name. authgate's own names its
 * owner and, while that process lives, carries an OS lock (`flock`,
 * `LockFileEx`) that the kernel drops when the process dies, so a waiter on the
 * same host knows at once that its owner is gone. The Go client's lock is an
 * empty file with no OS lock: only its age (30 s untouched) says it is
 * abandoned, as in the Go client; the same holds for a lock from another host,
 * whose OS lock a network filesystem may not show.
 * @module
 */

import { formatDuration } from "../config/duration.ts";

/** A lock untouched for this long is abandoned (the Go client's rule). */
export const DEFAULT_STALE_MS = 30_000;

/**
 * How long past the staleness a waiter still waits, so that it sees a lock go
 * stale before it gives up: one poll (at most 2 × 50 ms) and coarse file times
 * (FAT keeps 2 s, most filesystems 1 ns).
 */
const STALE_MARGIN_MS = 2_500;

/** The owner record in an authgate lock file. */
export interface LockOwner {
  pid: number;
  /** The machine's name, or `""` where it cannot be read without `--allow-sys`. */
  host: string;
  /** Random; ownership is decided by it alone. */
  id: string;
  /** When the lock was taken (ISO 8601). */
  acquired: string;
  /** Whether the owner holds an OS lock on the file while it lives. */
  oslock: boolean;
}

/** What a probe of another process's OS lock on the lock file found. */
export type OsLockState =
  /** Someone holds it: the owner is alive. */
  | "held"
  /** No one holds it. */
  | "free"
  /** The filesystem does not support OS locks. */
  | "unknown";

/** One look at an existing lock file. */
export interface LockSighting {
  /** The owner record; `undefined` for an empty (Go client) or unreadable file. */
  owner?: LockOwner;
  osLock: OsLockState;
  /** The file's modification time (epoch ms): when its owner last touched it. */
  touchedMs: number;
}

/** What a waiter does next. */
export type LockVerdict = "wait" | "take-over" | "give-up";

/** The waiter's side of {@linkcode judgeLock}. */
export interface LockWaitPolicy {
  /** This machine's name, as in owner records. */
  host: string;
  /** When the waiter first saw this owner (epoch ms). */
  startedMs: number;
  /** How long one live owner may keep the lock (milliseconds). */
  timeoutMs: number;
  /** A lock untouched for this long is abandoned (milliseconds). */
  staleMs: number;
}

/**
 * Reads an owner record; anything else (empty, truncated, foreign) is `undefined`.
 *
 * @param text The lock file's contents.
 */
export function parseOwner(text: string): LockOwner | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { pid, host, id, acquired, oslock } = value as Record<string, unknown>;
  if (!Number.isInteger(pid) || typeof host !== "string" || typeof id !== "string") {
    return undefined;
  }
  return {
    pid: pid as number,
    host,
    id,
    acquired: typeof acquired === "string" ? acquired : "",
    oslock: oslock === true,
  };
}

/**
 * Whether the lock's owner is provably gone: it is an authgate process of this
 * host that held an OS lock on the file, and no one holds that lock now. Hosts
 * are compared by name; where no name can be read (`""`, macOS and Windows
 * without `--allow-sys`) both sides are taken to be the same host.
 *
 * @param seen The lock as found.
 * @param host This machine's name.
 */
export function ownerIsGone(seen: LockSighting, host: string): boolean {
  return seen.osLock === "free" && seen.owner?.oslock === true && seen.owner.host === host;
}

/**
 * Whether the lock's owner is provably alive: it claims an OS lock and someone
 * holds it. (A lock that claims none can still be seen held, for a moment, by
 * another waiter's probe.)
 *
 * @param seen The lock as found.
 */
export function ownerIsAlive(seen: LockSighting): boolean {
  return seen.osLock === "held" && seen.owner?.oslock === true;
}

/**
 * Whether the lock has been left untouched longer than `staleMs`.
 *
 * @param seen The lock as found.
 * @param nowMs The current time (epoch ms).
 * @param staleMs The staleness.
 */
export function isStale(seen: LockSighting, nowMs: number, staleMs: number): boolean {
  return nowMs - seen.touchedMs > staleMs;
}

/**
 * How long a waiter waits for a lock whose owner is not known to be alive:
 * never less than such a lock takes to go stale, so a waiter never gives up
 * on a lock it would have been allowed to break a moment later.
 *
 * @param timeoutMs How long a live owner may keep the lock.
 * @param staleMs The staleness.
 * @returns Milliseconds.
 */
export function lockWaitBudgetMs(timeoutMs: number, staleMs: number): number {
  return Math.max(timeoutMs, staleMs + STALE_MARGIN_MS);
}

/**
 * How long the waiter waits for the lock it found: `timeoutMs` while its
 * owner is provably alive ({@linkcode ownerIsAlive}), else
 * {@linkcode lockWaitBudgetMs}.
 *
 * @param seen The lock as found.
 * @param policy The waiter's limits.
 * @returns Milliseconds.
 */
export function waitBudgetMs(seen: LockSighting, policy: LockWaitPolicy): number {
  return ownerIsAlive(seen) ? policy.timeoutMs : lockWaitBudgetMs(policy.timeoutMs, policy.staleMs);
}

/**
 * Decides what a waiter does with the lock it found.
 *
 * - Its owner is provably gone ({@linkcode ownerIsGone}): take it over at once.
 * - Its owner is provably alive ({@linkcode ownerIsAlive}). It is never
 *   broken, however old (a stopped or slow process may still write); wait up
 *   to `timeoutMs`.
 * - Otherwise (the Go client's lock, another host's, an unreadable one): take
 *   it over once stale; wait up to {@linkcode lockWaitBudgetMs}.
 *
 * @param seen The lock as found.
 * @param nowMs The current time (epoch ms).
 * @param policy The waiter's host, start time and limits.
 * @returns The verdict.
 */
export function judgeLock(seen: LockSighting, nowMs: number, policy: LockWaitPolicy): LockVerdict {
  if (ownerIsGone(seen, policy.host)) return "take-over";
  if (!ownerIsAlive(seen) && isStale(seen, nowMs, policy.staleMs)) return "take-over";
  return nowMs - policy.startedMs >= waitBudgetMs(seen, policy) ? "give-up" : "wait";
}

function seconds(ms: number): string {
  return formatDuration(Math.max(0, Math.round(ms / 1_000)) * 1_000);
}

/**
 * The error message and hint for a lock that could not be had: who owns it
 * (pid and host), how old it is and when it was last touched.
 *
 * @param path The lock file.
 * @param seen The lock as last found.
 * @param nowMs The current time (epoch ms).
 * @param policy The waiter's limits.
 * @returns One line of message and one of hint.
 */
export function describeHeldLock(
  path: string,
  seen: LockSighting,
  nowMs: number,
  policy: LockWaitPolicy,
): { message: string; hint: string } {
  const { owner } = seen;
  const touched = `last touched ${seconds(nowMs - seen.touchedMs)} ago`;
  let who: string;
  if (owner) {
    const acquired = Date.parse(owner.acquired);
    const age = Number.isNaN(acquired) ? "" : `, taken ${seconds(nowMs - acquired)} ago`;
    who = `pid ${owner.pid} on ${owner.host || "an unnamed host"}${age}, ${touched}`;
  } else {
    who = `no owner recorded, as in the Go client's lock; ${touched}`;
  }
  const message = `the token file is locked by another authgate process (${who}): ${path}; ` +
    `gave up after ${formatDuration(waitBudgetMs(seen, policy))}`;
  const hint = ownerIsAlive(seen) && owner
    ? `process ${owner.pid} is still running: retry when it has finished, or stop it ` +
      "(its lock goes with it)"
    : "its owner keeps it fresh (another host, or a client without OS locks): retry later; " +
      "remove the lock file only if no client is running";
  return { message, hint };
}
