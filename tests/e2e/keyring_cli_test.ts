/**
 * Keyring mode for real on Linux: a private gnome-keyring on its own D-Bus
 * session bus, secret-tool as the helper, the CLI as a subprocess with the
 * release permission set.
 */

import assert from "node:assert/strict";
import { startAuthServer } from "../../scripts/dev_server/auth_server.ts";
import { SecretToolBackend } from "../../src/platform/keyring/secret_tool.ts";
import { decodeBase64 } from "../../src/store/base64.ts";
import { KeyringTokenStore } from "../../src/store/keyring_store.ts";
import { KEYRING_SERVICE, MASTER_KEY_ACCOUNT } from "../../src/store/master_key.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";
import { goOpen, goSeal } from "../support/go_format.ts";
import { type KeyringSession, startKeyringSession } from "../../scripts/keyring_session.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { seedToken } from "../support/seed_token.ts";
import { approvedLogin, withLoginServer } from "../support/login_fixture.ts";
import { sampleToken, tempTokenFile } from "../support/sample_tokens.ts";

const KEY_LOOKUP = ["lookup", "service", KEYRING_SERVICE, "username", MASTER_KEY_ACCOUNT];

interface Fixture {
  session: KeyringSession;
  tokenFile: string;
  encFile: string;
  /** The store a test writes through, as another process would. */
  store: KeyringTokenStore;
  cli(args: string[], env?: Record<string, string>): ReturnType<typeof runCliProcess>;
}

async function withKeyring(test: (fixture: Fixture) => Promise<void>): Promise<void> {
  const session = await startKeyringSession();
  const { dir, tokenFile } = await tempTokenFile();
  try {
    const encFile = `${tokenFile}.enc`;
    await test({
      session,
      tokenFile,
      encFile,
      store: new KeyringTokenStore(encFile, new SecretToolBackend({ env: session.env })),
      cli: (args, env = {}) =>
        runCliProcess(args, {
          env: { ...session.env, TOKEN_FILE: tokenFile, TOKEN_STORE: "keyring", ...env },
        }),
    });
  } finally {
    await session.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

function assertNoTokenText(text: string, token: StoredToken): void {
  for (const secret of [token.accessToken, token.refreshToken, token.idToken!]) {
    assert.ok(!text.includes(secret), "token text found on disk");
  }
}

Deno.test("token get (keyring mode) reads in a second process what the first wrote", async () => {
  await withKeyring(async ({ session, tokenFile, encFile, store, cli }) => {
    const token = sampleToken("client-a");
    await store.withLock(5000, (locked) => locked.save(token));

    const text = await Deno.readTextFile(encFile);
    assertNoTokenText(text, token);
    assert.match(JSON.parse(text).data["client-a"], /^v1:/);
    await assert.rejects(Deno.stat(tokenFile), Deno.errors.NotFound);
    const key = (await session.secretTool(KEY_LOOKUP)).text;
    assert.equal(decodeBase64(key)?.length, 32, "the key is stored as base64 of 32 bytes");
    assert.ok(!text.includes(key));

    for (const mode of ["keyring", "auto"]) {
      const run = await cli(["token", "get"], { CLIENT_ID: "client-a", TOKEN_STORE: mode });
      assert.deepEqual(run, { code: 0, stdout: `${token.accessToken}\n`, stderr: "" });
    }
    const json = await cli(["token", "get", "--json"], { CLIENT_ID: "client-a" });
    assert.equal(JSON.parse(json.stdout).access_token, token.accessToken);
  });
});

Deno.test(
  "token get (keyring mode) refreshes against a real server and writes back encrypted",
  { sanitizeOps: false, sanitizeResources: false },
  async () => {
    const server = await startAuthServer();
    try {
      await withKeyring(async ({ session, encFile, store, cli }) => {
        const seeded = await seedToken(server, encFile, { store });
        const keyBefore = (await session.secretTool(KEY_LOOKUP)).text;

        const run = await cli(["token", "get"], {
          CLIENT_ID: server.clientId,
          SERVER_URL: server.issuer,
          REFRESH_THRESHOLD: "2h", // tokens live 1 h: inside the window
        });
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stderr, "");
        const printed = run.stdout.trim();
        assert.notEqual(printed, seeded.accessToken);
        assert.equal((await server.introspect(printed)).active, true);
        assert.equal(server.stats.tokenRequests.refresh_token, 1);

        const text = await Deno.readTextFile(encFile);
        assert.ok(!text.includes(printed) && !text.includes(seeded.refreshToken));
        assert.equal((await session.secretTool(KEY_LOOKUP)).text, keyBefore);
        const stored = await store.load(server.clientId);
        assert.equal(stored?.accessToken, printed, "the refreshed token is stored encrypted");
        assert.notEqual(stored?.refreshToken, seeded.refreshToken, "the rotated refresh token too");
      });
    } finally {
      await server.stop();
    }
  },
);

Deno.test("deleting a keyring-mode entry keeps the key and the other entries", async () => {
  await withKeyring(async ({ session, store, cli }) => {
    const [a, b] = [sampleToken("client-a"), sampleToken("client-b")];
    await store.withLock(5000, async (locked) => {
      await locked.save(a);
      await locked.save(b);
    });
    const key = (await session.secretTool(KEY_LOOKUP)).text;
    assert.equal(await store.withLock(5000, (locked) => locked.remove("client-a")), true);

    assert.equal((await session.secretTool(KEY_LOOKUP)).text, key);
    const gone = await cli(["token", "get"], { CLIENT_ID: "client-a" });
    assert.equal(gone.code, 4);
    assert.equal(gone.stderr.split("\n")[0], `Error: no stored token for client-id "client-a"`);
    const kept = await cli(["token", "get"], { CLIENT_ID: "client-b" });
    assert.equal(kept.stdout, `${b.accessToken}\n`);
  });
});

Deno.test("a wrong key is one clear error and the encrypted file stays untouched", async () => {
  await withKeyring(async ({ session, encFile, store, cli }) => {
    await store.withLock(5000, (locked) => locked.save(sampleToken("client-a")));
    const before = await Deno.readFile(encFile);
    const otherKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const replaced = await session.secretTool([
      "store",
      "--label=replaced",
      "service",
      KEYRING_SERVICE,
      "username",
      MASTER_KEY_ACCOUNT,
      "account",
      MASTER_KEY_ACCOUNT,
    ], otherKey);
    assert.equal(replaced.code, 0);
    assert.equal((await session.secretTool(KEY_LOOKUP)).text, otherKey);

    const run = await cli(["token", "get"], { CLIENT_ID: "client-a" });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      `Error: token file ${encFile} is not valid: the entry for client id "client-a" cannot be read: ` +
        "it cannot be decrypted with the key in the OS keyring (the key was replaced, or the file was modified); fix or remove it\n",
    );
    assert.deepEqual(await Deno.readFile(encFile), before);
  });
});

