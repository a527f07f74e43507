/**
 * `deno task demo [--interactive]`: the main job end to end on a fresh clone,
 * with nothing else running. Starts a local authorization server
 * (oidc-provider in AuthGate's layout, on 127.0.0.1), then runs the real CLI
 * against it as a subprocess with the release permission set:
 *
 * 1. `authgate --device`: the device flow. The demo approves the code itself
 *    (it walks the server's login and consent pages) once the CLI has printed
 *    it; with `--interactive` you approve it in a browser (any login works).
 * 2. `authgate token get`: the stored token, no network.
 * 3. `authgate token get` with REFRESH_THRESHOLD above the token's lifetime: a
 *    proactive refresh.
 * 4. `authgate token get --json`.
 * 5. A machine client (Client Credentials, its secret in CLIENT_SECRET_FILE):
 *    `authgate token get --grant client_credentials` gets a token with no
 *    person, the same command again reuses it, and `authgate` (the main flow)
 *    reports it instead of opening a browser.
 *
 * Tokens come from a throwaway server, but the demo masks them anyway.
 * @module
 */

import { type AuthServer, MACHINE_SCOPE, startAuthServer } from "./dev_server/auth_server.ts";
import { cliRunArgs } from "./permissions.ts";
import { maskToken } from "../src/ui/mask.ts";

const VERIFICATION_URL = /open this URL in a browser on any device:\n\s+(\S+)/;

/** Variables passed from the demo's environment to the CLI (output style, Deno's cache). */
const PASS_THROUGH = ["HOME", "DENO_DIR", "TERM", "NO_COLOR", "CI", "GITHUB_ACTIONS", "GITLAB_CI"];

/** The demo's machine client (its secret is generated per run). */
const MACHINE_CLIENT_ID = "demo-machine";

interface Step {
  code: number;
  stdout: string;
  stderr: string;
}

function say(text: string): void {
  const plain = (Deno.env.get("NO_COLOR") ?? "") !== "" || !Deno.stderr.isTerminal();
  console.error(plain ? `\n${text}` : `\n\x1b[1m${text}\x1b[0m`);
}

function cliCommand(args: string[], env: Record<string, string>, interactive: boolean) {
  return new Deno.Command(Deno.execPath(), {
    args: cliRunArgs(args),
    clearEnv: true,
    env,
    stdin: interactive ? "inherit" : "null",
    stdout: "piped",
    stderr: interactive ? "inherit" : "piped",
  });
}

/** Runs a CLI command, echoing its stderr; returns its output. */
async function run(
  args: string[],
  env: Record<string, string>,
  show = ["REFRESH_THRESHOLD"],
): Promise<Step> {
  const shown = Object.entries(env).filter(([name]) => show.includes(name))
    .map(([name, value]) => `${name}=${value} `).join("");
  say(`$ ${shown}authgate ${args.join(" ")}`);
  const output = await cliCommand(args, env, false).output();
  const stderr = new TextDecoder().decode(output.stderr);
  Deno.stderr.writeSync(output.stderr);
  return { code: output.code, stdout: new TextDecoder().decode(output.stdout), stderr };
}

/** Runs `authgate --device` and approves the code it prints (unless interactive). */
async function login(
  server: AuthServer,
  env: Record<string, string>,
  interactive: boolean,
): Promise<number> {
  say("$ authgate --device");
  const child = cliCommand(["--device"], env, interactive).spawn();
  const stdout = new Response(child.stdout).text();
  if (!interactive) {
    let seen = "";
    let approved = false;
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
      Deno.stderr.writeSync(new TextEncoder().encode(text));
      seen += text;
      const match = seen.match(VERIFICATION_URL);
      if (match && !approved && seen.includes("Waiting for approval")) {
        approved = true;
        console.error("   [demo] approving the code as test-user through the server's pages");
        await server.approveDevice(match[1]);
      }
    }
  }
  const status = await child.status;
  await stdout;
  return status.code;
}

