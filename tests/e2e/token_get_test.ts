/**
 * `authgate token get` as a subprocess against a real authorization server
 * (oidc-provider with rotating refresh tokens), in both path layouts.
 */

import { type AuthServerOptions, startAuthServer } from "../../scripts/dev_server/auth_server.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { readStoredToken, seedToken } from "../support/seed_token.ts";
import { refreshWorks, type ServerFixture, withServerFixture } from "../support/server_fixture.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

function assertMatch(text: string, pattern: RegExp): void {
  assert(pattern.test(text), `expected ${pattern} to match:\n${text}`);
}

function withServer(
  layout: "standard" | "authgate",
  body: (fixture: ServerFixture) => Promise<void>,
  serverOptions: AuthServerOptions = {},
): Promise<void> {
  return withServerFixture({ layout, ...serverOptions }, body);
}

const IN_WINDOW = { REFRESH_THRESHOLD: "2h" }; // tokens live 1 h: always inside the window

for (const layout of ["standard", "authgate"] as const) {
  Deno.test(
    `token get [${layout}] prints a fresh token with the server stopped and net denied`,
    options,
    () =>
      withServer(layout, async ({ server, tokenFile, env }) => {
        const seeded = await seedToken(server, tokenFile);
        await server.stop();
        const run = await runCliProcess(["token", "get"], {
          env: env(),
          denoFlags: ["--deny-net"],
        });
        assertEquals(run, { code: 0, stdout: seeded.accessToken + "\n", stderr: "" });
      }),
  );

  Deno.test(
    `token get [${layout}] refreshes proactively inside the window`,
    options,
    () =>
      withServer(layout, async ({ server, tokenFile, env }) => {
        const seeded = await seedToken(server, tokenFile);
        const run = await runCliProcess(["token", "get"], { env: env(IN_WINDOW) });
        assertEquals(run.code, 0, run.stderr);
        assertEquals(run.stderr, "");
        const printed = run.stdout.trim();
        assert(printed !== seeded.accessToken, "a new access token is printed");
        assertEquals((await server.introspect(printed)).active, true);
        const stored = await readStoredToken(tokenFile, server.clientId);
        assertEquals(stored?.accessToken, printed);
        assert(stored!.refreshToken !== seeded.refreshToken, "the rotated refresh token is stored");
        assertEquals(server.stats.tokenRequests.refresh_token, 1);
      }),
  );

  Deno.test(
    `token get [${layout}] keeps a valid token when the server is down`,
    options,
    () =>
      withServer(layout, async ({ server, tokenFile, env }) => {
        const seeded = await seedToken(server, tokenFile);
        const before = await Deno.readTextFile(tokenFile);
        await server.stop();
        const run = await runCliProcess(["token", "get"], { env: env(IN_WINDOW) });
        assertEquals(run.code, 0);
        assertEquals(run.stdout, seeded.accessToken + "\n");
        assertMatch(run.stderr, /^Warning: token refresh failed, using existing token: /m);
        assert(!run.stderr.includes(seeded.accessToken), "no token on stderr");
        assert(!run.stderr.includes(seeded.refreshToken), "no refresh token on stderr");
        assert(!/\n\s+at /.test(run.stderr), "no stack trace");
        assertEquals(await Deno.readTextFile(tokenFile), before);
      }),
  );

  Deno.test(
    `token get [${layout}] asks for a login when the expired token's grant is revoked`,
    options,
    () =>
      withServer(layout, async ({ server, tokenFile, env }) => {
        const seeded = await seedToken(server, tokenFile, { expiresAt: Date.now() - 1000 });
        // Spend the refresh token once, then again: rotation revokes the whole grant.
        assert(await refreshWorks(server, seeded.refreshToken));
        assert(!(await refreshWorks(server, seeded.refreshToken)));
        const run = await runCliProcess(["token", "get"], { env: env() });
        assertEquals(run.code, 4, run.stderr);
        assertEquals(run.stdout, "");
        assertMatch(
          run.stderr,
          /^Error: stored token can no longer be refreshed: .*invalid_grant/m,
        );
        assertMatch(run.stderr, /^Hint: run 'authgate' to re-authenticate\.$/m);
      }),
  );
}

