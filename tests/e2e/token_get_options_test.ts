/**
 * `authgate token get`'s formats and options as a subprocess against the real
 * authorization server: --format, --min-valid, --force-refresh, --offline and
 * extra claims on the refresh request.
 */

import { assert, assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { readStoredToken, seedToken } from "../support/seed_token.ts";
import { SERVER_TEST_OPTIONS as options, withServerFixture } from "../support/server_fixture.ts";

Deno.test(
  "token get prints every format of a fresh token without the network",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env: fixtureEnv }) => {
      const env = fixtureEnv();
      const seeded = await seedToken(server, tokenFile);
      const get = (...args: string[]) =>
        runCliProcess(["token", "get", ...args], { env, denoFlags: ["--deny-net"] });
      const outputs: Record<string, string> = {};
      for (
        const args of [[], ["--json"], ["--format=header"], ["--format", "env"], [
          "--format",
          "exec-credential",
        ]]
      ) {
        const run = await get(...args);
        assertEquals([run.code, run.stderr], [0, ""], args.join(" "));
        assertExcludes(run.stdout, seeded.refreshToken);
        outputs[args.join(" ")] = run.stdout;
      }
      assertEquals(outputs[""], seeded.accessToken + "\n");
      assertEquals(JSON.parse(outputs["--json"]).access_token, seeded.accessToken);
      assertEquals(outputs["--format=header"], `Authorization: Bearer ${seeded.accessToken}\n`);
      assertIncludes(
        outputs["--format env"],
        `export AUTHGATE_ACCESS_TOKEN='${seeded.accessToken}'\n`,
      );
      const credential = JSON.parse(outputs["--format exec-credential"]);
      assertEquals(credential.apiVersion, "client.authentication.k8s.io/v1");
      assertEquals(credential.kind, "ExecCredential");
      assertEquals(credential.status.token, seeded.accessToken);
      assertEquals(
        Date.parse(credential.status.expirationTimestamp),
        Math.floor(seeded.expiresAt / 1000) * 1000,
      );
      assertEquals(server.stats.tokenRequests.refresh_token, undefined);
    }),
);

Deno.test(
  "token get --min-valid refreshes a token that expires too soon for the caller",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env: fixtureEnv }) => {
      const env = fixtureEnv();
      const seeded = await seedToken(server, tokenFile); // lives 1 h
      const enough = await runCliProcess(["token", "get", "--min-valid", "30m"], { env });
      assertEquals([enough.code, enough.stdout, enough.stderr], [0, seeded.accessToken + "\n", ""]);
      assertEquals(server.stats.tokenRequests.refresh_token, undefined);

      const longer = await runCliProcess(["token", "get", "--min-valid=2h"], { env });
      assertEquals(longer.code, 0, longer.stderr);
      assert(longer.stdout.trim() !== seeded.accessToken, "refreshed");
      assertEquals(server.stats.tokenRequests.refresh_token, 1);
      assertEquals((await server.introspect(longer.stdout.trim())).active, true);
      // The server issues 1 h tokens: the caller learns that 2 h cannot be had.
      assertIncludes(longer.stderr, "Warning: the token is valid for ");
      assertIncludes(longer.stderr, "less than --min-valid 2h");
    }),
);

Deno.test(
  "token get --force-refresh refreshes a fresh token",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env: fixtureEnv }) => {
      const env = fixtureEnv();
      const seeded = await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "get", "--force-refresh"], { env });
      assertEquals([run.code, run.stderr], [0, ""]);
      assert(run.stdout.trim() !== seeded.accessToken);
      assertEquals(server.stats.tokenSuccesses.refresh_token, 1);
      assertEquals(
        (await readStoredToken(tokenFile, server.clientId))?.accessToken,
        run.stdout.trim(),
      );
    }),
);

Deno.test(
  "token get --offline exits 5 when a refresh is due, and 0 while fresh",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env: fixtureEnv }) => {
      const env = fixtureEnv();
      const seeded = await seedToken(server, tokenFile);
      const before = await Deno.readTextFile(tokenFile);
      const due = await runCliProcess(["token", "get", "--offline"], {
        env: { ...env, REFRESH_THRESHOLD: "2h" },
        denoFlags: ["--deny-net"],
      });
      assertEquals(due.code, 5);
      assertEquals(due.stdout, "");
      assertIncludes(
        due.stderr,
        "Error: the token needs a refresh, but --offline forbids network access\n",
      );
      assertEquals(server.stats.tokenRequests.refresh_token, undefined);
      assertEquals(await Deno.readTextFile(tokenFile), before);

      const fresh = await runCliProcess(["token", "get", "--offline"], {
        env,
        denoFlags: ["--deny-net"],
      });
      assertEquals([fresh.code, fresh.stdout], [0, seeded.accessToken + "\n"]);
    }),
);

Deno.test(
  "token get sends extra claims on the refresh request, flags over file, never stored",
  options,
  () =>
    withServerFixture({}, async ({ server, dir, tokenFile, env: fixtureEnv }) => {
      const env = fixtureEnv();
      await seedToken(server, tokenFile);
      await Deno.writeTextFile(`${dir}/claims.env`, "tenant=from-file\nlevel=1\nteam=core\n");
      const run = await runCliProcess([
        "token",
        "get",
        "--force-refresh",
        "--extra-claims-file",
        "claims.env",
        "--extra-claims",
        "tenant=acme",
        "--extra-claims=uid=12345678901234567890",
        "--extra-claims",
        'roles=["admin","dev"]',
      ], { env, cwd: dir });
      assertEquals([run.code, run.stderr], [0, ""]);
      const refresh = server.requests.token.filter((form) => form.grant_type === "refresh_token");
      assertEquals(refresh.length, 1);
      assertEquals(
        refresh[0].extra_claims,
        '{"tenant":"acme","level":1,"team":"core","uid":12345678901234567890,"roles":["admin","dev"]}',
      );
      const stored = await Deno.readTextFile(tokenFile);
      for (const word of ["extra_claims", "acme", "12345678901234567890"]) {
        assertExcludes(stored, word);
      }
    }),
);

Deno.test(
  "token get without extra claims sends no extra_claims field",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env: fixtureEnv }) => {
      const env = fixtureEnv();
      await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "get", "--force-refresh"], { env });
      assertEquals(run.code, 0, run.stderr);
      const refresh = server.requests.token.filter((form) => form.grant_type === "refresh_token");
      assertEquals(refresh.length, 1);
      assertEquals("extra_claims" in refresh[0], false);
    }),
);

Deno.test(
  "token get reports a bad extra claims file by line, before any request",
  options,
  () =>
    withServerFixture({}, async ({ server, dir, tokenFile, env: fixtureEnv }) => {
      const env = fixtureEnv();
      await seedToken(server, tokenFile);
      await Deno.writeTextFile(`${dir}/claims.env`, "ok=1\nbroken line\n");
      const run = await runCliProcess(
        ["token", "get", "--force-refresh", "--extra-claims-file", `${dir}/claims.env`],
        { env },
      );
      assertEquals(run.code, 2);
      assertEquals(
        run.stderr,
        `Error: invalid --extra-claims-file ${dir}/claims.env: line 2: expected KEY=value\n`,
      );
      assertEquals(server.requests.token.filter((f) => f.grant_type === "refresh_token").length, 0);
    }),
);