/** Step 5: a machine client gets, reuses and reports a token with no person involved. */
async function machineClient(
  server: AuthServer,
  common: Record<string, string>,
  secretFile: string,
  secret: string,
): Promise<void> {
  say("A machine client (Client Credentials): no person, its secret in a file");
  await Deno.writeTextFile(secretFile, secret + "\n", { mode: 0o600 });
  const env = {
    ...common,
    CLIENT_ID: MACHINE_CLIENT_ID,
    CLIENT_SECRET_FILE: secretFile,
    SCOPE: MACHINE_SCOPE,
  };
  const show = ["CLIENT_ID", "CLIENT_SECRET_FILE", "SCOPE"];
  const grants = () => server.stats.tokenSuccesses.client_credentials ?? 0;
  const outputs: string[] = [];
  for (const round of ["a new token", "the stored token again"]) {
    const step = await run(["token", "get", "--grant", "client_credentials"], env, show);
    if (step.code !== 0) fail("the machine client's token get failed");
    outputs.push(step.stdout.trim());
    console.error(
      `(stdout: ${maskToken(step.stdout.trim())}, ${round}; ` +
        `client_credentials grants at the server: ${grants()})`,
    );
  }
  if (outputs[0] !== outputs[1] || grants() !== 1) fail("the machine token was not reused");
  const main = await run(["--grant", "client_credentials"], env, show);
  if (main.code !== 0) fail("the machine client's main flow failed");
  if ([outputs[0], secret].some((text) => main.stderr.includes(text))) {
    fail("the main flow printed a token or the secret");
  }
}

function fail(message: string): never {
  console.error(`demo: ${message}`);
  Deno.exit(1);
}

async function main(): Promise<void> {
  // Ctrl-C reaches the CLI from the terminal; the demo waits for it, then cleans up.
  Deno.addSignalListener("SIGINT", () => {});
  const interactive = Deno.args.includes("--interactive");
  const unknown = Deno.args.filter((arg) => arg !== "--interactive");
  if (unknown.length > 0) {
    console.error(`demo: unknown argument ${unknown[0]}\nusage: deno task demo [--interactive]`);
    Deno.exit(2);
  }

  const machineSecret = crypto.randomUUID();
  const server = await startAuthServer({
    layout: "authgate",
    accessTokenTtl: 3600,
    deviceInterval: interactive ? 5 : 1,
    machineClients: [{ id: MACHINE_CLIENT_ID, secret: machineSecret }],
  });
  const dir = await Deno.makeTempDir({ prefix: "authgate-demo-" });
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    SERVER_URL: server.issuer,
    CLIENT_ID: server.clientId,
    TOKEN_FILE: `${dir}/tokens.json`,
    TOKEN_STORE: "file",
    SCOPE: "openid email profile",
  };
  for (const name of PASS_THROUGH) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  say(`Local authorization server (oidc-provider, AuthGate layout): ${server.issuer}`);
  console.error(`Token file: ${env.TOKEN_FILE}`);
  if (interactive) {
    console.error(
      "Open the URL the CLI prints in a browser on this machine; any login and password work.",
    );
  }

  try {
    if (await login(server, env, interactive) !== 0) fail("the login failed");

    const stored = await run(["token", "get"], env);
    if (stored.code !== 0) fail("token get failed");
    console.error(
      `(stdout: a ${stored.stdout.trim().length}-character token, masked: ${
        maskToken(stored.stdout.trim())
      })`,
    );

    const refreshed = await run(["token", "get"], { ...env, REFRESH_THRESHOLD: "2h" });
    if (refreshed.code !== 0) fail("the proactive refresh failed");
    const changed = refreshed.stdout.trim() !== stored.stdout.trim();
    console.error(
      `(stdout: ${maskToken(refreshed.stdout.trim())}; ${
        changed ? "a new token: the 1 h token was inside the 2 h window" : "NOT refreshed"
      }; refresh grants at the server: ${server.stats.tokenSuccesses.refresh_token ?? 0})`,
    );
    if (!changed) fail("token get did not refresh inside the window");

    const json = await run(["token", "get", "--json"], env);
    if (json.code !== 0) fail("token get --json failed");
    const fields = JSON.parse(json.stdout);
    console.error(
      JSON.stringify({ ...fields, access_token: maskToken(fields.access_token) }, null, 2),
    );

    await machineClient(server, env, `${dir}/machine-secret`, machineSecret);
    say("Demo complete.");
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
