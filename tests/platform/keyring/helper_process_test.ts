import assert from "node:assert/strict";
import { runHelper } from "../../../src/platform/keyring/helper_process.ts";
import { KeyringUnavailableError } from "../../../src/platform/keyring/keyring_backend.ts";

const deno = Deno.execPath();
const script = (code: string) => ["eval", "--quiet", code];

Deno.test("runHelper() feeds stdin and collects output and exit code", async () => {
  const result = await runHelper({
    program: deno,
    args: script(
      "const t = await new Response(Deno.stdin.readable).text();" +
        "console.log(t.toUpperCase()); console.error(Deno.env.get('HELPER_VAR')); Deno.exit(3)",
    ),
    stdin: "secret on stdin",
    env: { HELPER_VAR: "from env" },
    timeoutMs: 60_000,
  });
  assert.deepEqual(result, { code: 3, stdout: "SECRET ON STDIN\n", stderr: "from env\n" });
});

Deno.test("runHelper() starts the helper with only the variables it is given", async () => {
  // The test runner's own environment (PATH, HOME, RUST_BACKTRACE...) must not reach it.
  assert.ok(Deno.env.get("PATH"));
  const result = await runHelper({
    program: "env", // prints its environment, and nothing else
    args: [],
    env: { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent" },
    timeoutMs: 60_000,
  });
  assert.deepEqual(result, {
    code: 0,
    stdout: "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent\n",
    stderr: "",
  });
});

Deno.test("runHelper() kills a helper that does not answer in time", async () => {
  const pidFile = await Deno.makeTempFile();
  try {
    await assert.rejects(
      runHelper({
        program: "sh",
        args: ["-c", 'echo $$ > "$1"; exec sleep 30', "sh", pidFile],
        timeoutMs: 300,
      }),
      (error: Error) =>
        error instanceof KeyringUnavailableError &&
        error.message === "sh did not answer within 0.3s (is the keyring daemon hung?)",
    );
    // Killed and reaped, not abandoned: no process has that id any more.
    const pid = Number(await Deno.readTextFile(pidFile));
    assert.ok(pid > 0, "the helper started");
    assert.throws(() => Deno.kill(pid, "SIGCONT"), Deno.errors.NotFound);
  } finally {
    await Deno.remove(pidFile);
  }
});

Deno.test("runHelper() reports a missing program as an unavailable keyring", async () => {
  await assert.rejects(
    runHelper({ program: "authgate-no-such-helper", args: [], timeoutMs: 1000 }),
    (error: Error) =>
      error instanceof KeyringUnavailableError &&
      error.message === "authgate-no-such-helper is not installed",
  );
});
