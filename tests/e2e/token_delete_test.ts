/**
 * `authgate token delete` as a subprocess against the real authorization
 * server: both tokens are dead at the server afterwards.
 */

import { FileTokenStore } from "../../src/store/file_store.ts";
import { assert, assertEquals, assertExcludes } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { readStoredToken, seedToken } from "../support/seed_token.ts";
import {
  refreshWorks,
  SERVER_TEST_OPTIONS as options,
  withServerFixture,
} from "../support/server_fixture.ts";

for (const layout of ["standard", "authgate"] as const) {
  Deno.test(
    `token delete [${layout}] revokes both tokens at the server and deletes locally`,
    options,
    () =>
      withServerFixture({ layout }, async ({ server, tokenFile, env }) => {
        const seeded = await seedToken(server, tokenFile);
        assertEquals((await server.introspect(seeded.accessToken)).active, true);
        const run = await runCliProcess(["token", "delete"], { env: env() });
        assertEquals(run.code, 0, run.stderr);
        assertEquals(run.stdout, "");
        assertEquals(
          run.stderr,
          "Token revoked on server.\n" +
            `Deleted the stored token of client-id "${server.clientId}" (file ${tokenFile}).\n`,
        );
        assertEquals(
          server.requests.revocation.map((form) => form.token_type_hint).sort(),
          ["access_token", "refresh_token"],
        );
        assertEquals((await server.introspect(seeded.accessToken)).active, false);
        assertEquals(await refreshWorks(server, seeded.refreshToken), false);
        assertEquals(await readStoredToken(tokenFile, server.clientId), undefined);
      }),
  );
}

Deno.test(
  "token delete removes only this client's entry",
  options,
  () =>
    withServerFixture({ extraClientIds: ["other-client"] }, async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile, { clientId: "other-client" });
      const other = JSON.parse(await Deno.readTextFile(tokenFile)).data["other-client"];
      await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "delete"], { env: env() });
      assertEquals(run.code, 0, run.stderr);
      const data = JSON.parse(await Deno.readTextFile(tokenFile)).data;
      assertEquals(data, { "other-client": other });
    }),
);

Deno.test(
  "token delete warns when revocation fails and still deletes locally",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      await server.stop();
      const run = await runCliProcess(["token", "delete"], { env: env() });
      assertEquals(run.code, 0, run.stderr);
      const lines = run.stderr.trim().split("\n");
      assertEquals(lines.length, 2, run.stderr);
      assert(
        /^Warning: server-side revocation failed: .+; proceeding with local token deletion$/.test(
          lines[0],
        ),
        lines[0],
      );
      assertEquals(
        lines[1],
        `Deleted the stored token of client-id "${server.clientId}" (file ${tokenFile}).`,
      );
      assertExcludes(run.stderr, seeded.accessToken);
      assertExcludes(run.stderr, seeded.refreshToken);
      assertEquals(await readStoredToken(tokenFile, server.clientId), undefined);
    }),
);

Deno.test(
  "token delete --local-only sends nothing and leaves the tokens valid",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "delete", "--local-only"], {
        env: env(),
        denoFlags: ["--deny-net"],
      });
      assertEquals(run.code, 0, run.stderr);
      assertEquals(
        run.stderr,
        `Deleted the stored token of client-id "${server.clientId}" (file ${tokenFile}).\n`,
      );
      assertEquals(server.requests.revocation.length, 0);
      assertEquals(await readStoredToken(tokenFile, server.clientId), undefined);
      assertEquals((await server.introspect(seeded.accessToken)).active, true);
    }),
);

Deno.test(
  "token delete without a stored token fails with exit 1 and sends nothing",
  options,
  () =>
    withServerFixture({}, async ({ server, env }) => {
      const run = await runCliProcess(["token", "delete"], { env: env() });
      assertEquals(run.code, 1);
      assertEquals(
        run.stderr,
        `Error: no stored token for client-id "${server.clientId}"\n` +
          "Hint: there is nothing to delete; 'authgate token status' shows the store in use\n",
      );
      assertEquals(server.requests.revocation.length, 0);
    }),
);

Deno.test(
  "token delete revokes the access token itself when no refresh token is stored",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const store = new FileTokenStore(tokenFile);
      await store.withLock(5_000, (locked) => locked.save({ ...seeded, refreshToken: "" }));
      const run = await runCliProcess(["token", "delete"], { env: env() });
      assertEquals(run.code, 0, run.stderr);
      assertEquals(server.requests.revocation.map((form) => form.token_type_hint), [
        "access_token",
      ]);
      assertEquals((await server.introspect(seeded.accessToken)).active, false);
    }),
);
