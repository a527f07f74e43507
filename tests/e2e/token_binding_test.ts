/**
 * Tokens are bound to the server that issued them: the CLI (a subprocess with
 * the release flags) never sends a stored token to another server, and one
 * token file keeps the same client id at two servers.
 */

import { startAuthServer } from "../../scripts/dev_server/auth_server.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { approvedLogin } from "../support/login_fixture.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { readStoredToken, seedToken } from "../support/seed_token.ts";
import { SERVER_TEST_OPTIONS, withServerFixture } from "../support/server_fixture.ts";
import { unavailableServer } from "../support/unavailable_server.ts";

const IN_WINDOW = { REFRESH_THRESHOLD: "2h" }; // tokens live 1 h: always inside the window

Deno.test(
  "token get/inspect/delete with another server configured send the token nowhere (exit 4)",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile, { bound: true });
      await using other = unavailableServer();
      const before = await Deno.readTextFile(tokenFile);
      for (const args of [["token", "get"], ["token", "inspect"], ["token", "delete"]]) {
        const run = await runCliProcess(args, {
          env: env({ ...IN_WINDOW, SERVER_URL: other.url }),
        });
        assertEquals(run.code, 4, `${args.join(" ")}: ${run.stderr}`);
        assertEquals(run.stdout, "");
        assertEquals(
          run.stderr,
          `Error: the stored token for client-id "${server.clientId}" was issued by ` +
            `${server.issuer}, not by the configured server ${other.url}\n` +
            `Hint: run 'authgate' to log in to ${other.url} (both tokens are then kept)\n`,
        );
      }
      assertEquals(other.paths, [], "not one request reached the other server");
      assertEquals(await Deno.readTextFile(tokenFile), before);
      assertEquals((await server.introspect(seeded.accessToken)).active, true);
    }),
);

Deno.test(
  "token get binds a Go client's entry to the server that refreshes it, then uses that server",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile); // no server recorded, as the Go client writes it
      const first = await runCliProcess(["token", "get"], { env: env(IN_WINDOW) });
      assertEquals(first.code, 0, first.stderr);
      const stored = await readStoredToken(tokenFile, server.clientId);
      assertEquals([stored?.serverUrl, stored?.issuer], [server.issuer, server.issuer]);
      // Now bound: with no server configured at all, the token's own server refreshes it.
      const { SERVER_URL: _, ...noServer } = env(IN_WINDOW);
      const second = await runCliProcess(["token", "get"], { env: noServer });
      assertEquals(second.code, 0, second.stderr);
      assert(second.stdout.trim() !== first.stdout.trim(), "refreshed again");
      assertEquals((await server.introspect(second.stdout.trim())).active, true);
      assertEquals(server.stats.tokenRequests.refresh_token, 2);
    }),
);

Deno.test(
  "one token file holds the same client id at two servers, each refreshed at its own",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture({}, async ({ server: prod, tokenFile, env }) => {
      const staging = await startAuthServer({ deviceInterval: 1 });
      try {
        await seedToken(prod, tokenFile, { bound: true });
        // Logging in to staging keeps production's token and files staging's beside it.
        await approvedLogin(staging, ["--device"], env({ SERVER_URL: staging.issuer }));
        const file = JSON.parse(await Deno.readTextFile(tokenFile));
        assertEquals(Object.keys(file.data), [prod.clientId, `${prod.clientId}@${staging.issuer}`]);
        for (const server of [prod, staging]) {
          const run = await runCliProcess(["token", "get"], {
            env: env({ ...IN_WINDOW, SERVER_URL: server.issuer }),
          });
          assertEquals(run.code, 0, run.stderr);
          assertEquals((await server.introspect(run.stdout.trim())).active, true);
          assertEquals(server.stats.tokenRequests.refresh_token, 1);
        }
      } finally {
        await staging.stop();
      }
    }),
);
