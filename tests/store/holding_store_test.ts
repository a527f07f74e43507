import { storeHoldingSecrets } from "../../src/store/holding_store.ts";
import type { TokenStore } from "../../src/store/token_store.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";
import { HeldSecrets } from "../../src/text/held_secrets.ts";
import { assertEquals } from "../support/assert.ts";
import { makeToken } from "../support/tokens.ts";

/** A one-entry store in memory. */
function memoryStore(initial?: StoredToken): TokenStore & { saved: StoredToken[] } {
  let entry = initial;
  const saved: StoredToken[] = [];
  const locked = {
    load: () => Promise.resolve(entry),
    save: (token: StoredToken) => {
      saved.push(token);
      entry = token;
      return Promise.resolve();
    },
    prepareSave: () =>
      Promise.resolve({
        save: (token: StoredToken) => locked.save(token),
        discard: async () => {},
      }),
    remove: () => Promise.resolve(entry !== undefined),
  };
  return {
    saved,
    get description() {
      return entry ? "memory (full)" : "memory (empty)";
    },
    load: () => Promise.resolve(entry),
    withLock: (_timeoutMs, action) => action(locked),
  };
}

Deno.test("storeHoldingSecrets() holds every token loaded or saved, and behaves like the store", async () => {
  const first = makeToken({
    accessToken: "access-one",
    refreshToken: "refresh-one",
    idToken: "id-one",
  });
  const second = makeToken({ accessToken: "access-two", refreshToken: "refresh-two" });
  const inner = memoryStore(first);
  const secrets = new HeldSecrets();
  const store = storeHoldingSecrets(inner, secrets);
  assertEquals(secrets.redact("access-one"), "access-one", "nothing held before a load");

  assertEquals(await store.load(first.clientId), first);
  assertEquals(secrets.redact("access-one refresh-one id-one"), "[redacted] [redacted] [redacted]");

  await store.withLock(1_000, async (locked) => {
    assertEquals(await locked.load(first.clientId), first);
    await locked.save(second);
    assertEquals(await locked.remove(second.clientId), true);
  });
  assertEquals(inner.saved, [second]);
  assertEquals(secrets.redact("access-two refresh-two"), "[redacted] [redacted]");
  assertEquals(store.description, "memory (full)", "the description is the store's, live");
});
