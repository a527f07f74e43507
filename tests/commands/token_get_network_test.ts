import assert from "node:assert/strict";
import { parseTokenGetOptions, runTokenGet } from "../../src/commands/token_get.ts";
import type { CommandContext } from "../../src/config/command.ts";
import { createSettingSource } from "../../src/config/setting_source.ts";
import type { Deps } from "../../src/deps.ts";
import { HeldSecrets } from "../../src/text/held_secrets.ts";
import { FIXTURE_CLIENT_ID, fixtureToken, writeTokenFile } from "../support/token_fixture.ts";

const MINUTE = 60_000;

/**
 * A command context over a real token file whose deps record, in order, every
 * network drop, fetch and write.
 */
async function recordingContext(expiresInMs: number) {
  const dir = await Deno.makeTempDir();
  const tokenFile = `${dir}/tokens.json`;
  const token = fixtureToken(expiresInMs);
  await writeTokenFile(tokenFile, [token]);
  const env: Record<string, string> = {
    CLIENT_ID: FIXTURE_CLIENT_ID,
    TOKEN_FILE: tokenFile,
    SERVER_URL: "http://127.0.0.1:9",
  };
  const events: string[] = [];
  const deps: Deps = {
    now: () => Date.now(),
    env: (name) => env[name],
    cwd: dir,
    os: "linux",
    stdout: { write: (text) => events.push(`stdout ${text.trim()}`) },
    stderr: { write: (text) => events.push(`stderr ${text.trim()}`) },
    terminal: { stdin: false, stdout: false, stderr: false },
    fetch: (input) => {
      events.push(`fetch ${new URL(input instanceof Request ? input.url : input).pathname}`);
      return Promise.reject(new TypeError("connection refused"));
    },
    dropNetwork: () => events.push("dropNetwork"),
  };
  const context: CommandContext = {
    deps,
    flags: new Map(),
    args: [],
    source: createSettingSource(new Map(), deps.env, dir),
    secrets: new HeldSecrets(),
    warn: (message) => deps.stderr.write(`Warning: ${message}\n`),
  };
  const cleanup = () => Deno.remove(dir, { recursive: true });
  return { context, events, token, cleanup };
}

Deno.test("runTokenGet() revokes the network before it prints a fresh token", async () => {
  const { context, events, token, cleanup } = await recordingContext(60 * MINUTE);
  try {
    const code = await runTokenGet(parseTokenGetOptions(new Map()), context);
    assert.equal(code, 0);
    assert.deepEqual(events, ["dropNetwork", `stdout ${token.accessToken}`]);
  } finally {
    await cleanup();
  }
});

Deno.test("runTokenGet() keeps the network on the refresh path", async () => {
  const { context, events, token, cleanup } = await recordingContext(2 * MINUTE);
  try {
    const code = await runTokenGet(parseTokenGetOptions(new Map()), context);
    assert.equal(code, 0);
    assert.ok(!events.includes("dropNetwork"), events.join("\n"));
    assert.ok(events.some((e) => e.startsWith("fetch ")), events.join("\n"));
    assert.equal(events.at(-1), `stdout ${token.accessToken}`);
  } finally {
    await cleanup();
  }
});
