/**
 * A refresh token is never spent when its successor cannot be stored, and one
 * the server rejected is never sent again: `authgate token get` and
 * `token status` as subprocesses (release permissions) against the rotating
 * dev server (reusing a spent refresh token revokes the whole grant).
 */

import type { AuthServer, AuthServerOptions } from "../../scripts/dev_server/auth_server.ts";
import { FileTokenStore } from "../../src/store/file_store.ts";
import { assert, assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import { approvedLogin, withLoginServer } from "../support/login_fixture.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { readStoredToken, seedToken } from "../support/seed_token.ts";
import { refreshWorks, SERVER_TEST_OPTIONS as options } from "../support/server_fixture.ts";
import { fillDisk, runCliWithFileSizeLimit, withSmallDisk } from "../support/small_disk.ts";

const IN_WINDOW = { REFRESH_THRESHOLD: "2h" }; // tokens live 1 h: always inside the window
const refreshes = (stats: { tokenRequests: Record<string, number> }) =>
  stats.tokenRequests.refresh_token ?? 0;

/** The CLI sent no refresh, and the refresh token still works (this spends it). */
async function assertNeverSent(server: AuthServer, refreshToken: string): Promise<void> {
  assertEquals(refreshes(server.stats), 0);
  assert(await refreshWorks(server, refreshToken), "the refresh token was never spent");
}

function assertNoSecrets(text: string, ...secrets: string[]): void {
  for (const secret of secrets) assertExcludes(text, secret);
  assert(!/\n\s+at /.test(text), "no stack trace");
}

Deno.test(
  "token get does not send the refresh when its result could not be stored",
  options,
  () =>
    withLoginServer({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const before = await Deno.readTextFile(tokenFile);
      // Writes beyond 8-16 KiB fail (EFBIG): the lock file fits, the prepared copy does not.
      const usable = await runCliWithFileSizeLimit(["token", "get"], env(IN_WINDOW));
      assertEquals([usable.code, usable.stdout], [0, seeded.accessToken + "\n"], usable.stderr);
      assertIncludes(
        usable.stderr,
        "Warning: token refresh failed, using existing token: the refresh was not sent, as its result could not be stored: cannot write token file",
      );
      assertNoSecrets(usable.stderr, seeded.accessToken, seeded.refreshToken);
      assertEquals(refreshes(server.stats), 0);
      assertEquals(await Deno.readTextFile(tokenFile), before);

      await new FileTokenStore(tokenFile).withLock(1_000, (locked) =>
        locked.save({ ...seeded, expiresAt: Date.now() - 1_000 }));
      const expired = await runCliWithFileSizeLimit(["token", "get"], env());
      assertEquals([expired.code, expired.stdout], [1, ""], expired.stderr);
      const lines = expired.stderr.trimEnd().split("\n");
      assert(
        lines[0].startsWith(
          "Error: failed to obtain a valid token: the refresh was not sent, as its result could not be stored: cannot write token file",
        ),
        expired.stderr,
      );
      assertEquals(
        lines.slice(1),
        ["Hint: free disk space or make the token file's directory writable, then run the command again."],
      );
      await assertNeverSent(server, seeded.refreshToken);
    }),
);

Deno.test(
  "token get keeps the new token when the disk fills up during the refresh",
  options,
  () =>
    withSmallDisk(async (disk) => {
      const tokenFile = `${disk}/tokens.json`;
      const serverOptions: AuthServerOptions = {
        // The refresh token is rotated; then the disk is full before the answer arrives.
        beforeTokenAnswer: (grant) => grant === "refresh_token" ? fillDisk(disk) : undefined,
      };
      await withLoginServer(serverOptions, async ({ server, env }) => {
        const seeded = await seedToken(server, tokenFile);
        const run = await runCliProcess(["token", "get"], {
          env: env({ ...IN_WINDOW, TOKEN_FILE: tokenFile }),
        });
        assertEquals([run.code, run.stderr], [0, ""]);
        const printed = run.stdout.trim();
        assert(printed !== seeded.accessToken, "a new token is printed");
        const stored = await readStoredToken(tokenFile, server.clientId);
        assertEquals(stored?.accessToken, printed, "and stored, in the space claimed before");
        assertEquals(refreshes(server.stats), 1);
        assert(await refreshWorks(server, stored!.refreshToken), "the stored refresh token works");
      });
    }),
);

Deno.test(
  "token get prints the new token and exits 6 when it cannot be saved after the refresh",
  options,
  async () => {
    let tokenFile = "";
    const serverOptions: AuthServerOptions = {
      // After the rotation, a non-empty directory takes the token file's place: the rename fails.
      beforeTokenAnswer: async (grant) => {
        if (grant !== "refresh_token") return;
        await Deno.remove(tokenFile);
        await Deno.mkdir(`${tokenFile}/in-the-way`, { recursive: true });
      },
    };
    await withLoginServer(serverOptions, async (fixture) => {
      const { server, env } = fixture;
      tokenFile = fixture.tokenFile;
      const seeded = await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "get"], { env: env(IN_WINDOW) });
      assertEquals(run.code, 6, run.stderr);
      const printed = run.stdout.trim();
      assert(printed !== seeded.accessToken, "the new token is printed");
      assertEquals((await server.introspect(printed)).active, true);
      const lines = run.stderr.trimEnd().split("\n");
      assertEquals(lines.length, 2, run.stderr);
      assert(
        lines[0].startsWith(
          `Error: the refreshed token could not be saved: cannot write token file ${tokenFile}: `,
        ),
        run.stderr,
      );
      assert(
        /^Hint: the new token works until \S+Z, but the stored refresh token is spent: fix the token file, then run 'authgate' to log in again\.$/
          .test(lines[1]),
        lines[1],
      );
      assertNoSecrets(run.stderr, printed, seeded.accessToken, seeded.refreshToken);
    });
  },
);

