/** `deno task demo` runs unattended on a fresh checkout: CI exercises it. */

import { assert, assertEquals, assertIncludes } from "../support/assert.ts";

Deno.test("deno task demo logs in, refreshes, prints --json, and runs a machine client", async () => {
  const demo = new URL("../../scripts/demo.ts", import.meta.url).pathname;
  const env: Record<string, string> = { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" };
  for (const name of ["HOME", "DENO_DIR"]) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", demo],
    clearEnv: true,
    env,
    stdin: "null",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assertEquals(output.code, 0, stderr);
  const steps = [
    "Local authorization server (oidc-provider, AuthGate layout): http://127.0.0.1:",
    "$ authgate --device",
    "[demo] approving the code",
    "Logged in with the device flow.",
    "Verified:       active (tokeninfo)",
    "$ authgate token get",
    "(stdout: a 43-character token, masked: ",
    "$ REFRESH_THRESHOLD=2h authgate token get",
    "a new token: the 1 h token was inside the 2 h window; refresh grants at the server: 1)",
    "$ authgate token get --json",
    '"expired": false',
    "A machine client (Client Credentials): no person, its secret in a file",
    "authgate token get --grant client_credentials",
    "a new token; client_credentials grants at the server: 1)",
    "the stored token again; client_credentials grants at the server: 1)",
    "authgate --grant client_credentials",
    "Machine client (Client Credentials grant): the token comes from the client's own",
    "Using the stored token.",
    'User:           machine client "demo-machine"',
    "Verified:       active (tokeninfo)",
    "Demo complete.",
  ];
  let from = 0;
  for (const step of steps) {
    assertIncludes(stderr.slice(from), step);
    from = stderr.indexOf(step, from) + step.length;
  }
  assert(!stderr.includes("\x1b["), "plain output when stderr is not a terminal");
});
