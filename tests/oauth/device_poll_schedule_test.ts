import {
  nextPoll,
  parseRetryAfter,
  type PollSchedule,
  startSchedule,
} from "../../src/oauth/device_poll_schedule.ts";
import { assertEquals } from "../support/assert.ts";

const T0 = 1_700_000_000_000;

Deno.test("startSchedule() uses the server's interval, 5 s when absent, never under 1 s", () => {
  assertEquals(startSchedule({ interval: 7, expires_in: 600 }, T0), {
    intervalMs: 7_000,
    failures: 0,
    deadline: T0 + 600_000,
  });
  assertEquals(startSchedule({ expires_in: 1800 }, T0).intervalMs, 5_000);
  assertEquals(startSchedule({ interval: 0, expires_in: 60 }, T0).intervalMs, 1_000);
});

const base: PollSchedule = { intervalMs: 5_000, failures: 0, deadline: T0 + 1_800_000 };

Deno.test("nextPoll() waits the interval while authorization is pending", () => {
  assertEquals(nextPoll(base, { kind: "pending" }), { schedule: base, delayMs: 5_000 });
});

Deno.test("nextPoll() adds 5 s for good on each slow_down", () => {
  const once = nextPoll(base, { kind: "slow_down" });
  assertEquals(once.delayMs, 10_000);
  const twice = nextPoll(once.schedule, { kind: "slow_down" });
  assertEquals(twice.delayMs, 15_000);
  assertEquals(nextPoll(twice.schedule, { kind: "pending" }).delayMs, 15_000);
});

Deno.test("nextPoll() treats HTTP 429 like slow_down and honours a longer Retry-After", () => {
  assertEquals(nextPoll(base, { kind: "rate_limited" }).delayMs, 10_000);
  assertEquals(nextPoll(base, { kind: "rate_limited", retryAfterMs: 3_000 }).delayMs, 10_000);
  const long = nextPoll(base, { kind: "rate_limited", retryAfterMs: 42_000 });
  assertEquals(long.delayMs, 42_000);
  assertEquals(long.schedule.intervalMs, 10_000);
});

Deno.test("nextPoll() backs off on transient failures, capped, and resets on an answer", () => {
  const delays: number[] = [];
  let schedule = base;
  for (let i = 0; i < 5; i++) {
    const next = nextPoll(schedule, { kind: "transient" });
    delays.push(next.delayMs);
    schedule = next.schedule;
  }
  assertEquals(delays, [10_000, 20_000, 40_000, 60_000, 60_000]);
  const answered = nextPoll(schedule, { kind: "pending" });
  assertEquals(answered, { schedule: { ...base, failures: 0 }, delayMs: 5_000 });
  assertEquals(nextPoll(answered.schedule, { kind: "transient" }).delayMs, 10_000);
});

Deno.test("nextPoll() never backs off below a large interval", () => {
  const slow = { ...base, intervalMs: 50_000 };
  assertEquals(nextPoll(slow, { kind: "transient" }).delayMs, 60_000);
  const slower = { ...base, intervalMs: 90_000 };
  assertEquals(nextPoll(slower, { kind: "transient" }).delayMs, 90_000);
});

Deno.test("parseRetryAfter() reads seconds and HTTP dates", () => {
  assertEquals(parseRetryAfter("12", T0), 12_000);
  assertEquals(parseRetryAfter(" 0 ", T0), 0);
  assertEquals(parseRetryAfter(new Date(T0 + 30_000).toUTCString(), T0), 30_000);
  assertEquals(parseRetryAfter(new Date(T0 - 30_000).toUTCString(), T0), 0);
  assertEquals(parseRetryAfter("soon", T0), undefined);
  assertEquals(parseRetryAfter(null, T0), undefined);
  assertEquals(parseRetryAfter("-3", T0), undefined);
});
