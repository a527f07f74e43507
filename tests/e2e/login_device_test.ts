/**
 * `authgate` (the main flow) as a subprocess against the real authorization
 * server: the device flow, approved, denied, expired and slowed down; the
 * stored token used and refreshed; Ctrl-C and SIGTERM.
 */

import { startCliSession } from "../support/cli_session.ts";
import {
  approveDeviceCode,
  approvedLogin,
  SERVER_TEST,
  withLoginServer,
} from "../support/login_fixture.ts";
import { assert, assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import { readStoredToken, seedToken } from "../support/seed_token.ts";
import { INTERRUPTIONS } from "../support/interruptions.ts";

const FAST_DEVICE = { deviceInterval: 1 };

for (const layout of ["standard", "authgate"] as const) {
  Deno.test(
    `authgate [${layout}] device flow: approved through the server's pages, saved, verified`,
    SERVER_TEST,
    () =>
      withLoginServer({ layout, ...FAST_DEVICE }, async ({ server, tokenFile, env }) => {
        const run = await approvedLogin(server, ["--device"], env());
        assertEquals(run.stdout, "", "stdout stays clean");
        const stored = await readStoredToken(tokenFile, server.clientId);
        assert(stored, "the token is stored");
        assertEquals((await server.introspect(stored.accessToken)).active, true);
        assertIncludes(run.stderr, "Using the device flow (RFC 8628): --device was given");
        assertIncludes(run.stderr, "Logged in with the device flow.");
        assertIncludes(
          run.stderr,
          `Verified:       active (${layout === "authgate" ? "tokeninfo" : "introspection"})`,
        );
        assertIncludes(run.stderr, "User:           test-user <test-user@example.test>");
        assertIncludes(
          run.stderr,
          `Access token:   ${
            stored.accessToken.slice(0, 4)
          }… (${stored.accessToken.length} chars)\n`,
        );
        assertExcludes(run.stderr, stored.accessToken);
        assertExcludes(run.stderr, stored.refreshToken);
        assertEquals(
          server.stats.tokenSuccesses["urn:ietf:params:oauth:grant-type:device_code"],
          1,
        );
      }),
  );
}

Deno.test(
  "authgate device flow: a denial ends with its own error and stores nothing",
  SERVER_TEST,
  () =>
    withLoginServer(FAST_DEVICE, async ({ server, tokenFile, env }) => {
      const session = startCliSession(["--device"], { env: env() });
      await approveDeviceCode(session, server, { deny: true });
      const run = await session.finished;
      assertEquals(run.code, 1, run.stderr);
      assertIncludes(run.stderr, "Error: the login was denied (access_denied)\n");
      assertIncludes(run.stderr, "Hint: run 'authgate' again and approve the request.\n");
      assertEquals(
        await readStoredToken(tokenFile, server.clientId).catch(() => undefined),
        undefined,
      );
    }),
);

Deno.test(
  "authgate device flow: stops with a clear message when the code expires",
  SERVER_TEST,
  () =>
    withLoginServer(
      { ...FAST_DEVICE, deviceCodeTtl: 2 },
      async ({ server, tokenFile, env }) => {
        const run = await startCliSession(["--device"], { env: env() }).finished;
        assertEquals(run.code, 1, run.stderr);
        assertIncludes(run.stderr, "Error: the device code expired before the login was approved");
        assertIncludes(run.stderr, "Hint: run 'authgate' again and approve the request in time.");
        assertEquals(
          await readStoredToken(tokenFile, server.clientId).catch(() => undefined),
          undefined,
        );
      },
    ),
);

Deno.test(
  "authgate device flow: slow_down from the server adds 5 s, and is not provoked again",
  SERVER_TEST,
  () =>
    // The server announces 1 s but enforces 2 s: the second poll meets slow_down for real.
    withLoginServer(
      { deviceInterval: 1, enforceInterval: true, enforcedInterval: 2 },
      async ({ server, env }) => {
        const session = startCliSession(["--device"], { env: env() });
        const [, url] = await session.waitFor(
          /open this URL in a browser on any device:\n\s+(\S+)/,
        );
        await session.waitFor(/the server asked to slow down \(slow_down\); polling every 6s/);
        await server.approveDevice(url);
        const run = await session.finished;
        assertEquals(run.code, 0, run.stderr);
        assertEquals(run.stderr.match(/slow down/g)?.length, 1, run.stderr);
        const polls = server.stats.tokenRequests["urn:ietf:params:oauth:grant-type:device_code"];
        assertEquals(polls, 3, "pending, slow_down, then the token");
      },
    ),
);

Deno.test(
  "authgate uses a valid stored token without logging in",
  SERVER_TEST,
  () =>
    withLoginServer({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const before = await Deno.readTextFile(tokenFile);
      const run = await startCliSession([], { env: env() }).finished;
      assertEquals(run.code, 0, run.stderr);
      assertIncludes(run.stderr, "Stored token is valid for ");
      assertIncludes(run.stderr, "Using the stored token.");
      assertIncludes(
        run.stderr,
        `Access token:   ${seeded.accessToken.slice(0, 4)}… (${seeded.accessToken.length} chars)\n`,
      );
      assertExcludes(run.stderr, "Using the device flow");
      assertEquals(await Deno.readTextFile(tokenFile), before, "nothing rewritten");
    }),
);

Deno.test(
  "authgate refreshes a token inside the window, with status lines",
  SERVER_TEST,
  () =>
    withLoginServer({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const run = await startCliSession([], { env: env({ REFRESH_THRESHOLD: "2h" }) }).finished;
      assertEquals(run.code, 0, run.stderr);
      assertIncludes(run.stderr, "Access token nearing expiry, refreshing proactively...\n");
      assertIncludes(run.stderr, "Token refreshed proactively (valid for ");
      assertIncludes(run.stderr, "Using the refreshed token.");
      const stored = await readStoredToken(tokenFile, server.clientId);
      assert(stored && stored.accessToken !== seeded.accessToken, "a new token is stored");
      assertEquals(server.stats.tokenRequests.refresh_token, 1);
    }),
);

Deno.test(
  "authgate keeps a still-valid token when the refresh fails (server down), unverified",
  SERVER_TEST,
  () =>
    withLoginServer({}, async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile);
      const before = await Deno.readTextFile(tokenFile);
      await server.stop();
      const run = await startCliSession([], { env: env({ REFRESH_THRESHOLD: "2h" }) }).finished;
      assertEquals(run.code, 0, run.stderr);
      assertIncludes(run.stderr, "Access token nearing expiry, refreshing proactively...\n");
      assertIncludes(run.stderr, "Refresh failed: ");
      assertIncludes(run.stderr, "Warning: using the existing token, still valid for ");
      assertIncludes(run.stderr, "Warning: the token could not be verified: ");
      assertIncludes(run.stderr, "Verified:       not verified (no answer from the server)");
      assertEquals(await Deno.readTextFile(tokenFile), before);
    }),
);

