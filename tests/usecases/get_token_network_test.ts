import assert from "node:assert/strict";
import type { TokenStore } from "../../src/store/token_store.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";
import { getToken, type GetTokenDeps } from "../../src/usecases/get_token.ts";
import { fixtureToken } from "../support/token_fixture.ts";

const NOW = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

/** A store over one token that records what happens, and deps that record the drop. */
function recordingDeps(token: StoredToken | undefined) {
  const events: string[] = [];
  const store: TokenStore = {
    description: "memory",
    load: () => {
      events.push("load");
      return Promise.resolve(token);
    },
    withLock: () => Promise.reject(new Error("withLock must not be reached")),
  } as unknown as TokenStore;
  const deps: GetTokenDeps = {
    store,
    now: () => NOW,
    prepareRefresher: () => {
      events.push("prepareRefresher");
      return Promise.reject(new Error("network unavailable"));
    },
    warn: (message) => events.push(`warn: ${message}`),
    dropNetwork: () => events.push("dropNetwork"),
  };
  return { deps, events };
}

Deno.test("getToken() drops the network right after deciding a fresh token needs none", async () => {
  const { deps, events } = recordingDeps(fixtureToken(60 * MINUTE, {}, NOW));
  const result = await getToken({ clientId: "c", thresholdMs: 5 * MINUTE }, deps);
  assert.deepEqual(result.refreshed, false);
  assert.deepEqual(events, ["load", "dropNetwork"]);
});

Deno.test("getToken() drops the network for a usable token without a refresh token", async () => {
  const { deps, events } = recordingDeps(fixtureToken(MINUTE, { refreshToken: "" }, NOW));
  await getToken({ clientId: "c", thresholdMs: 5 * MINUTE }, deps);
  assert.deepEqual(events, ["load", "dropNetwork"]);
});

Deno.test("getToken() keeps the network on the refresh path", async () => {
  const { deps, events } = recordingDeps(fixtureToken(MINUTE, {}, NOW));
  await getToken({ clientId: "c", thresholdMs: 5 * MINUTE }, deps);
  assert.deepEqual(events, [
    "load",
    "prepareRefresher",
    "warn: token refresh failed, using existing token: network unavailable",
  ]);
});

Deno.test("getToken() with offline drops the network before it reads the store", async () => {
  const { deps, events } = recordingDeps(fixtureToken(MINUTE, {}, NOW));
  await assert.rejects(() =>
    getToken({ clientId: "c", thresholdMs: 5 * MINUTE, offline: true }, deps)
  );
  assert.deepEqual(events, ["dropNetwork", "load"]);
});
