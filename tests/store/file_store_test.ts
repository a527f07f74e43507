import type { EntryCodec } from "../../src/store/entry_codec.ts";
import { acquireFileLock } from "../../src/store/file_lock.ts";
import { UntrustedFileError } from "../../src/platform/trusted_file.ts";
import { FileTokenStore } from "../../src/store/file_store.ts";
import { TokenStoreError } from "../../src/store/token_store.ts";
import { encodeStoredToken } from "../../src/token/stored_token.ts";
import { assertEquals, assertExcludes, assertRejects } from "../support/assert.ts";
import { fillDisk, withSmallDisk } from "../support/small_disk.ts";
import { listDir, permissionBits, withTempDir } from "../support/temp_dir.ts";
import { makeToken, MINUTE, T0 } from "../support/tokens.ts";

const GO_ENTRY = String.raw`{\"access_token\":\"go-access\",\"refresh_token\":\"go-refresh\",` +
  String.raw`\"token_type\":\"Bearer\",\"expires_at\":\"2025-01-15T20:00:00.123456789+08:00\",` +
  String.raw`\"client_id\":\"go-client\"}`;

/** A token file as the Go client writes it, with an extra client and an unknown key. */
const GO_FILE = `{
  "data": {
    "go-client": "${GO_ENTRY}",
    "zz-other": "v1:bm9uY2UrY2lwaGVydGV4dA=="
  },
  "x-written-by": {"tool": "authgate-cli", "n": [1, 2.50]}
}
`;

function save(store: FileTokenStore, token = makeToken()) {
  return store.withLock(1_000, (locked) => locked.save(token));
}

Deno.test("FileTokenStore.load() returns undefined for a missing file", () =>
  withTempDir(async (dir) => {
    const store = new FileTokenStore(`${dir}/none/tokens.json`);
    assertEquals(await store.load("client-a"), undefined);
    assertEquals(await listDir(dir), []);
  }));

Deno.test("FileTokenStore.load() reads a Go-format file", () =>
  withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/tokens.json`, GO_FILE);
    const store = new FileTokenStore(`${dir}/tokens.json`);
    assertEquals(await store.load("go-client"), {
      accessToken: "go-access",
      refreshToken: "go-refresh",
      tokenType: "Bearer",
      expiresAt: Date.UTC(2025, 0, 15, 12, 0, 0, 123),
      clientId: "go-client",
    });
    assertEquals(await store.load("not-there"), undefined);
  }));

Deno.test("FileTokenStore.load() fills a missing client_id from the key", () =>
  withTempDir(async (dir) => {
    const entry = JSON.stringify({ access_token: "a", expires_at: "2025-01-15T12:00:00Z" });
    await Deno.writeTextFile(`${dir}/t.json`, JSON.stringify({ data: { "key-id": entry } }));
    assertEquals((await new FileTokenStore(`${dir}/t.json`).load("key-id"))?.clientId, "key-id");
  }));

Deno.test("FileTokenStore.load() finds no entry for a client id named like an Object property", () =>
  withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/t.json`, GO_FILE);
    const store = new FileTokenStore(`${dir}/t.json`);
    assertEquals(await store.load("constructor"), undefined);
    assertEquals(await store.load("toString"), undefined);
  }));

