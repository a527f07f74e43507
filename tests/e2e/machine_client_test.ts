/**
 * Machine clients (`GRANT_TYPE=client_credentials`) as a subprocess against the
 * real authorization server, in both path layouts: first token, fresh reuse
 * offline, renewal in the window, one request for 50 processes, a wrong
 * secret, revocation, and both client authentication methods as the server saw
 * them. The secret never reaches stdout, stderr or the token file.
 */

import type { ConfidentialClient } from "../../scripts/dev_server/auth_server.ts";
import { FileTokenStore } from "../../src/store/file_store.ts";
import { assert, assertEquals, assertExcludes } from "../support/assert.ts";
import { type CliRun, runCliProcess } from "../support/run_cli.ts";
import { readStoredToken } from "../support/seed_token.ts";
import {
  SERVER_TEST_OPTIONS as options,
  type ServerFixture,
  withServerFixture,
} from "../support/server_fixture.ts";

const BASIC: ConfidentialClient = {
  id: "machine-basic",
  secret: "basic-Secret-4f1d9a",
  authMethod: "client_secret_basic",
};
const POST: ConfidentialClient = {
  id: "machine-post",
  secret: "post-Secret-8c2e7b",
  authMethod: "client_secret_post",
};
const IN_WINDOW = { REFRESH_THRESHOLD: "2h" }; // tokens live 1 h: always inside the window

interface MachineFixture extends ServerFixture {
  /** The CLI environment of `client` (its secret in a file), plus `extra`. */
  machineEnv(client: ConfidentialClient, extra?: Record<string, string>): Record<string, string>;
}

function withMachineServer(
  layout: "standard" | "authgate",
  body: (fixture: MachineFixture) => Promise<void>,
): Promise<void> {
  return withServerFixture({ layout, machineClients: [BASIC, POST] }, async (fixture) => {
    const secretFiles = new Map<string, string>();
    for (const client of [BASIC, POST]) {
      const path = `${fixture.dir}/${client.id}.secret`;
      // A trailing newline, as `echo` and most secret managers leave it.
      await Deno.writeTextFile(path, `${client.secret}\n`);
      secretFiles.set(client.id, path);
    }
    await body({
      ...fixture,
      machineEnv: (client, extra = {}) =>
        fixture.env({
          CLIENT_ID: client.id,
          CLIENT_SECRET_FILE: secretFiles.get(client.id)!,
          GRANT_TYPE: "client_credentials",
          // Discovery offers both methods, so the default is basic: POST must say so.
          ...(client === POST ? { TOKEN_ENDPOINT_AUTH_METHOD: "client_secret_post" } : {}),
          ...extra,
        }),
    });
  });
}

/** Asserts the secret is nowhere in a run's output nor in the token file. */
async function assertSecretKept(runs: CliRun[], tokenFile: string): Promise<void> {
  const file = await Deno.readTextFile(tokenFile).catch(() => "");
  for (const secret of [BASIC.secret, POST.secret]) {
    for (const run of runs) {
      assertExcludes(run.stdout, secret);
      assertExcludes(run.stderr, secret);
    }
    assertExcludes(file, secret);
  }
}

