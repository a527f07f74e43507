/**
 * README's CI-job recipe for a machine client, run from source as a scratch
 * container runs the binary: `env -i` with only SERVER_URL, CLIENT_ID,
 * CLIENT_SECRET_FILE and TOKEN_FILE (no HOME, no PATH), then the fresh token
 * again inside a network namespace with no network; and `TOKEN_STORE=memory`
 * where no file is writable. Secret errors are one line without the secret.
 */

import type { ConfidentialClient } from "../../scripts/dev_server/auth_server.ts";
import { assert, assertEquals, assertExcludes } from "../support/assert.ts";
import { runCliBare, unshareNetArgs } from "../support/cli_env.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { listDir } from "../support/temp_dir.ts";
import { SERVER_TEST_OPTIONS, withServerFixture } from "../support/server_fixture.ts";

const MACHINE: ConfidentialClient = { id: "ci-job", secret: "ci-Secret-0b7e44" };
const UNSHARE = unshareNetArgs();
const HAS_ENV = Deno.build.os !== "windows";
const options = { ...SERVER_TEST_OPTIONS, ignore: !HAS_ENV };

function withMachine(body: (env: Record<string, string>, dir: string) => Promise<void>) {
  return withServerFixture({ layout: "authgate", machineClients: [MACHINE] }, async (f) => {
    const secretFile = `${f.dir}/client-secret`;
    await Deno.writeTextFile(secretFile, `${MACHINE.secret}\n`);
    await body({
      SERVER_URL: f.server.issuer,
      CLIENT_ID: MACHINE.id,
      CLIENT_SECRET_FILE: secretFile,
    }, f.dir);
  });
}

Deno.test(
  "machine recipe: only SERVER_URL, CLIENT_ID, CLIENT_SECRET_FILE and TOKEN_FILE, then no network",
  options,
  () =>
    withMachine(async (env, dir) => {
      const args = ["token", "get", "--grant", "client_credentials"];
      const recipe = { ...env, TOKEN_FILE: `${dir}/data/tokens.json` };
      const first = await runCliBare(args, { env: recipe, cwd: dir });
      assertEquals(first.code, 0, first.stderr);
      // TOKEN_STORE auto, and a scratch image has no keyring: the first write says so, once.
      assertEquals(
        first.stderr.replace(/^Warning: OS keyring unavailable, falling back to .*\n/, ""),
        "",
      );
      assert(first.stdout.trim().length > 0);
      const file = await Deno.readTextFile(recipe.TOKEN_FILE);
      assertExcludes(file, MACHINE.secret);
      assertExcludes(first.stdout, MACHINE.secret);
      if (UNSHARE === undefined) return;
      const offline = await runCliBare(args, { env: recipe, cwd: dir, unshare: UNSHARE });
      assertEquals(offline, { code: 0, stdout: first.stdout, stderr: "" });
    }),
);

Deno.test(
  "machine recipe: TOKEN_STORE=memory needs no file and writes none",
  options,
  () =>
    withMachine(async (env, dir) => {
      const work = `${dir}/readonly`;
      await Deno.mkdir(work, { mode: 0o555 });
      const before = await listDir(dir);
      const runs = [];
      for (let i = 0; i < 2; i++) {
        runs.push(
          await runCliBare(["token", "get", "--grant", "client_credentials"], {
            env: { ...env, TOKEN_STORE: "memory" },
            cwd: work,
          }),
        );
      }
      for (const run of runs) assertEquals([run.code, run.stderr], [0, ""]);
      assert(runs[0].stdout !== runs[1].stdout, "each run requests its own token");
      assertEquals(await listDir(dir), before);
    }),
);

Deno.test(
  "machine client: an unreadable CLIENT_SECRET_FILE is one line (exit 2), and no request",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture({ machineClients: [MACHINE] }, async ({ server, dir, env }) => {
      const run = await runCliProcess(["token", "get"], {
        env: env({
          CLIENT_ID: MACHINE.id,
          CLIENT_SECRET_FILE: `${dir}/nope`,
          GRANT_TYPE: "client_credentials",
        }),
      });
      assertEquals(run, {
        code: 2,
        stdout: "",
        stderr: `Error: cannot read CLIENT_SECRET_FILE "${dir}/nope": no such file\n`,
      });
      assertEquals(server.stats.tokenRequests, {});
    }),
);

Deno.test(
  "machine client: --client-secret on the command line warns, even on the fresh path",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture({ machineClients: [MACHINE] }, async ({ env }) => {
      const machine = env({ CLIENT_ID: MACHINE.id, GRANT_TYPE: "client_credentials" });
      const warning = "Warning: --client-secret is visible to other processes (ps); " +
        "use CLIENT_SECRET_FILE or the CLIENT_SECRET variable instead\n";
      for (let i = 0; i < 2; i++) {
        const run = await runCliProcess(["token", "get", "--client-secret", MACHINE.secret], {
          env: machine,
        });
        assertEquals(run.code, 0, run.stderr);
        assertEquals(run.stderr, warning);
      }
    }),
);

Deno.test(
  "machine client: without a secret it is a usage error naming CLIENT_SECRET_FILE",
  SERVER_TEST_OPTIONS,
  () =>
    withServerFixture({ machineClients: [MACHINE] }, async ({ env }) => {
      const run = await runCliProcess(["token", "get", "--grant", "client_credentials"], {
        env: env({ CLIENT_ID: MACHINE.id }),
      });
      assertEquals(run, {
        code: 2,
        stdout: "",
        stderr: "Error: GRANT_TYPE=client_credentials needs the client's secret\n" +
          "Hint: set CLIENT_SECRET_FILE (or CLIENT_SECRET) to the machine client's secret\n",
      });
    }),
);
