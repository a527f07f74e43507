import { isExpired, needsRefresh, tokenUsable } from "../../src/token/expiry.ts";
import { assertEquals } from "../support/assert.ts";

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const MINUTE = 60_000;
const THRESHOLD = 5 * MINUTE;

function token(expiresAt: number, accessToken = "access-token") {
  return { accessToken, expiresAt };
}

Deno.test("needsRefresh() refreshes exactly at the threshold", () => {
  assertEquals(needsRefresh(token(NOW + THRESHOLD), THRESHOLD, NOW), true);
});

Deno.test("needsRefresh() does not refresh 1 ms before the window", () => {
  assertEquals(needsRefresh(token(NOW + THRESHOLD + 1), THRESHOLD, NOW), false);
});

Deno.test("needsRefresh() refreshes 1 ms inside the window", () => {
  assertEquals(needsRefresh(token(NOW + THRESHOLD - 1), THRESHOLD, NOW), true);
});

Deno.test("needsRefresh() refreshes an expired token", () => {
  assertEquals(needsRefresh(token(NOW), THRESHOLD, NOW), true);
  assertEquals(needsRefresh(token(NOW - MINUTE), THRESHOLD, NOW), true);
});

Deno.test("needsRefresh() refreshes an empty access token however far its expiry", () => {
  assertEquals(needsRefresh(token(NOW + 24 * 60 * MINUTE, ""), THRESHOLD, NOW), true);
});

Deno.test("needsRefresh() with threshold 0 refreshes only from the instant of expiry", () => {
  assertEquals(needsRefresh(token(NOW + 1), 0, NOW), false);
  assertEquals(needsRefresh(token(NOW), 0, NOW), true);
  assertEquals(needsRefresh(token(NOW - 1), 0, NOW), true);
});

Deno.test("needsRefresh() honours a threshold longer than the token's life", () => {
  assertEquals(needsRefresh(token(NOW + 10 * 60 * MINUTE), 48 * 60 * MINUTE, NOW), true);
});

Deno.test("tokenUsable() is false at the instant of expiry", () => {
  assertEquals(tokenUsable(token(NOW), NOW), false);
});

Deno.test("tokenUsable() is true 1 ms before expiry and false 1 ms after", () => {
  assertEquals(tokenUsable(token(NOW + 1), NOW), true);
  assertEquals(tokenUsable(token(NOW - 1), NOW), false);
});

Deno.test("tokenUsable() is false for an empty access token", () => {
  assertEquals(tokenUsable(token(NOW + MINUTE, ""), NOW), false);
});

Deno.test("isExpired() is inclusive at the instant of expiry", () => {
  assertEquals(isExpired(token(NOW), NOW), true);
  assertEquals(isExpired(token(NOW + 1), NOW), false);
  assertEquals(isExpired(token(NOW - 1), NOW), true);
});

Deno.test("isExpired() and tokenUsable() agree for a non-empty token", () => {
  for (const offset of [-2, -1, 0, 1, 2]) {
    const t = token(NOW + offset);
    assertEquals(isExpired(t, NOW), !tokenUsable(t, NOW), `offset ${offset}`);
  }
});
