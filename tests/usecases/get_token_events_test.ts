/** getToken()'s optional event hook, which the main flow turns into status lines. */

import type { LockedTokenStore, TokenStore } from "../../src/store/token_store.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";
import type { Refresher } from "../../src/token/token_services.ts";
import { getToken, type GetTokenEvent } from "../../src/usecases/get_token.ts";
import { CliError } from "../../src/errors.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";

const NOW = 1_700_000_000_000;
const MINUTE = 60_000;

function memoryStore(initial: StoredToken): TokenStore {
  let current: StoredToken | undefined = initial;
  const locked: LockedTokenStore = {
    load: () => Promise.resolve(current),
    save: (token) => {
      current = token;
      return Promise.resolve();
    },
    remove: () => Promise.resolve(true),
    prepareSave: () => Promise.resolve({ save: locked.save, discard: () => Promise.resolve() }),
  };
  return {
    description: "memory",
    load: () => Promise.resolve(current),
    withLock: (_timeout, action) => action(locked),
  };
}

function token(expiresAt: number): StoredToken {
  return {
    accessToken: `access-${expiresAt}`,
    refreshToken: "refresh",
    tokenType: "Bearer",
    expiresAt,
    clientId: "c",
  };
}

function refresher(result: () => Promise<StoredToken>): Refresher {
  return { lockTimeoutMs: 1_000, refresh: () => result() };
}

async function run(stored: StoredToken, refresh: () => Promise<StoredToken>) {
  const events: GetTokenEvent[] = [];
  const warnings: string[] = [];
  const result = await getToken({ clientId: "c", thresholdMs: 5 * MINUTE }, {
    store: memoryStore(stored),
    now: () => NOW,
    prepareRefresher: () => Promise.resolve(refresher(refresh)),
    warn: (message) => warnings.push(message),
    onEvent: (event) => events.push(event),
  }).catch((error) => error as Error);
  return { result, events, warnings };
}

Deno.test("getToken() reports no event for a fresh token", async () => {
  const { events } = await run(token(NOW + 60 * MINUTE), () => Promise.reject(new Error("no")));
  assertEquals(events, []);
});

Deno.test("getToken() reports a proactive refresh inside the window", async () => {
  const { result, events } = await run(
    token(NOW + MINUTE),
    () => Promise.resolve(token(NOW + 60 * MINUTE)),
  );
  assertEquals(events, [{ type: "refreshing", expired: false }]);
  assertEquals((result as { refreshed: boolean }).refreshed, true);
});

Deno.test("getToken() reports an expired token and a failed refresh before its error", async () => {
  const dead = Object.assign(new Error("refresh token expired"), { kind: "invalid_grant" });
  const { result, events } = await run(token(NOW), () => Promise.reject(dead));
  assertEquals(events, [
    { type: "refreshing", expired: true },
    { type: "refresh_failed", reason: "refresh token expired", usingExisting: false },
  ]);
  await assertRejects(() => Promise.reject(result), CliError, "can no longer be refreshed");
});

Deno.test("getToken() reports a degraded refresh as an event instead of a warning", async () => {
  const { result, events, warnings } = await run(
    token(NOW + MINUTE),
    () => Promise.reject(new Error("server down")),
  );
  assertEquals(events, [
    { type: "refreshing", expired: false },
    { type: "refresh_failed", reason: "server down", usingExisting: true },
  ]);
  assertEquals((result as { refreshed: boolean }).refreshed, false);
  assertEquals(warnings, [], "the observer reports it; no second line");
});