for (const layout of ["standard", "authgate"] as const) {
  Deno.test(
    `machine client [${layout}]: first token, then reuse with the server stopped and net denied`,
    options,
    () =>
      withMachineServer(layout, async ({ server, tokenFile, machineEnv }) => {
        const first = await runCliProcess(["token", "get"], { env: machineEnv(BASIC) });
        assertEquals(first.code, 0, first.stderr);
        assertEquals(first.stderr, "");
        const token = first.stdout.trim();
        assertEquals((await server.introspect(token)).active, true);
        assertEquals(server.stats.tokenRequests, { client_credentials: 1 });
        const stored = await readStoredToken(tokenFile, BASIC.id);
        assertEquals(stored?.accessToken, token);
        assertEquals(stored?.refreshToken, "", "a machine entry has no refresh token");
        assertEquals(stored?.serverUrl, server.issuer);
        assertEquals(stored?.issuer, server.issuer);

        await server.stop();
        const again = await runCliProcess(["token", "get", "--json"], {
          env: machineEnv(BASIC),
          denoFlags: ["--deny-net"],
        });
        assertEquals(again.code, 0, again.stderr);
        assertEquals(JSON.parse(again.stdout).access_token, token);
        await assertSecretKept([first, again], tokenFile);
      }),
  );

  Deno.test(
    `machine client [${layout}]: inside the window a new token is requested`,
    options,
    () =>
      withMachineServer(layout, async ({ server, tokenFile, machineEnv }) => {
        const first = await runCliProcess(["token", "get"], { env: machineEnv(BASIC) });
        assertEquals(first.code, 0, first.stderr);
        const renewed = await runCliProcess(["token", "get"], {
          env: machineEnv(BASIC, IN_WINDOW),
        });
        assertEquals(renewed.code, 0, renewed.stderr);
        assertEquals(renewed.stderr, "");
        assert(renewed.stdout !== first.stdout, "a new access token is printed");
        assertEquals(server.stats.tokenSuccesses, { client_credentials: 2 });
        assertEquals(
          (await readStoredToken(tokenFile, BASIC.id))?.accessToken,
          renewed.stdout.trim(),
        );
      }),
  );

  Deno.test(
    `machine client [${layout}]: token delete revokes the token at the server`,
    options,
    () =>
      withMachineServer(layout, async ({ server, tokenFile, machineEnv }) => {
        const first = await runCliProcess(["token", "get"], { env: machineEnv(POST) });
        assertEquals(first.code, 0, first.stderr);
        const token = first.stdout.trim();
        const deleted = await runCliProcess(["token", "delete"], {
          env: machineEnv(POST, { TOKEN_ENDPOINT_AUTH_METHOD: "client_secret_post" }),
        });
        assertEquals(deleted.code, 0, deleted.stderr);
        assertEquals(deleted.stderr.split("\n")[0], "Token revoked on server.");
        assertEquals(server.requests.revocation.map((form) => form.token_type_hint), [
          "access_token",
        ]);
        assertEquals((await server.introspect(token)).active, false);
        assertEquals(await readStoredToken(tokenFile, POST.id), undefined);
        await assertSecretKept([first, deleted], tokenFile);
      }),
  );
}

Deno.test(
  "machine client: 50 parallel token get inside the window send exactly 1 token request",
  options,
  () =>
    withMachineServer("standard", async ({ server, tokenFile, machineEnv }) => {
      const first = await runCliProcess(["token", "get"], { env: machineEnv(BASIC) });
      assertEquals(first.code, 0, first.stderr);
      // Move the stored token into the default 5 min window; the new one (1 h) is outside
      // it, so a process that starts after the renewal has nothing to do either.
      const store = new FileTokenStore(tokenFile);
      const stored = (await store.load(BASIC.id))!;
      await store.withLock(5_000, (locked) =>
        locked.save({ ...stored, expiresAt: Date.now() + 60_000 }));
      const runs = await Promise.all(
        Array.from({ length: 50 }, () =>
          runCliProcess(["token", "get"], { env: machineEnv(BASIC) })),
      );
      for (const run of runs) assertEquals(run.code, 0, run.stderr);
      assertEquals(server.stats.tokenRequests, { client_credentials: 2 });
      const tokens = new Set(runs.map((run) => run.stdout.trim()));
      assertEquals(tokens.size, 1, "every process prints the one new token");
      assert(!tokens.has(stored.accessToken), "the renewed token, not the old one");
      await assertSecretKept(runs, tokenFile);
    }),
);

Deno.test(
  "machine client: a wrong secret is one clear line, exit 1, nothing stored",
  options,
  () =>
    withMachineServer("authgate", async ({ dir, server, tokenFile, machineEnv }) => {
      const wrong = `${dir}/wrong.secret`;
      await Deno.writeTextFile(wrong, "not-the-Secret-71aa");
      const run = await runCliProcess(["token", "get"], {
        env: machineEnv(BASIC, { CLIENT_SECRET_FILE: wrong }),
      });
      assertEquals(run.code, 1);
      assertEquals(run.stdout, "");
      const lines = run.stderr.trim().split("\n");
      assertEquals(lines.length, 2, run.stderr);
      assertEquals(
        lines[0],
        `Error: cannot obtain a token: the server at ${server.issuer} refused client-id ` +
          `"machine-basic" on the client credentials grant (invalid_client: client authentication failed)`,
      );
      assertEquals(
        lines[1],
        "Hint: check CLIENT_ID and CLIENT_SECRET (--client-id, --client-secret, CLIENT_SECRET_FILE): " +
          "the server does not know this client or refused its secret (a public client has no secret).",
      );
      assertExcludes(run.stderr, "not-the-Secret-71aa");
      assertEquals(server.stats.tokenSuccesses, {});
      assertEquals(await Deno.stat(tokenFile).catch(() => undefined), undefined);
    }),
);

