import assert from "node:assert/strict";
import { KeyringUnavailableError } from "../../../src/platform/keyring/keyring_backend.ts";
import {
  decodeKeychainSecret,
  MacKeychainBackend,
  quoteArgument,
} from "../../../src/platform/keyring/macos_security.ts";
import { recordingRunner } from "../../support/recording_runner.ts";

const SECRET = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

Deno.test("MacKeychainBackend.get() asks security for the generic password", async () => {
  const fake = recordingRunner(() => ({ stdout: `${SECRET}\n` }));
  const backend = new MacKeychainBackend({ run: fake.run, readTimeoutMs: 999 });
  assert.equal(await backend.get("authgate", "__authgate_master_key__"), SECRET);
  const [request] = fake.requests;
  assert.equal(request.program, "/usr/bin/security");
  assert.deepEqual(request.args, [
    "find-generic-password",
    "-s",
    "authgate",
    "-a",
    "__authgate_master_key__",
    "-w",
  ]);
  assert.equal(request.timeoutMs, 999);
});

Deno.test("MacKeychainBackend.get() decodes what go-keyring 0.2 wrote", async () => {
  const stored = "go-keyring-base64:" + btoa(SECRET);
  const fake = recordingRunner(() => ({ stdout: `${stored}\n` }));
  assert.equal(await new MacKeychainBackend({ run: fake.run }).get("s", "a"), SECRET);
});

Deno.test("MacKeychainBackend.get() answers undefined for errSecItemNotFound", async () => {
  const fake = recordingRunner(() => ({
    code: 44,
    stderr:
      "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n",
  }));
  assert.equal(await new MacKeychainBackend({ run: fake.run }).get("s", "a"), undefined);
});

Deno.test("MacKeychainBackend.get() reports other failures as unavailable", async () => {
  const fake = recordingRunner(() => ({
    code: 36,
    stderr: "security: SecKeychainSearchCopyNext: User interaction is not allowed.\n",
  }));
  await assert.rejects(
    new MacKeychainBackend({ run: fake.run }).get("s", "a"),
    (error: Error) =>
      error instanceof KeyringUnavailableError &&
      error.message.includes("User interaction is not allowed."),
  );
});

Deno.test("MacKeychainBackend.set() sends the command on stdin to security -i", async () => {
  const fake = recordingRunner(() => ({}));
  await new MacKeychainBackend({ run: fake.run, writeTimeoutMs: 777 }).set(
    "authgate",
    "__authgate_master_key__",
    SECRET,
  );
  const [request] = fake.requests;
  assert.equal(request.program, "/usr/bin/security");
  assert.deepEqual(request.args, ["-i"]);
  assert.equal(request.timeoutMs, 777);
  assert.equal(
    request.stdin,
    `add-generic-password -U -s authgate -a __authgate_master_key__ -w go-keyring-base64:${
      btoa(SECRET)
    }\n`,
  );
  assert.ok(!JSON.stringify([request.args, request.env ?? {}]).includes(btoa(SECRET)));
});

Deno.test("MacKeychainBackend.set() fails when security -i exits non-zero", async () => {
  const fake = recordingRunner(() => ({ code: 1, stderr: "security: add failed\n" }));
  await assert.rejects(
    new MacKeychainBackend({ run: fake.run }).set("s", "a", SECRET),
    /security add-generic-password failed: security: add failed/,
  );
});

Deno.test("decodeKeychainSecret() reads go-keyring's hex form and plain secrets", () => {
  assert.equal(decodeKeychainSecret("go-keyring-encoded:6869"), "hi");
  assert.equal(decodeKeychainSecret(SECRET), SECRET);
  assert.throws(() => decodeKeychainSecret("go-keyring-encoded:zz"), KeyringUnavailableError);
  assert.throws(() => decodeKeychainSecret("go-keyring-base64:%%%"), KeyringUnavailableError);
});

Deno.test("quoteArgument() quotes like a POSIX shell reads it", () => {
  assert.equal(quoteArgument("authgate"), "authgate");
  assert.equal(quoteArgument("go-keyring-base64:ab+/=="), "go-keyring-base64:ab+/==");
  assert.equal(quoteArgument(""), "''");
  assert.equal(quoteArgument("a b"), "'a b'");
  assert.equal(quoteArgument("it's"), `'it'"'"'s'`);
});
