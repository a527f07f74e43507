/**
 * Server faults where a command cannot do without the server, as a subprocess
 * against the real authorization server (faults injected by the dev server's
 * fault middleware): an expired token whose refresh meets HTTP 500, 429, a
 * body that is not a token response, `invalid_client`; `token inspect` and
 * `token delete` against a server that answers 503. Each is one `Error:` line
 * naming the server and what happened, and a `Hint:`.
 */

import type { InjectedFault } from "../../scripts/dev_server/auth_server.ts";
import { assert, assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { seedToken } from "../support/seed_token.ts";
import { SERVER_TEST_OPTIONS, withServerFixture } from "../support/server_fixture.ts";
import { unavailableServer } from "../support/unavailable_server.ts";

const EXPIRED = () => ({ expiresAt: Date.now() - 1000 });

/** The `Error:` and `Hint:` lines of a run. */
function reportLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => /^(Error|Hint): /.test(line));
}

/**
 * Seeds an expired token, makes the refresh meet `fault`, runs `args`; checks
 * what every such failure shares: exit 1, stdout empty, no token on stderr,
 * the file byte-identical, one refresh sent.
 */
function expiredRefreshMeets(
  fault: Omit<InjectedFault, "target">,
  args: string[],
  check: (report: string[], issuer: string) => void,
): Promise<void> {
  return withServerFixture(
    { faults: [{ target: "refresh", ...fault }] },
    async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile, EXPIRED());
      const before = await Deno.readFile(tokenFile);
      const run = await runCliProcess(args, { env: env() });
      assertEquals(run.code, 1, run.stderr);
      assertEquals(run.stdout, "");
      assertExcludes(run.stderr, seeded.accessToken);
      assertExcludes(run.stderr, seeded.refreshToken);
      assertEquals(await Deno.readFile(tokenFile), before);
      assertEquals(server.stats.tokenRequests.refresh_token, 1, "sent once, never retried");
      check(reportLines(run.stderr), server.issuer);
    },
  );
}

const RETRY_LATER = "Hint: the fault is at the server, not in your login or settings: retry later.";

Deno.test(
  "token get: an expired token whose refresh meets HTTP 500",
  SERVER_TEST_OPTIONS,
  () =>
    expiredRefreshMeets({ status: 500, body: { error: "server_error" } }, ["token", "get"], (
      report,
      issuer,
    ) =>
      assertEquals(report, [
        `Error: failed to obtain a valid token: the server at ${issuer} answered the token refresh with HTTP 500`,
        RETRY_LATER,
      ])),
);

Deno.test(
  "authgate: an expired token whose refresh meets HTTP 500 stops with the same line, no login",
  SERVER_TEST_OPTIONS,
  () =>
    expiredRefreshMeets({ status: 500 }, [], (report, issuer) =>
      assertEquals(report, [
        `Error: failed to obtain a valid token: the server at ${issuer} answered the token refresh with HTTP 500`,
        RETRY_LATER,
      ])),
);

Deno.test(
  "token get: an expired token whose refresh gets an HTML page (not a token response)",
  SERVER_TEST_OPTIONS,
  () =>
    expiredRefreshMeets(
      { status: 200, body: "<html><body>Maintenance</body></html>" },
      ["token", "get"],
      (report, issuer) => {
        assertEquals(report.length, 2, report.join("\n"));
        assertEquals(
          report[0],
          `Error: failed to obtain a valid token: the server at ${issuer} answered the token ` +
            "refresh with something that is not a valid token response " +
            "(content-type text/html; charset=utf-8, not JSON)",
        );
        assertExcludes(report[0], "Maintenance");
        assertIncludes(report[1], "Hint: check SERVER_URL: ");
        assertIncludes(report[1], "retry later");
      },
    ),
);

Deno.test(
  "token get: an expired token whose refresh gets JSON that is not a token response",
  SERVER_TEST_OPTIONS,
  () =>
    expiredRefreshMeets(
      { status: 200, body: { status: "ok" } },
      ["token", "get"],
      (report) =>
        assertIncludes(
          report[0],
          'is not a valid token response (body "access_token" property must be a string)',
        ),
    ),
);

