import assert from "node:assert/strict";
import { AutoTokenStore, KEYRING_FALLBACK_WARNING } from "../../src/store/auto_store.ts";
import { FileTokenStore } from "../../src/store/file_store.ts";
import { KeyringTokenStore } from "../../src/store/keyring_store.ts";
import { MemoryKeyring } from "../support/memory_keyring.ts";
import { sampleToken, tempTokenFile } from "../support/sample_tokens.ts";

async function setup(options: { absentReason?: string } = {}) {
  const { dir, tokenFile } = await tempTokenFile();
  const keyring = new MemoryKeyring();
  const warnings: string[] = [];
  let opened = 0;
  const store = new AutoTokenStore({
    plain: new FileTokenStore(tokenFile),
    plainPath: tokenFile,
    encryptedPath: `${tokenFile}.enc`,
    openKeyring: () => {
      opened++;
      return Promise.resolve(new KeyringTokenStore(`${tokenFile}.enc`, keyring));
    },
    absentReason: options.absentReason,
    warn: (message) => warnings.push(message),
  });
  return { dir, tokenFile, keyring, warnings, store, opened: () => opened };
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

Deno.test("AutoTokenStore uses the encrypted file when the keyring answers", async () => {
  const { dir, tokenFile, keyring, warnings, store } = await setup();
  try {
    const token = sampleToken("client-a");
    await store.withLock(1000, (locked) => locked.save(token));
    assert.deepEqual(await store.load("client-a"), token);
    assert.ok(await exists(`${tokenFile}.enc`));
    assert.equal(await exists(tokenFile), false);
    assert.equal(keyring.items.size, 1);
    assert.deepEqual(warnings, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AutoTokenStore ruled out without asking: silent reads, one warning at the first write", async () => {
  const reason = "no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set";
  const { dir, tokenFile, warnings, store, opened } = await setup({ absentReason: reason });
  try {
    assert.equal(await store.load("client-a"), undefined);
    assert.deepEqual(warnings, [], "the fresh read path stays silent");
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-a")));
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-b")));
    assert.deepEqual(warnings, [`${KEYRING_FALLBACK_WARNING} (${reason})`]);
    assert.ok(await exists(tokenFile));
    assert.equal(opened(), 0, "the keyring code is never even loaded");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AutoTokenStore with encrypted tokens falls back at once, warning, when the keyring fails", async () => {
  const { dir, tokenFile, keyring, warnings, store } = await setup();
  try {
    const token = sampleToken("client-a");
    await new KeyringTokenStore(`${tokenFile}.enc`, keyring).withLock(
      1000,
      (locked) => locked.save(sampleToken("client-a")),
    );
    await new FileTokenStore(tokenFile).withLock(1000, (locked) => locked.save(token));
    keyring.unavailable = "secret-tool did not answer within 3s (is the keyring daemon hung?)";
    const gets = keyring.gets;
    assert.deepEqual(await store.load("client-a"), token);
    assert.deepEqual(warnings, [
      `${KEYRING_FALLBACK_WARNING} (memory keyring: secret-tool did not answer within 3s (is the keyring daemon hung?))`,
    ]);
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-b")));
    assert.equal(warnings.length, 1, "warned once per process");
    assert.equal(keyring.gets, gets + 1, "the failed keyring is not asked again");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AutoTokenStore keeps using an existing plain file without asking the keyring", async () => {
  const { dir, tokenFile, keyring, warnings, store, opened } = await setup();
  try {
    const token = sampleToken("client-a");
    await new FileTokenStore(tokenFile).withLock(1000, (locked) => locked.save(token));
    assert.deepEqual(await store.load("client-a"), token);
    const refreshed = sampleToken("client-a");
    await store.withLock(1000, async (locked) => {
      assert.deepEqual(await locked.load("client-a"), token);
      await locked.save(refreshed);
    });
    assert.deepEqual(await new FileTokenStore(tokenFile).load("client-a"), refreshed);
    assert.equal(opened(), 0, "no keyring code loaded, nothing spawned");
    assert.equal(keyring.gets + keyring.sets, 0);
    assert.deepEqual(warnings, []);
    assert.equal(await exists(`${tokenFile}.enc`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AutoTokenStore without a keyring in reach warns at once when encrypted tokens exist", async () => {
  const reason = "no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set";
  const { dir, tokenFile, warnings, store, opened } = await setup({ absentReason: reason });
  try {
    await Deno.writeTextFile(`${tokenFile}.enc`, '{"data": {}}');
    assert.equal(await store.load("client-a"), undefined);
    assert.deepEqual(warnings, [`${KEYRING_FALLBACK_WARNING} (${reason})`]);
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-a")));
    assert.equal(warnings.length, 1);
    assert.equal(opened(), 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AutoTokenStore falls back when the keyring refuses to create the key", async () => {
  const { dir, tokenFile, keyring, warnings, store } = await setup();
  try {
    keyring.refuseWrites = "secret-tool store failed: Cannot create an item in a locked collection";
    const token = sampleToken("client-a");
    await store.withLock(1000, (locked) => locked.save(token));
    assert.deepEqual(await new FileTokenStore(tokenFile).load("client-a"), token);
    assert.equal(await exists(`${tokenFile}.enc`), false);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /locked collection/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AutoTokenStore does not swallow failures of the action itself", async () => {
  const { dir, warnings, store } = await setup();
  try {
    await assert.rejects(
      store.withLock(1000, () => Promise.reject(new Error("refresh exploded"))),
      /refresh exploded/,
    );
    assert.deepEqual(warnings, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AutoTokenStore reports a missing key instead of falling back", async () => {
  const { dir, keyring, warnings, store, tokenFile } = await setup();
  try {
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-a")));
    keyring.items.clear();
    const again = new AutoTokenStore({
      plain: new FileTokenStore(tokenFile),
      plainPath: tokenFile,
      encryptedPath: `${tokenFile}.enc`,
      openKeyring: () => Promise.resolve(new KeyringTokenStore(`${tokenFile}.enc`, keyring)),
      warn: (message) => warnings.push(message),
    });
    await assert.rejects(again.load("client-a"), /is missing from the OS keyring/);
    assert.deepEqual(warnings, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
