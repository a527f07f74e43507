import assert from "node:assert/strict";
import { KeyringUnavailableError } from "../../../src/platform/keyring/keyring_backend.ts";
import { SecretToolBackend } from "../../../src/platform/keyring/secret_tool.ts";
import { recordingRunner } from "../../support/recording_runner.ts";

const SECRET = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
const BUS = { DBUS_SESSION_BUS_ADDRESS: "unix:path=/run/user/1000/bus" };

Deno.test("SecretToolBackend.get() looks the secret up by go-keyring's attributes", async () => {
  const fake = recordingRunner(() => ({ stdout: SECRET }));
  const backend = new SecretToolBackend({ run: fake.run, env: BUS, readTimeoutMs: 1234 });
  assert.equal(await backend.get("authgate", "__authgate_master_key__"), SECRET);
  assert.equal(fake.requests.length, 1);
  const [request] = fake.requests;
  assert.equal(request.program, "secret-tool");
  assert.deepEqual(request.args, [
    "lookup",
    "service",
    "authgate",
    "username",
    "__authgate_master_key__",
  ]);
  assert.equal(request.stdin, undefined);
  assert.equal(request.timeoutMs, 1234);
  assert.deepEqual(request.env, BUS);
});

Deno.test("SecretToolBackend.get() drops the newline secret-tool adds on a terminal", async () => {
  const fake = recordingRunner(() => ({ stdout: `${SECRET}\n` }));
  assert.equal(await new SecretToolBackend({ run: fake.run }).get("s", "a"), SECRET);
});

Deno.test("SecretToolBackend.get() answers undefined when no item matches", async () => {
  const fake = recordingRunner((request) =>
    request.args[0] === "lookup" ? { code: 1 } : { code: 0, stdout: "" }
  );
  assert.equal(await new SecretToolBackend({ run: fake.run }).get("s", "a"), undefined);
  assert.deepEqual(fake.requests.map((r) => r.args), [
    ["lookup", "service", "s", "username", "a"],
    ["search", "service", "s", "username", "a"],
  ]);
});

Deno.test("SecretToolBackend.get() reports a key in a locked collection as unavailable", async () => {
  const fake = recordingRunner((request) =>
    request.args[0] === "lookup"
      ? { code: 1 }
      : { code: 0, stdout: "[/1]\nlabel = x\nattribute.service = s\n" }
  );
  await assert.rejects(
    new SecretToolBackend({ run: fake.run }).get("s", "a"),
    (error: Error) => error instanceof KeyringUnavailableError && /locked/.test(error.message),
  );
});

Deno.test("SecretToolBackend.get() turns secret-tool's complaint into one line", async () => {
  const fake = recordingRunner(() => ({
    code: 1,
    stderr: "secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY\n",
  }));
  await assert.rejects(
    new SecretToolBackend({ run: fake.run }).get("s", "a"),
    (error: Error) =>
      error instanceof KeyringUnavailableError &&
      error.message === "secret-tool lookup failed: Cannot autolaunch D-Bus without X11 $DISPLAY",
  );
});

Deno.test("SecretToolBackend.set() passes the secret on stdin, never in argv or env", async () => {
  const fake = recordingRunner(() => ({}));
  const backend = new SecretToolBackend({ run: fake.run, env: BUS, writeTimeoutMs: 4321 });
  await backend.set("authgate", "__authgate_master_key__", SECRET);
  const [request] = fake.requests;
  assert.equal(request.program, "secret-tool");
  assert.deepEqual(request.args, [
    "store",
    "--label=Password for '__authgate_master_key__' on 'authgate'",
    "service",
    "authgate",
    "username",
    "__authgate_master_key__",
    "account",
    "__authgate_master_key__",
  ]);
  assert.equal(request.stdin, SECRET);
  assert.equal(request.timeoutMs, 4321);
  assert.ok(!JSON.stringify([request.args, request.env]).includes(SECRET));
});

Deno.test("SecretToolBackend.set() fails when secret-tool refuses", async () => {
  const fake = recordingRunner(() => ({
    code: 1,
    stderr: "secret-tool: Cannot create an item in a locked collection\n",
  }));
  await assert.rejects(
    new SecretToolBackend({ run: fake.run }).set("s", "a", SECRET),
    /secret-tool store failed: Cannot create an item in a locked collection/,
  );
});