Deno.test(
  "token get: an expired token whose refresh meets HTTP 429 says when to retry",
  SERVER_TEST_OPTIONS,
  () =>
    expiredRefreshMeets(
      { status: 429, body: "slow down", headers: { "Retry-After": "30" } },
      ["token", "get"],
      (report, issuer) =>
        assertEquals(report, [
          `Error: failed to obtain a valid token: the server at ${issuer} answered the token ` +
          "refresh with HTTP 429 (too many requests)",
          "Hint: the server is limiting requests (your login is fine): retry in 30s.",
        ]),
    ),
);

Deno.test(
  "token get: invalid_client names CLIENT_ID/CLIENT_SECRET and quotes only a sanitised description",
  SERVER_TEST_OPTIONS,
  () => {
    const echoed = "rt_" + "x".repeat(40);
    return expiredRefreshMeets(
      {
        status: 401,
        body: { error: "invalid_client", error_description: `bad "secret"\n${echoed} <b>` },
      },
      ["token", "get"],
      (report, issuer) => {
        assertEquals(report, [
          `Error: failed to obtain a valid token: the server at ${issuer} refused client-id ` +
          `"authgate-cli-test" on the token refresh (invalid_client: bad secret [...] <b>)`,
          "Hint: check CLIENT_ID and CLIENT_SECRET (--client-id, --client-secret, CLIENT_SECRET_FILE): the server " +
          "does not know this client or refused its secret (a public client has no secret).",
        ]);
      },
    );
  },
);

Deno.test(
  "token get: a confidential client with a wrong CLIENT_SECRET (the server's own invalid_client)",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture(
      { confidentialClient: { id: "confidential", secret: "right" } },
      async ({ server, tokenFile, env }) => {
        await seedToken(server, tokenFile, { ...EXPIRED(), clientId: "confidential" });
        const run = await runCliProcess(["token", "get"], {
          env: env({ CLIENT_ID: "confidential", CLIENT_SECRET: "wrong" }),
        });
        assertEquals(run.code, 1, run.stderr);
        const report = reportLines(run.stderr);
        assertEquals(report.length, 2, run.stderr);
        assertIncludes(report[0], `refused client-id "confidential" on the token refresh`);
        assertIncludes(report[0], "(invalid_client");
        assertIncludes(report[1], "Hint: check CLIENT_ID and CLIENT_SECRET");
        assertExcludes(run.stderr, "wrong");
      },
    ),
);

Deno.test(
  "token get: a still-valid token whose refresh meets HTTP 500 is used, the warning names the server",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture(
      { faults: [{ target: "refresh", status: 500 }] },
      async ({ server, tokenFile, env }) => {
        const seeded = await seedToken(server, tokenFile);
        const run = await runCliProcess(["token", "get"], {
          env: env({ REFRESH_THRESHOLD: "2h" }),
        });
        assertEquals(run.code, 0, run.stderr);
        assertEquals(run.stdout, seeded.accessToken + "\n");
        assertEquals(
          run.stderr,
          "Warning: token refresh failed, using existing token: the server at " +
            `${server.issuer} answered the token refresh with HTTP 500\n`,
        );
      },
    ),
);

Deno.test(
  "token inspect and token delete against a server that answers 503",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile);
      await using down = unavailableServer();
      const inspect = await runCliProcess(["token", "inspect"], {
        env: env({ SERVER_URL: down.url }),
      });
      assertEquals(inspect.code, 1, inspect.stderr);
      assertEquals(reportLines(inspect.stderr), [
        `Error: the server at ${down.url} answered the tokeninfo request with HTTP 503`,
        RETRY_LATER,
      ]);

      const remove = await runCliProcess(["token", "delete"], {
        env: env({ SERVER_URL: down.url }),
      });
      assertEquals(remove.code, 0, remove.stderr);
      assertIncludes(
        remove.stderr,
        `Warning: server-side revocation failed: the server at ${down.url} answered the ` +
          "refresh token revocation with HTTP 503; ",
      );
      assert(!(await Deno.readTextFile(tokenFile)).includes(server.clientId), "deleted locally");
    }),
);
