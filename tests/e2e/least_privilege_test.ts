/**
 * The release permission set, measured on the CLI run as a subprocess: the
 * fresh `token get` path works with net denied and has no net permission left
 * when it prints the token; the refresh path keeps net.
 */

import assert from "node:assert/strict";
import { runCliProcess } from "../support/run_cli.ts";
import { unavailableServer } from "../support/unavailable_server.ts";
import { FIXTURE_CLIENT_ID, fixtureToken, writeTokenFile } from "../support/token_fixture.ts";

const MINUTE = 60_000;
const NET_PROBE = new URL("../support/net_probe.ts", import.meta.url).href;

async function tokenDir(expiresInMs: number) {
  const dir = await Deno.makeTempDir();
  const token = fixtureToken(expiresInMs);
  await writeTokenFile(`${dir}/tokens.json`, [token]);
  const env = { CLIENT_ID: FIXTURE_CLIENT_ID, TOKEN_FILE: `${dir}/tokens.json` };
  return { dir, token, env, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

function probeLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("net-probe: "));
}

Deno.test("token get prints a fresh token with net denied (--deny-net)", async () => {
  await using fixture = await tokenDir(60 * MINUTE);
  const run = await runCliProcess(["token", "get"], {
    env: fixture.env,
    denoFlags: ["--deny-net"],
  });
  assert.equal(run.stderr, "");
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `${fixture.token.accessToken}\n`);
});

Deno.test("token get has dropped net when it prints a fresh token", async () => {
  await using fixture = await tokenDir(60 * MINUTE);
  const run = await runCliProcess(["token", "get"], {
    env: fixture.env,
    denoFlags: ["--preload", NET_PROBE],
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${fixture.token.accessToken}\n`);
  // Granted at start (the release set has --allow-net), revoked by the time it prints.
  assert.deepEqual(probeLines(run.stderr), [
    "net-probe: start net=granted",
    "net-probe: stdout net=prompt",
  ]);
});

Deno.test("token get keeps net on the refresh path", async () => {
  await using fixture = await tokenDir(2 * MINUTE);
  await using server = unavailableServer();
  const run = await runCliProcess(["token", "get"], {
    env: { ...fixture.env, SERVER_URL: server.url },
    denoFlags: ["--preload", NET_PROBE],
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${fixture.token.accessToken}\n`);
  assert.ok(server.paths.length > 0, "the refresh path reached the server");
  assert.match(run.stderr, /^Warning: token refresh failed, using existing token: /m);
  assert.deepEqual(probeLines(run.stderr), [
    "net-probe: start net=granted",
    "net-probe: stdout net=granted",
  ]);
});

Deno.test("token get with an expired token and net denied fails with one clear error", async () => {
  await using fixture = await tokenDir(-MINUTE);
  const run = await runCliProcess(["token", "get"], {
    env: { ...fixture.env, SERVER_URL: "https://auth.example.com" },
    denoFlags: ["--deny-net"],
  });
  assert.equal(run.code, 1);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^Error: .*not permitted/m);
  assert.doesNotMatch(run.stderr, /\n\s+at |Stack backtrace/);
  assert.ok(!run.stderr.includes(fixture.token.accessToken));
  assert.ok(!run.stderr.includes(fixture.token.refreshToken));
});