Deno.test(
  "authgate logs in again when the stored token expired and its refresh token is revoked",
  SERVER_TEST,
  () =>
    withLoginServer(FAST_DEVICE, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile, { expiresAt: Date.now() - 1000 });
      await revokeRefreshToken(server, seeded.refreshToken);
      const run = await approvedLogin(server, [], env());
      assertIncludes(run.stderr, "Access token expired, refreshing...\n");
      assertIncludes(run.stderr, "Refresh failed: ");
      assertIncludes(run.stderr, "logging in.\n");
      assertIncludes(run.stderr, "Using the device flow (RFC 8628): no display");
      assertIncludes(run.stderr, "Logged in with the device flow.");
    }),
);

for (const { signal, code, what } of INTERRUPTIONS) {
  Deno.test(
    `authgate ${signal} while polling: exit ${code}, store byte-identical`,
    SERVER_TEST,
    () =>
      withLoginServer({ extraClientIds: ["other-client"] }, async ({ server, tokenFile, env }) => {
        await seedToken(server, tokenFile, { clientId: "other-client" });
        const before = await Deno.readFile(tokenFile);
        const session = startCliSession(["--device"], { env: env() });
        await session.waitFor(/Waiting for approval\.\.\./);
        session.kill(signal);
        const run = await session.finished;
        assertEquals(run.code, code, run.stderr);
        // The handler's line: a process the signal simply killed would print none.
        assertIncludes(run.stderr, `Error: ${what}; the token store was left unchanged\n`);
        assertEquals(await Deno.readFile(tokenFile), before);
      }),
  );
}

/** Revokes a refresh token at the server (RFC 7009), as the public client. */
async function revokeRefreshToken(
  server: { issuer: string; clientId: string; routes: { revocation: string } },
  token: string,
): Promise<void> {
  const response = await fetch(server.issuer + server.routes.revocation, {
    method: "POST",
    body: new URLSearchParams({ token, client_id: server.clientId }),
  });
  assertEquals(response.status, 200, await response.text());
}