Deno.test("a missing key is one clear error; no new key is made and the file stays untouched", async () => {
  await withKeyring(async ({ session, encFile, store, cli }) => {
    await store.withLock(5000, (locked) => locked.save(sampleToken("client-a")));
    const before = await Deno.readFile(encFile);
    const cleared = await session.secretTool([
      "clear",
      "service",
      KEYRING_SERVICE,
      "username",
      MASTER_KEY_ACCOUNT,
    ]);
    assert.equal(cleared.code, 0);

    const run = await cli(["token", "get"], { CLIENT_ID: "client-a" });
    assert.equal(run.code, 1);
    assert.deepEqual(run.stderr.split("\n"), [
      `Error: the encryption key of token file ${encFile} is missing from the OS keyring ` +
      `(Secret Service (secret-tool), service "authgate", account "__authgate_master_key__")`,
      `Hint: restore that keyring item, or remove ${encFile} and log in again`,
      "",
    ]);
    assert.deepEqual(await Deno.readFile(encFile), before);
    assert.equal((await session.secretTool(KEY_LOOKUP)).code, 1, "no key was created");
  });
});

Deno.test("Go compatibility: a key and file in the Go client's format are read", async () => {
  await withKeyring(async ({ session, encFile, cli }) => {
    // Exactly what go-keyring stores: attributes service+username, its label, base64 key.
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const stored = await session.secretTool([
      "store",
      `--label=Password for '${MASTER_KEY_ACCOUNT}' on '${KEYRING_SERVICE}'`,
      "service",
      KEYRING_SERVICE,
      "username",
      MASTER_KEY_ACCOUNT,
    ], btoa(String.fromCharCode(...raw)));
    assert.equal(stored.code, 0);
    // The Go client's entry JSON (RFC 3339 expiry with fractional seconds and an offset).
    const entry = JSON.stringify({
      access_token: "go-written-access-token",
      refresh_token: "go-written-refresh-token",
      token_type: "Bearer",
      expires_at: "2099-01-01T10:00:00.123456789+02:00",
      client_id: "go-client",
    });
    await Deno.writeTextFile(
      encFile,
      JSON.stringify({ data: { "go-client": goSeal(raw, entry) } }, null, 2),
      { mode: 0o600 }, // as the Go client writes it
    );
    const run = await cli(["token", "get"], { CLIENT_ID: "go-client" });
    assert.deepEqual(run, { code: 0, stdout: "go-written-access-token\n", stderr: "" });
  });
});

Deno.test("Go compatibility: what keyring mode writes opens with the Go client's method", async () => {
  await withKeyring(async ({ session, encFile, store }) => {
    const token = sampleToken("client-a");
    await store.withLock(5000, (locked) => locked.save(token));
    // go-keyring searches by service+username: our item answers that search.
    const key = decodeBase64((await session.secretTool(KEY_LOOKUP)).text)!;
    const entry = JSON.parse(await Deno.readTextFile(encFile)).data["client-a"];
    const opened = JSON.parse(goOpen(key, entry));
    assert.equal(opened.access_token, token.accessToken);
    assert.equal(opened.refresh_token, token.refreshToken);
    assert.equal(opened.client_id, "client-a");
  });
});

Deno.test(
  "a device login in keyring mode creates the key and stores the token encrypted",
  { sanitizeOps: false, sanitizeResources: false },
  async () => {
    const session = await startKeyringSession();
    try {
      await withLoginServer({ deviceInterval: 1 }, async ({ server, tokenFile, env }) => {
        assert.equal((await session.secretTool(KEY_LOOKUP)).code, 1, "no key before the login");
        const run = await approvedLogin(
          server,
          ["--device"],
          env({ ...session.env, TOKEN_STORE: "keyring" }),
        );
        assert.ok(!run.stderr.includes("OS keyring unavailable"), run.stderr);
        const key = (await session.secretTool(KEY_LOOKUP)).text;
        assert.equal(decodeBase64(key)?.length, 32);
        await assert.rejects(Deno.stat(tokenFile), Deno.errors.NotFound);
        const store = new KeyringTokenStore(
          `${tokenFile}.enc`,
          new SecretToolBackend({ env: session.env }),
        );
        const stored = await store.load(server.clientId);
        assert.ok(stored, "the token is stored");
        assert.equal((await server.introspect(stored.accessToken)).active, true);
        const text = await Deno.readTextFile(`${tokenFile}.enc`);
        assertNoTokenText(text, stored);
      });
    } finally {
      await session.stop();
    }
  },
);
