/**
 * When to poll the token endpoint during the device flow (RFC 8628 section
 * 3.5), and when to send the device code request again. Pure: the loop feeds
 * each outcome in and sleeps for the delay that comes out.
 * @module
 */

/** RFC 8628 3.2: a client that got no `interval` waits 5 seconds. */
export const DEFAULT_INTERVAL_MS = 5_000;
/** RFC 8628 3.5: `slow_down` raises the interval by 5 seconds. */
export const SLOW_DOWN_STEP_MS = 5_000;
/** A server announcing less than this is not taken literally (no busy polling). */
export const MIN_INTERVAL_MS = 1_000;
/** Backoff after transient failures never waits longer than this. */
export const MAX_BACKOFF_MS = 60_000;

/** The state of the polling loop. */
export interface PollSchedule {
  /** The current polling interval. */
  intervalMs: number;
  /** Transient failures in a row (network errors, 5xx). */
  failures: number;
  /** When the device code expires (epoch milliseconds). */
  deadline: number;
}

/** What the last poll answered, short of a token or a final error. */
export type PollOutcome =
  /** `authorization_pending`: the user has not finished yet. */
  | { kind: "pending" }
  /** `slow_down`. */
  | { kind: "slow_down" }
  /** HTTP 429: treated like `slow_down`, and no sooner than Retry-After. */
  | { kind: "rate_limited"; retryAfterMs?: number }
  /** A network error or a 5xx answer: poll again, backing off. */
  | { kind: "transient" };

/**
 * The schedule at the start of polling.
 *
 * @param authorization The device authorization response's `interval` and `expires_in` (seconds).
 * @param now The time the response arrived.
 * @returns The schedule.
 */
export function startSchedule(
  authorization: { interval?: number; expires_in: number },
  now: number,
): PollSchedule {
  const announced = authorization.interval === undefined
    ? DEFAULT_INTERVAL_MS
    : authorization.interval * 1000;
  return {
    intervalMs: Math.max(announced, MIN_INTERVAL_MS),
    failures: 0,
    deadline: now + authorization.expires_in * 1000,
  };
}

/**
 * The schedule for sending one request again until `deadline` (the device code
 * request): the polling rules for transient failures and 429, from a 1 s base,
 * so the first retry waits 2 s, then 4 s, 8 s...
 *
 * @param deadline When to stop trying (epoch milliseconds).
 * @returns The schedule.
 */
export function retrySchedule(deadline: number): PollSchedule {
  return { intervalMs: MIN_INTERVAL_MS, failures: 0, deadline };
}

/**
 * Applies a poll's outcome: the new schedule and how long to wait before the
 * next poll.
 *
 * - pending: the interval;
 * - slow_down: the interval grows by 5 s for good;
 * - 429: like slow_down, and at least Retry-After;
 * - transient failure: the interval doubled per failure in a row, up to 60 s
 *   (never below the interval); the count resets on the next real answer.
 *
 * @param schedule The current schedule.
 * @param outcome What the poll answered.
 * @returns The next schedule and the delay.
 */
export function nextPoll(
  schedule: PollSchedule,
  outcome: PollOutcome,
): { schedule: PollSchedule; delayMs: number } {
  switch (outcome.kind) {
    case "pending":
      return { schedule: { ...schedule, failures: 0 }, delayMs: schedule.intervalMs };
    case "slow_down": {
      const intervalMs = schedule.intervalMs + SLOW_DOWN_STEP_MS;
      return { schedule: { ...schedule, intervalMs, failures: 0 }, delayMs: intervalMs };
    }
    case "rate_limited": {
      const intervalMs = schedule.intervalMs + SLOW_DOWN_STEP_MS;
      return {
        schedule: { ...schedule, intervalMs, failures: 0 },
        delayMs: Math.max(intervalMs, outcome.retryAfterMs ?? 0),
      };
    }
    case "transient": {
      const failures = schedule.failures + 1;
      const backoff = Math.min(schedule.intervalMs * 2 ** failures, MAX_BACKOFF_MS);
      return {
        schedule: { ...schedule, failures },
        delayMs: Math.max(backoff, schedule.intervalMs),
      };
    }
  }
}

/**
 * Reads a Retry-After header: delay-seconds or an HTTP date.
 *
 * @param value The header value, if any.
 * @param now The current time (for a date).
 * @returns Milliseconds to wait, or undefined when absent or unreadable.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month ("Sun, 06 Nov 1994 08:49:37 GMT").
  const date = /[a-z]/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