Deno.test("FileTokenStore.save() creates the directory 0700 and the file 0600", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/config/authgate/tokens.json`;
    await save(new FileTokenStore(path));
    assertEquals((await permissionBits(`${dir}/config/authgate`)).toString(8), "700");
    assertEquals((await permissionBits(path)).toString(8), "600");
  }));

Deno.test("FileTokenStore.save() writes the Go document and reads back", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    const store = new FileTokenStore(path);
    const token = makeToken({ scope: "openid" });
    await save(store, token);
    assertEquals(JSON.parse(await Deno.readTextFile(path)), {
      data: { "client-a": encodeStoredToken(token) },
    });
    assertEquals(await store.load("client-a"), token);
  }));

Deno.test("FileTokenStore.save() keeps other client ids' entries byte-for-byte", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, GO_FILE);
    const store = new FileTokenStore(path);
    await save(store, makeToken({ clientId: "client-a" }));
    await save(store, makeToken({ clientId: "client-a", accessToken: "second" }));
    const after = JSON.parse(await Deno.readTextFile(path));
    const before = JSON.parse(GO_FILE);
    assertEquals(after.data["go-client"], before.data["go-client"]);
    assertEquals(after.data["zz-other"], before.data["zz-other"]);
    assertEquals(after["x-written-by"], before["x-written-by"]);
    assertEquals(Object.keys(after.data).sort(), ["client-a", "go-client", "zz-other"]);
    assertEquals((await store.load("client-a"))?.accessToken, "second");
  }));

Deno.test("FileTokenStore.save() replaces the entry of the same client id", () =>
  withTempDir(async (dir) => {
    const store = new FileTokenStore(`${dir}/tokens.json`);
    await save(store, makeToken({ accessToken: "first" }));
    await save(store, makeToken({ accessToken: "second", expiresAt: T0 + MINUTE }));
    assertEquals(
      await store.load("client-a"),
      makeToken({ accessToken: "second", expiresAt: T0 + MINUTE }),
    );
  }));

Deno.test("FileTokenStore.withLock() leaves no temp or lock file behind", () =>
  withTempDir(async (dir) => {
    const store = new FileTokenStore(`${dir}/tokens.json`);
    for (let i = 0; i < 5; i++) await save(store, makeToken({ clientId: `client-${i}` }));
    await store.withLock(1_000, (locked) => locked.remove("client-0"));
    assertEquals(await listDir(dir), ["tokens.json"]);
  }));

Deno.test("FileTokenStore.remove() removes only the one client id", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, GO_FILE);
    const store = new FileTokenStore(path);
    await save(store, makeToken({ clientId: "client-a" }));
    const removed = await store.withLock(1_000, (locked) => locked.remove("client-a"));
    assertEquals(removed, true);
    const after = JSON.parse(await Deno.readTextFile(path));
    assertEquals(after.data, JSON.parse(GO_FILE).data);
    assertEquals(after["x-written-by"], JSON.parse(GO_FILE)["x-written-by"]);
    assertEquals(await store.load("client-a"), undefined);
  }));

Deno.test("FileTokenStore.remove() of an absent entry reports false and writes nothing", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, GO_FILE);
    const store = new FileTokenStore(path);
    assertEquals(await store.withLock(1_000, (locked) => locked.remove("absent")), false);
    assertEquals(await Deno.readTextFile(path), GO_FILE);
    const missing = new FileTokenStore(`${dir}/missing.json`);
    assertEquals(await missing.withLock(1_000, (locked) => locked.remove("absent")), false);
    assertEquals(await listDir(dir), ["tokens.json"]);
  }));

const BAD_FILES: [string, string][] = [
  ["", "the file is empty"],
  [GO_FILE.slice(0, 60), "not JSON"],
  ['["not", "a", "token", "file"]', "not a JSON object"],
  ['{"data": ["x"]}', `"data" is not an object`],
  [
    '{"data": {"client-a": {"access_token": "SECRET-IN-FILE"}}}',
    `the entry for client id "client-a" is not a string`,
  ],
];

Deno.test("FileTokenStore rejects a corrupt, truncated or foreign file and never writes it", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    const store = new FileTokenStore(path);
    for (const [text, reason] of BAD_FILES) {
      await Deno.writeTextFile(path, text);
      const before = await Deno.readFile(path);
      const expected = `token file ${path} is not valid: `;
      const attempts: (() => Promise<unknown>)[] = [
        () => store.load("client-a"),
        () => save(store),
        () => save(store, makeToken({ clientId: "someone-else" })),
        () => store.withLock(1_000, (locked) => locked.remove("client-a")),
      ];
      for (const attempt of attempts) {
        const error = await assertRejects(attempt, TokenStoreError, expected, reason);
        assertEquals(error.message.includes(reason), true, `${error.message} names "${reason}"`);
        assertEquals(error.message.endsWith("; fix or remove it"), true, error.message);
        assertExcludes(error.message, "SECRET-IN-FILE");
      }
      assertEquals(await Deno.readFile(path), before, `file unchanged for ${reason}`);
      assertEquals(await listDir(dir), ["tokens.json"]);
    }
  }));

Deno.test("FileTokenStore.load() rejects an unreadable entry without echoing it", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    const text = JSON.stringify({ data: { "client-a": '{"access_token":"SECRET-X", "expi' } });
    await Deno.writeTextFile(path, text);
    const error = await assertRejects(
      () => new FileTokenStore(path).load("client-a"),
      TokenStoreError,
    );
    assertEquals(
      error.message,
      `token file ${path} is not valid: the entry for client id "client-a" cannot be read: ` +
        "entry is not JSON; fix or remove it",
    );
    assertEquals(await Deno.readTextFile(path), text);
  }));

Deno.test("FileTokenStore refuses a token file that is not a regular file", () =>
  withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/tokens.json`);
    await assertRejects(
      () => new FileTokenStore(`${dir}/tokens.json`).load("client-a"),
      UntrustedFileError,
      `refusing token file ${dir}/tokens.json: it is not a regular file (a directory)`,
    );
  }));

