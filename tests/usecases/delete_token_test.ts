import type { LockedTokenStore, TokenStore } from "../../src/store/token_store.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";
import { CliError } from "../../src/errors.ts";
import type { Revoker } from "../../src/token/token_services.ts";
import { deleteToken } from "../../src/usecases/delete_token.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { makeToken } from "../support/tokens.ts";

/** An in-memory store that logs every step, and whether the lock was held. */
function loggingStore(tokens: Map<string, StoredToken>, log: string[]): TokenStore {
  let locked = false;
  const inside: LockedTokenStore = {
    load: (id) => Promise.resolve(tokens.get(id)),
    save: (token) => Promise.resolve(void tokens.set(token.clientId, token)),
    remove: (id) => {
      log.push(`remove ${id} locked=${locked}`);
      return Promise.resolve(tokens.delete(id));
    },
    prepareSave: () => Promise.reject(new Error("deleting prepares no save")),
  };
  return {
    description: "memory",
    load: (id) => Promise.resolve(tokens.get(id)),
    async withLock(timeoutMs, action) {
      log.push(`lock ${timeoutMs}`);
      locked = true;
      try {
        return await action(inside);
      } finally {
        locked = false;
        log.push("unlock");
      }
    },
  };
}

function revoker(log: string[], failure?: Error): Revoker {
  return {
    lockTimeoutMs: 25_000,
    revoke: (token) => {
      log.push(`revoke ${token.clientId}`);
      return failure ? Promise.reject(failure) : Promise.resolve();
    },
  };
}

Deno.test("deleteToken() revokes, then removes the entry, all under the lock", async () => {
  const log: string[] = [];
  const tokens = new Map([["client-a", makeToken()], [
    "client-b",
    makeToken({ clientId: "client-b" }),
  ]]);
  const result = await deleteToken("client-a", {
    store: loggingStore(tokens, log),
    revoker: revoker(log),
    info: (m) => log.push(`info ${m}`),
    warn: (m) => log.push(`warn ${m}`),
  });
  assertEquals(result, { revoked: true });
  assertEquals(log, [
    "lock 25000",
    "revoke client-a",
    "info Token revoked on server.",
    "remove client-a locked=true",
    "unlock",
  ]);
  assertEquals([...tokens.keys()], ["client-b"]);
});

Deno.test("deleteToken() warns about a failed revocation and deletes anyway", async () => {
  const log: string[] = [];
  const tokens = new Map([["client-a", makeToken()]]);
  const result = await deleteToken("client-a", {
    store: loggingStore(tokens, log),
    revoker: revoker(log, new Error("access token revocation timed out")),
    info: (m) => log.push(`info ${m}`),
    warn: (m) => log.push(`warn ${m}`),
  });
  assertEquals(result, { revoked: false });
  assertEquals(log.slice(1, 4), [
    "revoke client-a",
    "warn server-side revocation failed: access token revocation timed out; proceeding with local token deletion",
    "remove client-a locked=true",
  ]);
  assertEquals(tokens.size, 0);
});

Deno.test("deleteToken() without a stored token fails (exit 1) and revokes nothing", async () => {
  const log: string[] = [];
  const error = await assertRejects(
    () =>
      deleteToken("client-a", {
        store: loggingStore(new Map(), log),
        revoker: revoker(log),
        info: () => {},
        warn: () => {},
      }),
    CliError,
    'no stored token for client-id "client-a"',
  );
  assertEquals(error.exitCode, 1);
  assertEquals(log, ["lock 25000", "unlock"]);
});

Deno.test("deleteToken() local-only waits for the lock with its own bound and sends nothing", async () => {
  const log: string[] = [];
  await deleteToken("client-a", {
    store: loggingStore(new Map([["client-a", makeToken()]]), log),
    info: () => {},
    warn: () => {},
  });
  assertEquals(log, ["lock 15000", "remove client-a locked=true", "unlock"]);
});
