/**
 * A confidential client in the person flows: the browser flow's code exchange,
 * the refresh in `token get`, and the revocation in `token delete` all send
 * the secret the same way, `client_secret_basic` by default (discovery offers
 * both) or `client_secret_post` when configured, as the server received them.
 * The secret never reaches the output or the token file.
 */

import type { ConfidentialClient } from "../../scripts/dev_server/auth_server.ts";
import { startCliSession } from "../support/cli_session.ts";
import {
  desktopEnv,
  freeLoopbackPort,
  SERVER_TEST,
  withLoginServer,
} from "../support/login_fixture.ts";
import { assert, assertEquals, assertExcludes } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { readStoredToken } from "../support/seed_token.ts";

const SECRET = "confidential-Secret-5a3f";

for (const authMethod of ["client_secret_basic", "client_secret_post"] as const) {
  const client: ConfidentialClient = { id: "confidential-cli", secret: SECRET, authMethod };
  Deno.test(
    `confidential client (${authMethod}): code exchange, refresh and revocation all use it`,
    SERVER_TEST,
    () =>
      withLoginServer({ confidentialClient: client }, async ({ server, dir, tokenFile, env }) => {
        const settings = env({
          CLIENT_ID: client.id,
          CLIENT_SECRET: SECRET,
          ...(authMethod === "client_secret_post"
            ? { TOKEN_ENDPOINT_AUTH_METHOD: authMethod }
            : {}),
        });
        const login = await startCliSession([], {
          env: {
            ...settings,
            ...await desktopEnv(dir),
            CALLBACK_PORT: String(freeLoopbackPort()),
          },
        }).finished;
        assertEquals(login.code, 0, login.stderr);
        const first = await readStoredToken(tokenFile, client.id);
        assert(first?.refreshToken, "a refresh token is stored");

        const refreshed = await runCliProcess(["token", "get"], {
          env: { ...settings, REFRESH_THRESHOLD: "2h" },
        });
        assertEquals(refreshed.code, 0, refreshed.stderr);
        assert(refreshed.stdout.trim() !== first.accessToken, "refreshed");
        const deleted = await runCliProcess(["token", "delete"], { env: settings });
        assertEquals(deleted.code, 0, deleted.stderr);

        assertEquals(server.stats.tokenSuccesses, { authorization_code: 1, refresh_token: 1 });
        const mine = server.requests.clientAuth.filter((r) => r.clientId === client.id);
        assertEquals([...new Set(mine.map((r) => r.method))], [authMethod]);
        assertEquals(
          [...new Set(mine.map((r) => r.path))].sort(),
          [server.routes.token, server.routes.revocation, server.routes.introspection].sort(),
        );
        for (const run of [login, refreshed, deleted]) {
          assertExcludes(run.stdout, SECRET);
          assertExcludes(run.stderr, SECRET);
        }
        assertExcludes(await Deno.readTextFile(tokenFile), SECRET);
      }),
  );
}
