import assert from "node:assert/strict";
import { decodeBase64 } from "../../src/store/base64.ts";
import { importEntryKey, openEntry } from "../../src/store/encrypted_codec.ts";
import { KeyringTokenStore } from "../../src/store/keyring_store.ts";
import { KeyringStoreUnavailableError } from "../../src/store/keyring_unavailable.ts";
import { KEYRING_SERVICE, MASTER_KEY_ACCOUNT } from "../../src/store/master_key.ts";
import { CliError } from "../../src/errors.ts";
import { MemoryKeyring } from "../support/memory_keyring.ts";
import { sampleToken, tempTokenFile } from "../support/sample_tokens.ts";

const ITEM = `${KEYRING_SERVICE}/${MASTER_KEY_ACCOUNT}`;

async function setup() {
  const { dir, tokenFile } = await tempTokenFile();
  const keyring = new MemoryKeyring();
  const path = `${tokenFile}.enc`;
  return { dir, path, keyring, store: new KeyringTokenStore(path, keyring) };
}

Deno.test("KeyringTokenStore saves entries the Go client can open, with no token text on disk", async () => {
  const { dir, path, keyring, store } = await setup();
  try {
    const token = sampleToken("client-a");
    await store.withLock(1000, (locked) => locked.save(token));
    const text = await Deno.readTextFile(path);
    assert.ok(!text.includes(token.accessToken) && !text.includes(token.refreshToken));
    assert.ok(!/access-|refresh-|id-client|openid/.test(text));
    const entry = JSON.parse(text).data["client-a"];
    assert.match(entry, /^v1:/);
    const key = await importEntryKey(decodeBase64(keyring.items.get(ITEM)!)!);
    assert.equal(JSON.parse(await openEntry(key, entry)).access_token, token.accessToken);
    assert.deepEqual(await store.load("client-a"), token);
    assert.deepEqual(await new KeyringTokenStore(path, keyring).load("client-a"), token);
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyringTokenStore creates the key on the first write only, and keeps it on remove", async () => {
  const { dir, path, keyring, store } = await setup();
  try {
    assert.equal(await store.load("client-a"), undefined);
    assert.equal(keyring.items.size, 0, "reading creates no key");
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-a")));
    const key = keyring.items.get(ITEM);
    assert.ok(key);
    await new KeyringTokenStore(path, keyring).withLock(
      1000,
      (locked) => locked.save(sampleToken("client-b")),
    );
    assert.equal(keyring.items.get(ITEM), key, "a second writer reuses it");
    assert.equal(await store.withLock(1000, (locked) => locked.remove("client-a")), true);
    assert.equal(await store.load("client-a"), undefined);
    assert.equal(keyring.items.get(ITEM), key, "delete keeps the key");
    assert.equal(keyring.sets, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyringTokenStore reports a wrong key and leaves the file untouched", async () => {
  const { dir, path, keyring, store } = await setup();
  try {
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-a")));
    const before = await Deno.readFile(path);
    keyring.items.set(ITEM, btoa(String.fromCharCode(...new Uint8Array(32).fill(7))));
    const fresh = new KeyringTokenStore(path, keyring);
    await assert.rejects(fresh.load("client-a"), (error: Error) => {
      assert.equal(
        error.message,
        `token file ${path} is not valid: the entry for client id "client-a" cannot be read: ` +
          "it cannot be decrypted with the key in the OS keyring (the key was replaced, or the file was modified); fix or remove it",
      );
      return true;
    });
    await assert.rejects(
      fresh.withLock(1000, (locked) => locked.save(sampleToken("client-b"))).then(() =>
        fresh.load("client-a")
      ),
    );
    // Writing another client's entry never rewrites the unreadable one.
    const after = JSON.parse(await Deno.readTextFile(path)).data;
    assert.equal(after["client-a"], JSON.parse(new TextDecoder().decode(before)).data["client-a"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyringTokenStore reports a missing key and never replaces it while entries exist", async () => {
  const { dir, path, keyring, store } = await setup();
  try {
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-a")));
    const before = await Deno.readTextFile(path);
    keyring.items.clear();
    const fresh = new KeyringTokenStore(path, keyring);
    const missing = (error: Error) =>
      error instanceof CliError &&
      error.message.startsWith(`the encryption key of token file ${path} is missing`) &&
      error.hint === `restore that keyring item, or remove ${path} and log in again`;
    await assert.rejects(fresh.load("client-a"), missing);
    await assert.rejects(
      fresh.withLock(1000, (locked) => locked.save(sampleToken("client-b"))),
      missing,
    );
    assert.equal(keyring.items.size, 0, "no new key orphans the existing entries");
    assert.equal(await Deno.readTextFile(path), before);
    // Removing the unreadable entry needs no key; once empty, a new key may be made.
    await fresh.withLock(1000, (locked) => locked.remove("client-a"));
    await fresh.withLock(1000, (locked) => locked.save(sampleToken("client-b")));
    assert.ok(keyring.items.get(ITEM));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyringTokenStore says the keyring is unavailable, with a hint, even without a file", async () => {
  const { dir, keyring, store } = await setup();
  try {
    keyring.unavailable = "secret-tool lookup failed: Cannot autolaunch D-Bus without X11 $DISPLAY";
    const unavailable = (error: Error) =>
      error instanceof KeyringStoreUnavailableError &&
      error.message ===
        "OS keyring unavailable: memory keyring: secret-tool lookup failed: Cannot autolaunch D-Bus without X11 $DISPLAY" &&
      /--token-store file/.test(error.hint!);
    await assert.rejects(store.load("client-a"), unavailable);
    let ran = false;
    await assert.rejects(
      store.withLock(1000, () => {
        ran = true;
        return Promise.resolve();
      }),
      unavailable,
    );
    assert.equal(ran, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyringTokenStore reports a keyring that refuses the new key before the write runs", async () => {
  const { dir, path, keyring, store } = await setup();
  try {
    keyring.refuseWrites = "secret-tool store failed: Cannot create an item in a locked collection";
    let ran = false;
    await assert.rejects(
      store.withLock(1000, () => {
        ran = true;
        return Promise.resolve();
      }),
      KeyringStoreUnavailableError,
    );
    assert.equal(ran, false);
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KeyringTokenStore's prepared save asks the keyring nothing after the refresh", async () => {
  const { dir, path, keyring, store } = await setup();
  try {
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-a")));
    const fresh = sampleToken("client-a");
    // A new process: the key is fetched while the save is prepared, before the refresh.
    const next = new KeyringTokenStore(path, keyring);
    await next.withLock(1000, async (locked) => {
      const prepared = await locked.prepareSave("client-a");
      keyring.unavailable = "the keyring daemon went away during the refresh";
      await prepared.save(fresh);
    });
    keyring.unavailable = undefined;
    assert.deepEqual(await new KeyringTokenStore(path, keyring).load("client-a"), fresh);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