Deno.test(
  "token get leaves a corrupt token file untouched",
  options,
  () =>
    withServer("standard", async ({ tokenFile, env }) => {
      const garbage = '{"data": {"authgate-cli-test": "{\\"access_tok';
      await Deno.writeTextFile(tokenFile, garbage);
      for (const extra of [{}, IN_WINDOW]) {
        const run = await runCliProcess(["token", "get"], { env: env(extra) });
        assertEquals(run.code, 1);
        assertMatch(run.stderr, /^Error: token file .* is not valid: .*; fix or remove it$/m);
      }
      assertEquals(await Deno.readTextFile(tokenFile), garbage);
    }),
);

Deno.test("token get keeps other clients' entries when it refreshes", options, async () => {
  const server = await startAuthServer({ extraClientIds: ["other-client"] });
  const dir = await Deno.makeTempDir();
  const tokenFile = `${dir}/tokens.json`;
  try {
    await seedToken(server, tokenFile, { clientId: "other-client" });
    const otherEntry = JSON.parse(await Deno.readTextFile(tokenFile)).data["other-client"];
    await seedToken(server, tokenFile);
    const run = await runCliProcess(["token", "get"], {
      env: {
        CLIENT_ID: server.clientId,
        SERVER_URL: server.issuer,
        TOKEN_FILE: tokenFile,
        TOKEN_STORE: "file",
        ...IN_WINDOW,
      },
    });
    assertEquals(run.code, 0, run.stderr);
    assertEquals(server.stats.tokenRequests.refresh_token, 1);
    const data = JSON.parse(await Deno.readTextFile(tokenFile)).data;
    assertEquals(data["other-client"], otherEntry);
    assertEquals(Object.keys(data).sort(), ["authgate-cli-test", "other-client"]);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test(
  "token get: 20 concurrent processes inside the window refresh exactly once",
  options,
  () =>
    withServer("standard", async ({ server, tokenFile, env }) => {
      // Inside the default 5 min window; the refreshed token (1 h) is outside it, so a
      // process that starts after the refresh has nothing to do either.
      await seedToken(server, tokenFile, { expiresAt: Date.now() + 60_000 });
      const runs = await Promise.all(
        Array.from({ length: 20 }, () => runCliProcess(["token", "get"], { env: env() })),
      );
      for (const run of runs) assertEquals(run.code, 0, run.stderr);
      assertEquals(server.stats.tokenRequests.refresh_token, 1);
      const tokens = new Set(runs.map((run) => run.stdout.trim()));
      assertEquals(tokens.size, 1, "every process prints the one refreshed token");
      for (const token of tokens) assertEquals((await server.introspect(token)).active, true);
      const stored = await readStoredToken(tokenFile, server.clientId);
      assert(
        await refreshWorks(server, stored!.refreshToken),
        "the stored refresh token still works",
      );
    }),
);

Deno.test(
  "token get falls back to AuthGate's paths when discovery fails",
  options,
  () =>
    withServer("authgate", async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "get"], { env: env(IN_WINDOW) });
      assertEquals(run.code, 0, run.stderr);
      const warnings = run.stderr.trim().split("\n");
      assertEquals(warnings.length, 1, run.stderr);
      assertMatch(warnings[0], /^Warning: OIDC discovery.*using AuthGate's default endpoints$/);
      assert(run.stdout.trim() !== seeded.accessToken, "refreshed through /oauth/token");
      assertEquals(server.stats.tokenRequests.refresh_token, 1);
    }, { failDiscovery: true }),
);

Deno.test(
  "token get with net denied fails clearly once the token has expired",
  options,
  () =>
    withServer("standard", async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile, { expiresAt: Date.now() - 1000 });
      const run = await runCliProcess(["token", "get"], { env: env(), denoFlags: ["--deny-net"] });
      assertEquals(run.code, 1);
      assertEquals(run.stdout, "");
      assertMatch(run.stderr, /^Error: failed to obtain a valid token: .*not permitted/m);
      assertEquals(run.stderr.trim().split("\n").length, 1, run.stderr);
    }),
);

Deno.test(
  "token get without a stored token asks for a login",
  options,
  () =>
    withServer("standard", async ({ env }) => {
      const run = await runCliProcess(["token", "get"], { env: env() });
      assertEquals(run.code, 4);
      assertEquals(
        run.stderr,
        `Error: no stored token for client-id "authgate-cli-test"\nHint: run 'authgate' first to authenticate.\n`,
      );
    }),
);