Deno.test("FileTokenStore.withLock() gives up with a TokenStoreError while another holds the lock", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    const held = await acquireFileLock(`${path}.lock`, { timeoutMs: 1_000 });
    try {
      let ran = false;
      await assertRejects(
        () => new FileTokenStore(path).withLock(100, () => Promise.resolve(ran = true)),
        TokenStoreError,
        "locked by another authgate process",
      );
      assertEquals(ran, false);
    } finally {
      await held.release();
    }
  }));

Deno.test("FileTokenStore.withLock() releases the lock when the action throws", () =>
  withTempDir(async (dir) => {
    const store = new FileTokenStore(`${dir}/tokens.json`);
    await assertRejects(
      () => store.withLock(1_000, () => Promise.reject(new RangeError("boom"))),
      RangeError,
      "boom",
    );
    assertEquals(await listDir(dir), []);
    await save(store);
  }));

/** A reversible codec standing in for the keyring's encryption. */
const REVERSE_CODEC: EntryCodec = {
  encode: (plain) => Promise.resolve(`rev:${[...plain].reverse().join("")}`),
  decode: (stored) => {
    if (!stored.startsWith("rev:")) return Promise.reject(new Error("wrong key"));
    return Promise.resolve([...stored.slice(4)].reverse().join(""));
  },
};

