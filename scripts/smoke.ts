/**
 * The smoke test of a built CLI: runs the command it is given against a dev
 * authorization server it starts itself, and checks what a release binary must
 * do on its own OS.
 *
 * ```
 * deno run -A scripts/smoke.ts [--] COMMAND [ARGS...]
 * deno run -A scripts/smoke.ts -- ./dist/x86_64-unknown-linux-gnu/authgate
 * deno run -A scripts/smoke.ts -- deno run <release flags> src/main.ts
 * ```
 *
 * The CLI's arguments are appended to COMMAND. Every run gets a clean
 * environment (PATH, Windows' SystemRoot, DENO_DIR for a `deno run` command,
 * a temporary HOME and APPDATA, NO_COLOR, the server, client and a token file
 * of the temporary folder, `TOKEN_STORE=file`), a temporary working directory
 * and closed stdin. Each step prints `PASS <step>: ...` or `FAIL <step>: ...`
 * on stdout; the exit code is 0 when every step passed, 1 otherwise, 2 for a
 * usage error. Only Deno APIs: it runs on Linux, macOS and Windows alike.
 * @module
 */

import { join } from "node:path";
import { type AuthServer, startAuthServer } from "./dev_server/auth_server.ts";
import { type CommandUnderTest, parseCommand, runCommand } from "./smoke/command.ts";
import { SMOKE_STEPS, type SmokeContext, StepFailure } from "./smoke/steps.ts";

const USAGE = "usage: deno run -A scripts/smoke.ts [--] COMMAND [ARGS...]";

/** Time limit of one CLI run (a hang guard: every run takes well under a second but the login). */
const RUN_LIMIT_MS = 60_000;

/** Variables of this process the CLI's environment keeps, where they are set. */
const PASS_THROUGH = ["PATH", "SystemRoot"];

/** Where this Deno keeps its module cache: a `deno run` command needs it, a binary ignores it. */
async function denoDir(): Promise<string | undefined> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  if (!output.success) return undefined;
  return (JSON.parse(new TextDecoder().decode(output.stdout)) as { denoDir?: string }).denoDir;
}

/** A loopback URL nobody listens on (its port was free a moment ago). */
function closedLoopbackUrl(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return `http://127.0.0.1:${port}`;
}

/** The CLI's whole environment: nothing of this process's but {@linkcode PASS_THROUGH}. */
async function cliEnvironment(dir: string, server: AuthServer): Promise<Record<string, string>> {
  const home = join(dir, "home");
  await Deno.mkdir(home);
  const cache = Deno.env.get("DENO_DIR") ?? await denoDir();
  const env: Record<string, string> = {
    HOME: home,
    APPDATA: join(home, "AppData"),
    NO_COLOR: "1",
    SERVER_URL: server.issuer,
    CLIENT_ID: server.clientId,
    SCOPE: "openid email profile",
    TOKEN_STORE: "file",
    ...(cache ? { DENO_DIR: cache } : {}),
  };
  for (const name of PASS_THROUGH) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** A step's failure as one line: its own message, or an unexpected error with its name. */
function failureReason(error: unknown): string {
  if (error instanceof StepFailure) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function readVersion(): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  return String(config.version);
}

/**
 * Runs every step against `command`, printing one PASS/FAIL line per step.
 *
 * @param command The command under test.
 * @returns How many steps failed.
 */
export async function runSmoke(command: CommandUnderTest): Promise<number> {
  const server = await startAuthServer({ layout: "authgate", deviceInterval: 1 });
  const dir = await Deno.makeTempDir({ prefix: "authgate-smoke-" });
  try {
    const work = join(dir, "work");
    await Deno.mkdir(work);
    const base = await cliEnvironment(dir, server);
    const context: SmokeContext = {
      server,
      version: await readVersion(),
      cli: (args, env = {}, onStderr) =>
        runCommand(command, args, {
          env: { ...base, ...env },
          cwd: work,
          timeoutMs: RUN_LIMIT_MS,
          onStderr,
        }),
      tokenFile: (name) => join(dir, name),
      closedUrl: closedLoopbackUrl(),
      loginFile: join(dir, "login.json"),
    };
    let failed = 0;
    for (const step of SMOKE_STEPS) {
      try {
        console.log(`PASS ${step.name}: ${await step.run(context)}`);
      } catch (error) {
        failed++;
        console.log(`FAIL ${step.name}: ${failureReason(error)}`);
      }
    }
    console.log(
      `smoke: ${SMOKE_STEPS.length - failed} passed, ${failed} failed (${command.program})`,
    );
    return failed;
  } finally {
    await server.stop();
    // A leftover temp folder is not the CLI's failure: say so, keep the verdict.
    await Deno.remove(dir, { recursive: true }).catch((error) =>
      console.error(`smoke: could not remove ${dir}: ${error}`)
    );
  }
}

if (import.meta.main) {
  const words = Deno.args[0] === "--" ? Deno.args.slice(1) : Deno.args;
  const command = parseCommand(words);
  if (!command) {
    console.error(`smoke: no command to test\n${USAGE}`);
    Deno.exit(2);
  }
  try {
    Deno.exit(await runSmoke(command) === 0 ? 0 : 1);
  } catch (error) {
    // The steps report their own failures; this is the harness (dev server, temp folder).
    console.error(`smoke: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
