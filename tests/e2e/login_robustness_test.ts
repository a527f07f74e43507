/**
 * `authgate` as a subprocess against the real authorization server when the
 * device code request meets server faults (injected by the dev server's
 * fault middleware) or an unknown client, and SIGTERM while it waits to retry.
 * (SIGTERM while polling and while waiting for the browser: beside Ctrl-C in
 * login_device_test.ts and login_browser_test.ts.)
 */

import { startCliSession } from "../support/cli_session.ts";
import { approvedLogin, SERVER_TEST, withLoginServer } from "../support/login_fixture.ts";
import { assert, assertEquals, assertIncludes } from "../support/assert.ts";
import { readStoredToken } from "../support/seed_token.ts";

const DEVICE_CODE_503 = { target: "device_authorization", status: 503 } as const;

/** The `Error:` lines of a run. */
function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("Error: "));
}

Deno.test(
  "authgate device flow: a device code request answered 503 once is retried, the login completes",
  SERVER_TEST,
  () =>
    withLoginServer(
      { deviceInterval: 1, faults: [{ ...DEVICE_CODE_503, times: 1 }] },
      async ({ server, tokenFile, env }) => {
        const run = await approvedLogin(server, ["--device"], env());
        assertIncludes(
          run.stderr,
          "Warning: the device code request failed (the server answered HTTP 503); retrying in 2s\n",
        );
        assertIncludes(run.stderr, "Logged in with the device flow.");
        assertEquals(server.faultsAnswered.device_authorization, 1);
        assertEquals(server.stats.deviceAuthorizationRequests, 2, "the 503, then the code");
        assert(await readStoredToken(tokenFile, server.clientId), "the token is stored");
      },
    ),
);

Deno.test(
  "authgate device flow: a device code request answered 503 every time gives up within DEVICE_CODE_REQUEST_TIMEOUT",
  SERVER_TEST,
  () =>
    withLoginServer({ faults: [DEVICE_CODE_503] }, async ({ server, tokenFile, env }) => {
      const started = performance.now();
      const session = startCliSession(["--device"], {
        env: env({ DEVICE_CODE_REQUEST_TIMEOUT: "5s" }),
      });
      await session.waitFor(/Using the device flow/);
      const requestStarted = performance.now();
      const run = await session.finished;
      const elapsed = performance.now() - requestStarted;
      assertEquals(run.code, 1, run.stderr);
      assertEquals(errorLines(run.stderr), [
        `Error: login failed: the server at ${server.issuer} answered the device code request ` +
        "with HTTP 503 (2 attempts within DEVICE_CODE_REQUEST_TIMEOUT 5s)",
      ]);
      assertIncludes(
        run.stderr,
        "\nHint: the fault is at the server, not in your login or settings: retry later.\n",
      );
      // Attempts at 0 s and 2 s; the next one (4 s later) would not fit in 5 s.
      assertEquals(server.faultsAnswered.device_authorization, 2);
      assert(elapsed < 5_000, `gave up within the timeout (${elapsed} ms)`);
      assert(performance.now() - started < 15_000, "no hang");
      assertEquals(await Deno.stat(tokenFile).catch(() => undefined), undefined, "nothing stored");
    }),
);

Deno.test(
  "authgate device flow: invalid_client (an unknown client id) is not retried: one line naming CLIENT_ID",
  SERVER_TEST,
  () =>
    withLoginServer({}, async ({ server, env }) => {
      const run = await startCliSession(["--device"], { env: env({ CLIENT_ID: "nobody" }) })
        .finished;
      assertEquals(run.code, 1, run.stderr);
      assertEquals(errorLines(run.stderr), [
        `Error: login failed: the server at ${server.issuer} refused client-id "nobody" on the ` +
        "device code request (invalid_client: client authentication failed)",
      ]);
      assertIncludes(run.stderr, "\nHint: check CLIENT_ID and CLIENT_SECRET ");
      assert(!run.stderr.includes("retrying"), run.stderr);
      assertEquals(server.stats.deviceAuthorizationRequests, 1, "sent once");
    }),
);

Deno.test(
  "authgate SIGTERM while the device code request waits to retry: exit 143 at once",
  SERVER_TEST,
  () =>
    withLoginServer({ faults: [DEVICE_CODE_503] }, async ({ env }) => {
      const session = startCliSession(["--device"], { env: env() });
      await session.waitFor(/retrying in 2s/);
      const sent = performance.now();
      session.kill("SIGTERM");
      const run = await session.finished;
      assertEquals(run.code, 143, run.stderr);
      assertIncludes(
        run.stderr,
        "Error: interrupted by SIGTERM; the token store was left unchanged",
      );
      assert(performance.now() - sent < 1_500, "the retry wait was cut short");
    }),
);
