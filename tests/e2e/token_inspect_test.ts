/**
 * `authgate token inspect` as a subprocess against the real authorization
 * server: AuthGate's tokeninfo in its layout, RFC 7662 introspection in the
 * standard one; never a refresh.
 */

import { assert, assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { seedToken } from "../support/seed_token.ts";
import {
  refreshWorks,
  SERVER_TEST_OPTIONS as options,
  withServerFixture,
} from "../support/server_fixture.ts";

Deno.test(
  "token inspect [authgate] prints tokeninfo's answer, pretty or raw",
  options,
  () =>
    withServerFixture({ layout: "authgate" }, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const pretty = await runCliProcess(["token", "inspect"], { env: env() });
      assertEquals([pretty.code, pretty.stderr], [0, ""]);
      const answer = JSON.parse(pretty.stdout);
      assertEquals(answer.active, true);
      assertEquals(answer.client_id, server.clientId);
      assertEquals(answer.user_id, "test-user");
      assertEquals(answer.iss, server.issuer);
      assertEquals(pretty.stdout, JSON.stringify(answer, null, 2) + "\n");

      const raw = await runCliProcess(["token", "inspect", "--raw"], { env: env() });
      assertEquals(raw.code, 0, raw.stderr);
      assertEquals(raw.stdout, JSON.stringify(answer) + "\n", "koa sends compact JSON");
      for (const run of [pretty, raw]) assertExcludes(run.stdout, seeded.refreshToken);
      assertEquals(server.requests.token.filter((f) => f.grant_type === "refresh_token").length, 0);
    }),
);

Deno.test(
  "token inspect [standard] uses the advertised introspection endpoint",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "inspect"], { env: env() });
      assertEquals([run.code, run.stderr], [0, ""]);
      const answer = JSON.parse(run.stdout);
      assertEquals(answer.active, true);
      assertEquals(answer.client_id, server.clientId);
      assertEquals(answer.sub, "test-user");
      assertExcludes(run.stdout, seeded.refreshToken);
    }),
);

for (const layout of ["standard", "authgate"] as const) {
  Deno.test(
    `token inspect [${layout}] exits 1 for a token the server no longer accepts, without refreshing`,
    options,
    () =>
      withServerFixture({ layout }, async ({ server, tokenFile, env }) => {
        const seeded = await seedToken(server, tokenFile, { expiresAt: Date.now() + 1000 });
        // Reusing a rotated refresh token revokes the whole grant.
        assert(await refreshWorks(server, seeded.refreshToken));
        assert(!(await refreshWorks(server, seeded.refreshToken)));
        const refreshesBefore = server.stats.tokenRequests.refresh_token;
        const run = await runCliProcess(["token", "inspect"], { env: env() });
        assertEquals(run.code, 1);
        assertEquals(JSON.parse(run.stdout).active ?? false, false);
        assertIncludes(
          run.stderr,
          "Error: the server reports the stored access token as not active",
        );
        assertIncludes(run.stderr, "Hint: run 'authgate token get' to refresh it");
        assertExcludes(run.stderr, seeded.accessToken);
        assertEquals(server.stats.tokenRequests.refresh_token, refreshesBefore);
      }),
  );
}

Deno.test(
  "token inspect with the server down fails with exit 1, one error line naming the cause, and a hint",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile);
      await server.stop();
      const run = await runCliProcess(["token", "inspect"], { env: env() });
      assertEquals([run.code, run.stdout], [1, ""]);
      const lines = run.stderr.trim().split("\n");
      assertEquals(lines.length, 2, run.stderr);
      assertEquals(lines[0], `Error: OIDC discovery failed: ${server.issuer}: connection refused`);
      assert(lines[1].startsWith("Hint: nothing accepts connections there"), run.stderr);
    }),
);
