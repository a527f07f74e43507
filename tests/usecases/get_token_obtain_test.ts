/**
 * getToken() for a machine client (an `Obtainer`): no refresh token, a new
 * request when none is stored or the token is due, one request for many
 * callers, and the failure cases.
 */

import { OAuthFailure } from "../../src/oauth/oauth_errors.ts";
import { MemoryTokenStore } from "../../src/store/memory_store.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";
import type { Obtainer } from "../../src/token/token_services.ts";
import { CliError, ExitCode } from "../../src/errors.ts";
import { getToken, type GetTokenDeps, type GetTokenRequest } from "../../src/usecases/get_token.ts";
import { assert, assertEquals, assertRejects } from "../support/assert.ts";
import { makeToken, MINUTE, T0 } from "../support/tokens.ts";

const CLIENT = "client-a";
const REQUEST: GetTokenRequest = { clientId: CLIENT, thresholdMs: 5 * MINUTE };
const machineToken = (accessToken: string, expiresAt: number) =>
  makeToken({ accessToken, refreshToken: "", expiresAt });

/** A store holding `token`, an obtainer that counts its requests, and the deps around them. */
async function harness(
  token?: StoredToken,
  obtain: (n: number) => Promise<StoredToken> = (n) =>
    Promise.resolve(machineToken(`machine-${n}`, T0 + 60 * MINUTE)),
) {
  const store = new MemoryTokenStore();
  if (token) await store.withLock(0, (locked) => locked.save(token));
  const calls = { prepare: 0, obtain: 0, dropNetwork: 0, refresher: 0 };
  const warnings: string[] = [];
  const obtainer: Obtainer = {
    lockTimeoutMs: 1000,
    obtain: () => obtain(++calls.obtain),
  };
  const deps: GetTokenDeps = {
    store,
    now: () => T0,
    prepareRefresher: () => {
      calls.refresher++;
      return Promise.reject(new Error("no refresher for a machine token"));
    },
    prepareObtainer: () => {
      calls.prepare++;
      return Promise.resolve(obtainer);
    },
    warn: (message) => warnings.push(message),
    dropNetwork: () => calls.dropNetwork++,
  };
  return { store, calls, warnings, deps };
}

Deno.test("getToken() obtains and stores a first token when none is stored", async () => {
  const { store, calls, deps } = await harness();
  const result = await getToken(REQUEST, deps);
  assertEquals(result, { token: machineToken("machine-1", T0 + 60 * MINUTE), refreshed: true });
  assertEquals(await store.load(CLIENT), result.token);
  assertEquals(calls, { prepare: 1, obtain: 1, dropNetwork: 0, refresher: 0 });
});

Deno.test("getToken() serves a fresh machine token with no request and drops the network", async () => {
  const fresh = machineToken("stored", T0 + 30 * MINUTE);
  const { calls, deps } = await harness(fresh);
  assertEquals(await getToken(REQUEST, deps), { token: fresh, refreshed: false });
  assertEquals(calls, { prepare: 0, obtain: 0, dropNetwork: 1, refresher: 0 });
});

Deno.test("getToken() asks again inside the window (there is no refresh token)", async () => {
  const { calls, deps } = await harness(machineToken("stored", T0 + 2 * MINUTE));
  const result = await getToken(REQUEST, deps);
  assertEquals(result.token.accessToken, "machine-1");
  assertEquals(result.refreshed, true);
  assertEquals(calls.obtain, 1);
  assertEquals(calls.refresher, 0);
});

Deno.test("getToken(): 50 parallel callers inside the window send one request", async () => {
  const { calls, deps } = await harness(machineToken("stored", T0 + 2 * MINUTE));
  const results = await Promise.all(Array.from({ length: 50 }, () => getToken(REQUEST, deps)));
  assertEquals(calls.obtain, 1);
  assertEquals(new Set(results.map((r) => r.token.accessToken)), new Set(["machine-1"]));
});

Deno.test("getToken(): 50 parallel callers with nothing stored send one request", async () => {
  const { calls, deps } = await harness();
  const results = await Promise.all(Array.from({ length: 50 }, () => getToken(REQUEST, deps)));
  assertEquals(calls.obtain, 1);
  assertEquals(results.filter((r) => r.refreshed).length, 1);
});

Deno.test("getToken() with --offline and a machine client never asks (exit 5)", async () => {
  for (const stored of [undefined, machineToken("stored", T0 + 2 * MINUTE)]) {
    const { calls, deps } = await harness(stored);
    const error = await assertRejects(
      () => getToken({ ...REQUEST, offline: true }, deps),
      CliError,
    );
    assertEquals(error.exitCode, ExitCode.REFRESH_NEEDED_OFFLINE);
    assertEquals(calls.obtain, 0);
  }
});

Deno.test("getToken() keeps a still-valid machine token when the request fails", async () => {
  const stored = machineToken("stored", T0 + 2 * MINUTE);
  const { warnings, deps } = await harness(
    stored,
    () => Promise.reject(new OAuthFailure("network", "client credentials grant timed out")),
  );
  assertEquals(await getToken(REQUEST, deps), { token: stored, refreshed: false });
  assertEquals(warnings, [
    "could not obtain a new token, using the existing one: client credentials grant timed out",
  ]);
});

Deno.test("getToken() names the credentials when the server rejects the client", async () => {
  for (const stored of [undefined, machineToken("expired", T0 - MINUTE)]) {
    const { store, deps } = await harness(stored, () =>
      Promise.reject(
        new OAuthFailure(
          "oauth_error",
          "client credentials grant rejected by the server (invalid_client)",
          "invalid_client",
        ),
      ));
    const error = await assertRejects(() => getToken(REQUEST, deps), CliError);
    assertEquals(
      error.message,
      "cannot obtain a token: client credentials grant rejected by the server (invalid_client)",
    );
    assertEquals(error.exitCode, ExitCode.FAILURE);
    assert(error.hint?.includes("CLIENT_SECRET_FILE"), error.hint);
    assertEquals(await store.load(CLIENT), stored, "nothing new stored");
  }
});

Deno.test("getToken() without an obtainer still asks for a login when nothing is stored", async () => {
  const { deps } = await harness();
  const error = await assertRejects(
    () => getToken(REQUEST, { ...deps, prepareObtainer: undefined }),
    CliError,
  );
  assertEquals(error.exitCode, ExitCode.LOGIN_REQUIRED);
});
