import assert from "node:assert/strict";
import type { StoreSettings } from "../../src/config/store_settings.ts";
import { AutoTokenStore } from "../../src/store/auto_store.ts";
import { FileTokenStore } from "../../src/store/file_store.ts";
import { KeyringTokenStore } from "../../src/store/keyring_store.ts";
import { openBackingStore, openTokenStore } from "../../src/store/open_store.ts";
import { MemoryKeyring } from "../support/memory_keyring.ts";
import { sampleToken, tempTokenFile } from "../support/sample_tokens.ts";

function settings(tokenStore: StoreSettings["tokenStore"], tokenFile: string): StoreSettings {
  return {
    clientId: "client-a",
    tokenStore,
    tokenFile,
    tokenFileExplicit: true,
    refreshThresholdMs: 300_000,
  };
}

const noEnv = () => undefined;

Deno.test("openBackingStore() opens the plain file in file mode without any keyring", async () => {
  let asked = 0;
  const store = await openBackingStore(settings("file", "/x/tokens.json"), {
    keyringBackend: () => (asked++, new MemoryKeyring()),
  });
  assert.ok(store instanceof FileTokenStore);
  assert.equal(store.description, "file /x/tokens.json");
  assert.equal(asked, 0);
});

Deno.test("openBackingStore() opens <TOKEN_FILE>.enc in keyring mode", async () => {
  const store = await openBackingStore(settings("keyring", "/x/tokens.json"), {
    os: "linux",
    env: noEnv,
    keyringBackend: () => new MemoryKeyring(),
  });
  assert.ok(store instanceof KeyringTokenStore);
  assert.equal(store.path, "/x/tokens.json.enc");
  assert.equal(store.description, "keyring /x/tokens.json.enc");
});

Deno.test("openBackingStore() in auto mode without a session bus never builds a keyring", async () => {
  const { dir, tokenFile } = await tempTokenFile();
  try {
    let asked = 0;
    const warnings: string[] = [];
    const store = await openBackingStore(settings("auto", tokenFile), {
      os: "linux",
      env: noEnv,
      warn: (message) => warnings.push(message),
      keyringBackend: () => (asked++, new MemoryKeyring()),
    });
    assert.ok(store instanceof AutoTokenStore);
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-a")));
    assert.ok(await store.load("client-a"));
    assert.equal(asked, 0);
    assert.equal(warnings.length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openBackingStore() in auto mode with a session bus asks the keyring", async () => {
  const { dir, tokenFile } = await tempTokenFile();
  try {
    const keyring = new MemoryKeyring();
    const store = await openBackingStore(settings("auto", tokenFile), {
      os: "linux",
      env: (name) => name === "DBUS_SESSION_BUS_ADDRESS" ? "unix:path=/tmp/bus" : undefined,
      keyringBackend: () => keyring,
    });
    await store.withLock(1000, (locked) => locked.save(sampleToken("client-a")));
    assert.equal(keyring.items.size, 1);
    assert.ok(await Deno.stat(`${tokenFile}.enc`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openTokenStore() binds the store to the configured server", async () => {
  const { dir, tokenFile } = await tempTokenFile();
  try {
    const plain = await openBackingStore(settings("file", tokenFile));
    await plain.withLock(
      1000,
      (s) => s.save({ ...sampleToken("client-a"), serverUrl: "https://a" }),
    );
    const bound = await openTokenStore({ ...settings("file", tokenFile), serverUrl: "https://b" }, {
      otherServer: "absent",
    });
    assert.equal(bound.description, `file ${tokenFile}`);
    assert.equal(await bound.load("client-a"), undefined);
    const other = await openTokenStore({ ...settings("file", tokenFile), serverUrl: "https://b" });
    await assert.rejects(() => other.load("client-a"), /not by the configured server https:\/\/b/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
