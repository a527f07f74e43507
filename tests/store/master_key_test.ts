import assert from "node:assert/strict";
import {
  type KeyringBackend,
  KeyringUnavailableError,
} from "../../src/platform/keyring/keyring_backend.ts";
import { decodeBase64, encodeBase64 } from "../../src/store/base64.ts";
import { KEYRING_SERVICE, MASTER_KEY_ACCOUNT, MasterKey } from "../../src/store/master_key.ts";
import { MemoryKeyring } from "../support/memory_keyring.ts";

const ITEM = `${KEYRING_SERVICE}/${MASTER_KEY_ACCOUNT}`;

Deno.test("MasterKey stores the key as go-keyring does: service authgate, account __authgate_master_key__", () => {
  assert.equal(KEYRING_SERVICE, "authgate");
  assert.equal(MASTER_KEY_ACCOUNT, "__authgate_master_key__");
});

Deno.test("MasterKey.create() stores 32 random bytes as 44 characters of standard base64", async () => {
  const keyring = new MemoryKeyring();
  const key = await new MasterKey(keyring).create();
  const stored = keyring.items.get(ITEM)!;
  assert.equal(stored.length, 44);
  assert.match(stored, /^[A-Za-z0-9+/]{43}=$/);
  assert.deepEqual(decodeBase64(stored), key);
  assert.notDeepEqual(await new MasterKey(new MemoryKeyring()).create(), key);
});

Deno.test("MasterKey.lookup() reads a key written by the Go client, once per process", async () => {
  const keyring = new MemoryKeyring();
  const raw = crypto.getRandomValues(new Uint8Array(32));
  keyring.items.set(ITEM, encodeBase64(raw));
  const master = new MasterKey(keyring);
  assert.deepEqual(await master.lookup(), raw);
  assert.deepEqual(await master.lookup(), raw);
  assert.equal(keyring.gets, 1);
  assert.deepEqual(await master.reread(), raw);
  assert.equal(keyring.gets, 2);
});

Deno.test("MasterKey.lookup() answers undefined when no key is stored", async () => {
  assert.equal(await new MasterKey(new MemoryKeyring()).lookup(), undefined);
});

Deno.test("MasterKey.lookup() rejects an item that is not a base64 32-byte key", async () => {
  for (const bad of ["not base64 at all", encodeBase64(new Uint8Array(16)), "AAEC AwQ="]) {
    const keyring = new MemoryKeyring();
    keyring.items.set(ITEM, bad);
    await assert.rejects(
      new MasterKey(keyring).lookup(),
      (error: Error) =>
        error instanceof KeyringUnavailableError && /not a base64-encoded 32-byte key/.test(
          error.message,
        ) && !error.message.includes(bad),
    );
  }
});

Deno.test("MasterKey.create() fails when the keyring does not keep the key", async () => {
  const forgetful: KeyringBackend = {
    name: "forgetful",
    get: () => Promise.resolve(undefined),
    set: () => Promise.resolve(),
  };
  await assert.rejects(
    new MasterKey(forgetful).create(),
    /accepted the new key but does not return it/,
  );
});

Deno.test("MasterKey passes keyring failures on", async () => {
  const keyring = new MemoryKeyring();
  keyring.unavailable = "secret-tool is not installed";
  await assert.rejects(new MasterKey(keyring).lookup(), /secret-tool is not installed/);
  await assert.rejects(new MasterKey(keyring).create(), /secret-tool is not installed/);
});
