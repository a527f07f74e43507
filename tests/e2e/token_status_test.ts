/**
 * `authgate token status` as a subprocess, with the network denied: it only
 * reads the store.
 */

import { assertEquals, assertExcludes } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { seedToken } from "../support/seed_token.ts";
import { SERVER_TEST_OPTIONS as options, withServerFixture } from "../support/server_fixture.ts";

const offline = { denoFlags: ["--deny-net"] };

Deno.test(
  "token status reports the stored token's facts without the network",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      await server.stop();
      const text = await runCliProcess(["token", "status"], { env: env(), ...offline });
      assertEquals([text.code, text.stderr], [0, ""]);
      const lines = text.stdout.trimEnd().split("\n");
      assertEquals(lines[0], `client id:      ${server.clientId}`);
      assertEquals(lines[1], `token store:    file ${tokenFile}`);
      assertEquals(lines[4], "refresh token:  stored");
      for (const secret of [seeded.accessToken, seeded.refreshToken]) {
        assertExcludes(text.stdout, secret);
      }

      const json = await runCliProcess(["token", "status", "--json"], {
        env: env({ REFRESH_THRESHOLD: "2h" }),
        ...offline,
      });
      assertEquals(json.code, 0, json.stderr);
      const facts = JSON.parse(json.stdout);
      assertEquals([facts.store, facts.store_path], ["file", tokenFile]);
      assertEquals(facts.expires_at, new Date(seeded.expiresAt).toISOString());
      assertEquals(facts.in_refresh_window, true, "1 h token, 2 h window");
      assertEquals(facts.refresh_threshold_seconds, 7200);
      assertEquals(facts.id_token_stored, true);
    }),
);

Deno.test("token status without a stored token exits 4 and says so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const env = { CLIENT_ID: "c1", TOKEN_FILE: `${dir}/tokens.json`, TOKEN_STORE: "file" };
    const run = await runCliProcess(["token", "status", "--json"], { env, ...offline });
    assertEquals(run.code, 4);
    assertEquals(JSON.parse(run.stdout), {
      client_id: "c1",
      store: "file",
      store_path: `${dir}/tokens.json`,
      refresh_threshold_seconds: 300,
      token_stored: false,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
