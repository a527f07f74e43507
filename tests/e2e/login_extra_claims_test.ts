/**
 * `authgate --extra-claims ...` (the main flow) as a subprocess against the
 * real authorization server: the claims go, as the form field `extra_claims`,
 * on the device-code, authorization-code and refresh token requests, and are
 * never stored.
 */

import { assertEquals, assertExcludes } from "../support/assert.ts";
import { startCliSession } from "../support/cli_session.ts";
import {
  approvedLogin,
  desktopEnv,
  freeLoopbackPort,
  SERVER_TEST,
  withLoginServer,
} from "../support/login_fixture.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { seedToken } from "../support/seed_token.ts";

const CLAIMS = ["--extra-claims", "tenant=acme", "--extra-claims=uid=12345678901234567890"];
const SENT = '{"tenant":"acme","uid":12345678901234567890}';

function formsOf(requests: Record<string, string>[], grantType: string) {
  return requests.filter((form) => form.grant_type === grantType);
}

Deno.test(
  "authgate device flow sends the extra claims on the device-code token request",
  SERVER_TEST,
  () =>
    withLoginServer({ deviceInterval: 1 }, async ({ server, tokenFile, env }) => {
      await approvedLogin(server, ["--device", ...CLAIMS], env());
      const device = formsOf(server.requests.token, "urn:ietf:params:oauth:grant-type:device_code");
      assertEquals(device.length > 0, true);
      for (const form of device) assertEquals(form.extra_claims, SENT);
      assertExcludes(await Deno.readTextFile(tokenFile), "acme");
    }),
);

Deno.test(
  "authgate browser flow sends the extra claims on the code exchange",
  SERVER_TEST,
  () =>
    withLoginServer({}, async ({ server, dir, tokenFile, env }) => {
      const run = await startCliSession(CLAIMS, {
        env: env({ ...await desktopEnv(dir), CALLBACK_PORT: String(freeLoopbackPort()) }),
      }).finished;
      assertEquals(run.code, 0, run.stderr);
      const exchange = formsOf(server.requests.token, "authorization_code");
      assertEquals(exchange.map((form) => form.extra_claims), [SENT]);
      assertExcludes(await Deno.readTextFile(tokenFile), "acme");
    }),
);

Deno.test(
  "authgate sends the extra claims when it refreshes the stored token",
  SERVER_TEST,
  () =>
    withLoginServer({}, async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile);
      const run = await runCliProcess(CLAIMS, { env: env({ REFRESH_THRESHOLD: "2h" }) });
      assertEquals(run.code, 0, run.stderr);
      assertEquals(formsOf(server.requests.token, "refresh_token").map((f) => f.extra_claims), [
        SENT,
      ]);
    }),
);

Deno.test(
  "authgate reports a malformed extra claim before anything else",
  SERVER_TEST,
  () =>
    withLoginServer({}, async ({ server, env }) => {
      const run = await runCliProcess(["--extra-claims", "no-equals-sign"], { env: env() });
      assertEquals(run.code, 2);
      assertEquals(run.stdout, "");
      assertEquals(
        run.stderr.split("\n")[0],
        'Error: invalid --extra-claims value #1: it has no "="; expected key=value',
      );
      assertEquals(server.requests.token.length, 0);
    }),
);