Deno.test(
  "a refresh token the server rejected is marked, never sent again, shown, and cleared by a login",
  options,
  () =>
    withLoginServer({ deviceInterval: 1 }, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      // Spent twice outside the CLI: the rotating server revokes the whole grant.
      assert(await refreshWorks(server, seeded.refreshToken));
      assert(!(await refreshWorks(server, seeded.refreshToken)));
      const spent = refreshes(server.stats);

      const first = await runCliProcess(["token", "get"], { env: env(IN_WINDOW) });
      assertEquals([first.code, first.stdout], [0, seeded.accessToken + "\n"], first.stderr);
      assertIncludes(first.stderr, "Warning: token refresh failed, using existing token: ");
      assertIncludes(first.stderr, "invalid_grant");
      assertEquals(refreshes(server.stats), spent + 1);
      const entry = JSON.parse(
        JSON.parse(await Deno.readTextFile(tokenFile)).data[server.clientId],
      );
      // The Go client's fields are as they were; the mark is one more field, which it ignores.
      assertEquals(Object.keys(entry), [
        "access_token",
        "refresh_token",
        "token_type",
        "scope",
        "id_token",
        "expires_at",
        "client_id",
        "refresh_token_rejected_at",
      ]);
      assertEquals(entry.refresh_token, seeded.refreshToken);
      const rejectedAt = entry.refresh_token_rejected_at;

      const again = await runCliProcess(["token", "get"], { env: env(IN_WINDOW) });
      assertEquals([again.code, again.stdout], [0, seeded.accessToken + "\n"]);
      assertEquals(
        again.stderr,
        `Warning: the server rejected the stored refresh token at ${rejectedAt}; using the existing token until it expires at ${
          new Date(seeded.expiresAt).toISOString()
        }: run 'authgate' to log in again\n`,
      );
      const loginNeeded = "Error: stored token can no longer be refreshed: " +
        `the server rejected its refresh token at ${rejectedAt}\n` +
        "Hint: run 'authgate' to re-authenticate.\n";
      for (const flags of [["--force-refresh"], ["--min-valid", "2h"]]) {
        const run = await runCliProcess(["token", "get", ...flags], { env: env() });
        assertEquals(run, { code: 4, stdout: "", stderr: loginNeeded }, flags.join(" "));
      }
      assertEquals(
        refreshes(server.stats),
        spent + 1,
        "the rejected refresh token was never sent again",
      );

      const text = await runCliProcess(["token", "status"], {
        env: env(),
        denoFlags: ["--deny-net"],
      });
      assertEquals(text.code, 0, text.stderr);
      assertIncludes(
        text.stdout,
        `refresh token:  stored, rejected by the server at ${rejectedAt} (never sent again)\n`,
      );
      const json = await runCliProcess(["token", "status", "--json"], { env: env() });
      const facts = JSON.parse(json.stdout);
      assertEquals([facts.refresh_token_rejected, facts.refresh_token_rejected_at], [
        true,
        rejectedAt,
      ]);

      // `authgate` logs in at once (the refresh token is dead), and the new entry has no mark.
      const login = await approvedLogin(server, ["--device"], env());
      assertIncludes(
        login.stderr,
        `the server rejected its refresh token at ${rejectedAt}; logging in.`,
      );
      const status = JSON.parse(
        (await runCliProcess(["token", "status", "--json"], { env: env() })).stdout,
      );
      assertEquals(status.refresh_token_rejected, false);
      const fresh = await runCliProcess(["token", "get", "--force-refresh"], { env: env() });
      assertEquals([fresh.code, fresh.stderr], [0, ""]);
      assertEquals(refreshes(server.stats), spent + 2);
    }),
);

