import { formatDuration, formatRemaining, parseDuration } from "../../src/config/duration.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("parseDuration() reads the Go forms users write", () => {
  const cases: [string, number][] = [
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["500ms", 500],
    ["1.5h", 5_400_000],
    ["2h45m30s", 9_930_000],
    ["1h0m0s", 3_600_000],
    ["48h", 172_800_000],
    [".5s", 500],
    ["1.s", 1_000],
    ["0", 0],
    ["0s", 0],
    ["-0", 0],
    ["-5m", -300_000],
    ["+1s", 1_000],
    ["-1m30s", -90_000],
  ];
  for (const [text, ms] of cases) assertEquals(parseDuration(text), ms, `parseDuration("${text}")`);
});

Deno.test("parseDuration() reads sub-millisecond units (µs, μs, us, ns)", () => {
  assertEquals(parseDuration("1500us"), 1.5);
  assertEquals(parseDuration("1500µs"), 1.5); // U+00B5 micro sign
  assertEquals(parseDuration("1500μs"), 1.5); // U+03BC Greek mu
  assertEquals(parseDuration("2000000ns"), 2);
  assertEquals(parseDuration("1s500000us"), 1_500);
});

Deno.test("parseDuration() is exact for decimal fractions, like Go's integer nanoseconds", () => {
  // Go: time.ParseDuration("2.01m") == 120.6s exactly.
  assertEquals(parseDuration("2.01m"), 120_600);
  assertEquals(parseDuration("1.005s"), 1_005);
  assertEquals(parseDuration("1.1h"), 3_960_000);
});

Deno.test("parseDuration() rejects what Go rejects", () => {
  const invalid = [
    "",
    "5",
    "00",
    "m",
    "5x",
    "0x",
    "1h 30m",
    "h1",
    "-",
    "+",
    "--5m",
    "5m-",
    "1h-5m",
    "1.5",
    ".s",
    "5 m",
    "5M",
    "1d",
    "ten seconds",
  ];
  for (const text of invalid) {
    assertEquals(parseDuration(text), undefined, `parseDuration("${text}")`);
  }
});

Deno.test("formatDuration() prints the most significant units first", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [250, "250ms"],
    [1_000, "1s"],
    [1_500, "1.5s"],
    [90_000, "1m30s"],
    [120_000, "2m"],
    [300_000, "5m"],
    [3_600_000, "1h"],
    [5_400_000, "1h30m"],
    [3_661_000, "1h1m1s"],
    [172_800_000, "48h"],
    [-300_000, "-5m"],
    [-250, "-250ms"],
  ];
  for (const [ms, text] of cases) assertEquals(formatDuration(ms), text, `formatDuration(${ms})`);
});

Deno.test("formatDuration() output parses back to the same duration", () => {
  for (const ms of [0, 1, 999, 1_000, 1_234, 61_000, 90_000, 3_599_999, 5_400_000, -90_000]) {
    assertEquals(parseDuration(formatDuration(ms)), ms, `round trip of ${ms}`);
  }
});

Deno.test("formatRemaining() rounds seconds up and drops small units for long waits", () => {
  assertEquals(formatRemaining(0), "0s");
  assertEquals(formatRemaining(-5), "0s");
  assertEquals(formatRemaining(1), "1s");
  assertEquals(formatRemaining(59_001), "1m 0s");
  assertEquals(formatRemaining(30 * 60_000), "30m 0s");
  assertEquals(formatRemaining(3_600_000 + 125_000), "1h 2m");
});