Deno.test("FileTokenStore encodes entries with its codec and names its kind", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json.enc`;
    const store = new FileTokenStore(path, { codec: REVERSE_CODEC, kind: "keyring" });
    assertEquals(store.description, `keyring ${path}`);
    const token = makeToken();
    await save(store, token);
    const stored = JSON.parse(await Deno.readTextFile(path)).data["client-a"] as string;
    assertEquals(stored.startsWith("rev:"), true);
    assertExcludes(stored, token.accessToken);
    assertEquals(await store.load("client-a"), token);
  }));

Deno.test("FileTokenStore reports an entry its codec cannot decode as invalid", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, GO_FILE);
    const store = new FileTokenStore(path, { codec: REVERSE_CODEC });
    await assertRejects(
      () => store.load("go-client"),
      TokenStoreError,
      `the entry for client id "go-client" cannot be read: wrong key; fix or remove it`,
    );
    assertEquals(await Deno.readTextFile(path), GO_FILE);
  }));

Deno.test("FileTokenStore.description names the plain file", () => {
  assertEquals(new FileTokenStore("/x/tokens.json").description, "file /x/tokens.json");
});

Deno.test("FileTokenStore keeps every client's entry when parallel writers save at once", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, GO_FILE);
    const ids = Array.from({ length: 6 }, (_, i) => `client-${i}`);
    await Promise.all(
      ids.map((id) => save(new FileTokenStore(path), makeToken({ clientId: id }))),
    );
    const data = JSON.parse(await Deno.readTextFile(path)).data;
    assertEquals(Object.keys(data).sort(), [...ids, "go-client", "zz-other"]);
    assertEquals(data["go-client"], JSON.parse(GO_FILE).data["go-client"]);
    assertEquals(await listDir(dir), ["tokens.json"]);
  }));

Deno.test("FileTokenStore never creates a file that is not named like a token file", () =>
  withTempDir(async (dir) => {
    for (const name of [".bash_profile", "authorized_keys", "tokens.json.bak"]) {
      const store = new FileTokenStore(`${dir}/${name}`);
      await assertRejects(
        () => store.withLock(1000, (s) => s.save(makeToken())),
        TokenStoreError,
        `refusing to create token file ${dir}/${name}: a new token file's name must end in .json`,
      );
      assertEquals((await listDir(dir)).includes(name), false);
    }
    // An existing file keeps working whatever its name (the Go client's may have any).
    await Deno.writeTextFile(`${dir}/.authgate-tokens`, '{"data":{}}');
    const old = new FileTokenStore(`${dir}/.authgate-tokens`);
    await old.withLock(1000, (s) => s.save(makeToken()));
    assertEquals((await old.load("client-a"))?.accessToken, makeToken().accessToken);
    await new FileTokenStore(`${dir}/t.json`).withLock(1000, (s) => s.save(makeToken()));
    await new FileTokenStore(`${dir}/t.json.enc`).withLock(1000, (s) => s.save(makeToken()));
  }));

Deno.test("FileTokenStore.prepareSave() claims the space, so a disk full after it still takes the save", () =>
  withSmallDisk(async (disk) => {
    const path = `${disk}/tokens.json`;
    const store = new FileTokenStore(path);
    await save(store, makeToken({ clientId: "other" }));
    await save(store);
    const before = await Deno.readTextFile(path);
    const fresh = makeToken({ accessToken: "access-token-NEW", expiresAt: T0 + 90 * MINUTE });
    await store.withLock(1_000, async (locked) => {
      const prepared = await locked.prepareSave(fresh.clientId);
      await fillDisk(disk);
      await prepared.save(fresh);
    });
    assertEquals(await store.load(fresh.clientId), fresh);
    const after = await Deno.readTextFile(path);
    const old = JSON.stringify(JSON.parse(before).data[fresh.clientId]);
    assertEquals(after, before.replace(old, JSON.stringify(encodeStoredToken(fresh))));
  }));

Deno.test("FileTokenStore.prepareSave() on a full disk fails, writes nothing, leaves no temp file", () =>
  withSmallDisk(async (disk) => {
    const path = `${disk}/tokens.json`;
    const store = new FileTokenStore(path);
    await save(store);
    const before = await Deno.readTextFile(path);
    await fillDisk(disk, 4); // room for the lock file only
    const error = await assertRejects(
      () => store.withLock(1_000, (locked) => locked.prepareSave(makeToken().clientId)),
      TokenStoreError,
    );
    assertEquals(
      error.message,
      `cannot write token file ${path}: No space left on device (os error 28)`,
    );
    assertEquals(await Deno.readTextFile(path), before);
    assertEquals((await listDir(disk)).filter((name) => !name.startsWith("filler-")), [
      "tokens.json",
    ]);
  }));

Deno.test("FileTokenStore removes temp files a killed writer left, under the lock", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    const leftover = `${dir}/.tokens.json.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(leftover, "x".repeat(10_000));
    await save(new FileTokenStore(path));
    assertEquals(await listDir(dir), ["tokens.json"]);
  }));