for (const layout of ["standard", "authgate"] as const) {
  Deno.test(
    `machine client [${layout}]: the server receives each client's own auth method on every endpoint`,
    options,
    () =>
      withMachineServer(layout, async ({ server, tokenFile, machineEnv }) => {
        const runs: CliRun[] = [];
        for (const client of [BASIC, POST]) {
          // token get (token endpoint), the main flow (introspection), token delete (revocation).
          for (const args of [["token", "get"], [], ["token", "delete"]]) {
            const run = await runCliProcess(args, { env: machineEnv(client) });
            assertEquals(run.code, 0, `${args.join(" ")}: ${run.stderr}`);
            runs.push(run);
          }
        }
        const seen = server.requests.clientAuth.filter((r) => r.clientId.startsWith("machine-"));
        const endpoints = [server.routes.token, server.routes.revocation];
        // The AuthGate layout verifies through tokeninfo (a bearer request), not introspection.
        if (layout === "standard") endpoints.push(server.routes.introspection);
        for (const client of [BASIC, POST]) {
          const mine = seen.filter((r) => r.clientId === client.id);
          assertEquals([...new Set(mine.map((r) => r.method))], [client.authMethod]);
          assertEquals([...new Set(mine.map((r) => r.path))].sort(), [...endpoints].sort());
        }
        await assertSecretKept(runs, tokenFile);
      }),
  );
}

Deno.test(
  "machine client: a client registered for client_secret_post fails with the basic default",
  options,
  () =>
    withMachineServer("standard", async ({ server, machineEnv }) => {
      const run = await runCliProcess(["token", "get"], {
        env: machineEnv(POST, { TOKEN_ENDPOINT_AUTH_METHOD: "auto" }),
      });
      assertEquals(run.code, 1, run.stderr);
      assert(/invalid_client/.test(run.stderr), run.stderr);
      assertEquals(server.requests.clientAuth.map((r) => r.method), ["client_secret_basic"]);
    }),
);

Deno.test(
  "machine client: authgate (the main flow) obtains, then reuses, and says so without a browser",
  options,
  () =>
    withMachineServer("standard", async ({ server, tokenFile, machineEnv }) => {
      const env = { ...machineEnv(BASIC), DISPLAY: ":0" }; // a desktop: still no browser
      const first = await runCliProcess([], { env });
      assertEquals(first.code, 0, first.stderr);
      assertEquals(first.stdout, "");
      const lines = first.stderr.split("\n");
      assertEquals(
        lines[0],
        "Machine client (Client Credentials grant): the token comes from the client's own " +
          "credentials, no browser or device code",
      );
      for (
        const line of [
          "Obtained a token with the client credentials (no person logged in).",
          `  User:           machine client "${BASIC.id}"`,
          "  Refresh token:  (none)",
          "  Verified:       active (introspection)",
        ]
      ) assert(lines.includes(line), `${line}\n${first.stderr}`);
      assert(lines.some((l) => l.startsWith("New token obtained with the client credentials")));
      assertExcludes(first.stderr, "browser flow");
      const stored = await readStoredToken(tokenFile, BASIC.id);
      assertExcludes(first.stderr, stored!.accessToken);

      const again = await runCliProcess([], { env });
      assertEquals(again.code, 0, again.stderr);
      assert(again.stderr.includes("\nUsing the stored token.\n"), again.stderr);
      assertEquals(server.stats.tokenSuccesses, { client_credentials: 1 });
      await assertSecretKept([first, again], tokenFile);
    }),
);
