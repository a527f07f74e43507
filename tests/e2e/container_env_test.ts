/**
 * What a scratch container gives the binary, reproduced with the CLI run from
 * source: an empty environment (`env -i`: only TOKEN_FILE and the client
 * settings, no HOME, no PATH) and a network namespace with no network.
 */

import assert from "node:assert/strict";
import { runCliBare, unshareNetArgs } from "../support/cli_env.ts";
import { unavailableServer } from "../support/unavailable_server.ts";
import { FIXTURE_CLIENT_ID, fixtureToken, writeTokenFile } from "../support/token_fixture.ts";

const MINUTE = 60_000;
const UNSHARE = unshareNetArgs();
/** `env -i` is a POSIX tool; Windows has no such command. */
const HAS_ENV = Deno.build.os !== "windows";

async function tokenDir(expiresInMs: number) {
  const dir = await Deno.makeTempDir();
  const token = fixtureToken(expiresInMs);
  await writeTokenFile(`${dir}/tokens.json`, [token]);
  const env = {
    CLIENT_ID: FIXTURE_CLIENT_ID,
    TOKEN_FILE: `${dir}/tokens.json`,
    SERVER_URL: "https://auth.example.com",
  };
  return { dir, token, env, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test({
  name: "token get runs in an empty environment with only TOKEN_FILE and client settings",
  ignore: !HAS_ENV,
}, async () => {
  await using fixture = await tokenDir(60 * MINUTE);
  const run = await runCliBare(["token", "get"], { env: fixture.env, cwd: fixture.dir });
  assert.equal(run.stderr, "");
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `${fixture.token.accessToken}\n`);
});

Deno.test({
  name: "token get without HOME and without TOKEN_FILE says to set TOKEN_FILE",
  ignore: !HAS_ENV,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = await runCliBare(["token", "get"], {
      env: { CLIENT_ID: FIXTURE_CLIENT_ID },
      cwd: dir,
    });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      "Error: cannot choose a token file: no home directory is set\n" +
        "Hint: set TOKEN_FILE (or pass --token-file) to a path on a writable volume\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "token get prints a fresh token in a network namespace with no network",
  ignore: !HAS_ENV || UNSHARE === undefined,
  async fn() {
    await using fixture = await tokenDir(60 * MINUTE);
    const run = await runCliBare(["token", "get"], {
      env: fixture.env,
      cwd: fixture.dir,
      unshare: UNSHARE,
    });
    assert.equal(run.stderr, "");
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `${fixture.token.accessToken}\n`);
  },
});

Deno.test({
  name: "token get with an expired token in a network namespace reaches nothing and fails clearly",
  ignore: !HAS_ENV || UNSHARE === undefined,
  async fn() {
    await using fixture = await tokenDir(-MINUTE);
    // Reachable from this namespace, not from the child's.
    await using server = unavailableServer();
    const run = await runCliBare(["token", "get"], {
      env: { ...fixture.env, SERVER_URL: server.url },
      cwd: fixture.dir,
      unshare: UNSHARE,
    });
    assert.deepEqual(server.paths, []);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /^Error: failed to obtain a valid token: /m);
    assert.doesNotMatch(run.stderr, /\n\s+at |Stack backtrace/);
    assert.ok(!run.stderr.includes(fixture.token.accessToken));
  },
});
