/**
 * A working directory is not trusted: a `.env` in it (a cloned repository's)
 * cannot choose the server, the client, the secret or where files are written.
 * The CLI runs as a subprocess with the release flags, with a temp HOME.
 */

import { assert, assertEquals, assertIncludes } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { readStoredToken, seedToken } from "../support/seed_token.ts";
import { SERVER_TEST_OPTIONS, withServerFixture } from "../support/server_fixture.ts";
import { unavailableServer } from "../support/unavailable_server.ts";
import { withTempDir } from "../support/temp_dir.ts";

Deno.test(
  "token get in a repository whose .env names another server refreshes at the token's own server",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture({}, async ({ server, dir, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile, { bound: true });
      await using evil = unavailableServer();
      const repo = `${dir}/repo`;
      await Deno.mkdir(repo);
      await Deno.writeTextFile(
        `${repo}/.env`,
        `SERVER_URL=${evil.url}\nREFRESH_THRESHOLD=87600h\nCLIENT_ID=other-client\n`,
      );
      const { SERVER_URL: _, ...userEnv } = env({ HOME: dir });
      const run = await runCliProcess(["token", "get"], { env: userEnv, cwd: repo });
      assertEquals(run.code, 0, run.stderr);
      assertEquals(evil.paths, [], "the repository's server got nothing");
      assertIncludes(run.stderr, `Warning: ignoring SERVER_URL in ${repo}/.env`);
      // The .env's threshold is harmless and honoured: the refresh happened at the real server.
      const printed = run.stdout.trim();
      assert(printed !== seeded.accessToken);
      assertEquals((await server.introspect(printed)).active, true);
      assertEquals((await readStoredToken(tokenFile, server.clientId))?.accessToken, printed);
    }),
);

Deno.test(
  "authgate in a repository whose .env points TOKEN_FILE at a shell profile writes nothing and asks no server",
  SERVER_TEST_OPTIONS,
  () =>
    withTempDir(async (home) => {
      await using evil = unavailableServer();
      const repo = `${home}/repo`;
      await Deno.mkdir(repo);
      await Deno.writeTextFile(
        `${repo}/.env`,
        `SERVER_URL=${evil.url}\nCLIENT_ID=x\nTOKEN_FILE=../.bash_profile\nTOKEN_STORE=file\n`,
      );
      const run = await runCliProcess(["--device"], { env: { HOME: home }, cwd: repo });
      assertEquals(run.code, 2, run.stderr);
      // The client id is looked up first: without one, nothing else is.
      assertEquals(
        run.stderr,
        `Warning: ignoring CLIENT_ID in ${repo}/.env: a working directory's .env may not ` +
          `choose the server, client, token file or store; set CLIENT_ID in the environment or ` +
          `in ${home}/.config/authgate/config.env\n` +
          "Error: client id is not set\n" +
          "Hint: pass --client-id or set CLIENT_ID (in the environment or in your config.env)\n",
      );
      assertEquals(evil.paths, []);
      const created = await Deno.stat(`${home}/.bash_profile`).then(() => true, () => false);
      assertEquals(created, false, "no file outside the token location");
    }),
);

Deno.test(
  "with no server configured, a token the Go client stored is never refreshed against a default",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture({}, async ({ server, dir, tokenFile, env }) => {
      // The old built-in default server was http://localhost:8080.
      const seeded = await seedToken(server, tokenFile);
      const { SERVER_URL: _, ...noServer } = env({ HOME: dir, REFRESH_THRESHOLD: "2h" });
      const run = await runCliProcess(["token", "get"], { env: noServer });
      assertEquals(run.code, 0, run.stderr);
      assertEquals(run.stdout, seeded.accessToken + "\n", "the still-valid token, not refreshed");
      assertIncludes(run.stderr, "no authorization server is set");
      assertEquals(server.stats.tokenRequests.refresh_token ?? 0, 0);
    }),
);