Deno.test(
  "an expired token whose refresh token was rejected asks for a login without a request",
  options,
  () =>
    withLoginServer({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const rejectedAt = Date.now() - 60_000;
      await new FileTokenStore(tokenFile).withLock(1_000, (locked) =>
        locked.save({ ...seeded, expiresAt: Date.now() - 1_000, refreshRejectedAt: rejectedAt }));
      const run = await runCliProcess(["token", "get"], { env: env() });
      assertEquals(run.code, 4, run.stderr);
      assertIncludes(
        run.stderr,
        `Error: stored token can no longer be refreshed: the server rejected its refresh token at ${
          new Date(rejectedAt).toISOString()
        }\n`,
      );
      await assertNeverSent(server, seeded.refreshToken);
    }),
);

Deno.test(
  "token get writes back everything but the refreshed entry byte-for-byte",
  options,
  () =>
    withLoginServer({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const mine = JSON.parse(await Deno.readTextFile(tokenFile)).data[server.clientId];
      const others = ',\n "other" :"{\\"access_token\\":\\"\\u003c\\u0026\\u003e\\"}"';
      // A big integer JSON.parse would round, odd spacing, Go's \u escapes, a key after data.
      const before = `{"serial": 12345678901234567890123,"data": {\n  ${
        JSON.stringify(server.clientId)
      }: ${JSON.stringify(mine)}${others}},\n"z": [1.0, 1e3, -0] }\n`;
      await Deno.writeTextFile(tokenFile, before);
      const run = await runCliProcess(["token", "get"], { env: env(IN_WINDOW) });
      assertEquals(run.code, 0, run.stderr);
      const after = await Deno.readTextFile(tokenFile);
      const newEntry = JSON.parse(after).data[server.clientId];
      assert(newEntry !== mine && JSON.parse(newEntry).access_token === run.stdout.trim());
      assertEquals(after, before.replace(JSON.stringify(mine), JSON.stringify(newEntry)));
      assert(seeded.refreshToken !== JSON.parse(newEntry).refresh_token, "rotated");
    }),
);
