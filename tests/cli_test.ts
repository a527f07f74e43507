import { reportError, resolveCommand, runCli } from "../src/cli.ts";
import type { CommandContext, CommandDefinition, CommandTable } from "../src/config/command.ts";
import { COMMAND_TABLE } from "../src/commands/registry.ts";
import type { Deps } from "../src/deps.ts";
import { TokenStoreError } from "../src/store/token_store.ts";
import { encodeStoredToken, type StoredToken } from "../src/token/stored_token.ts";
import { UsageError } from "../src/errors.ts";
import {
  assert,
  assertEquals,
  assertExcludes,
  assertIncludes,
  assertThrows,
} from "./support/assert.ts";
import { runInProcess } from "./support/captured_deps.ts";
import { withTempDir } from "./support/temp_dir.ts";
import { makeToken, MINUTE, T0 } from "./support/tokens.ts";

const ACCESS = "eyJhbGciOiJSUzI1NiJ9.SECRET-ACCESS-PAYLOAD.sig";
const REFRESH = "SECRET-REFRESH-TOKEN-value";
const SERVER = "http://localhost:8080";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  requests: string[];
}

interface Setup {
  /** The token stored for client-a, if any. */
  token?: StoredToken;
  /** Raw token file text (overrides `token`). */
  fileText?: string;
  env?: Record<string, string>;
  dotenv?: string;
  /** `$HOME/.config/authgate/config.env`. */
  userConfig?: string;
  /** Answers HTTP requests; by default every request fails like a refused connection. */
  fetch?: (url: string, init?: RequestInit) => Response | Promise<Response>;
}

function tokenFileText(token: StoredToken): string {
  return JSON.stringify({ data: { [token.clientId]: encodeStoredToken(token) } });
}

/** Runs `authgate <argv>` in-process with fake deps in a temporary working directory. */
function cli(argv: string[], setup: Setup = {}): Promise<Run & { file: string; dir: string }> {
  return withTempDir(async (dir) => {
    const file = `${dir}/tokens.json`;
    const text = setup.fileText ?? (setup.token && tokenFileText(setup.token));
    // 0600, as the Go client and authgate write it (a readable file is narrowed with a warning).
    if (text !== undefined) await Deno.writeTextFile(file, text, { mode: 0o600 });
    if (setup.dotenv !== undefined) await Deno.writeTextFile(`${dir}/.env`, setup.dotenv);
    if (setup.userConfig !== undefined) {
      await Deno.mkdir(`${dir}/.config/authgate`, { recursive: true });
      await Deno.writeTextFile(`${dir}/.config/authgate/config.env`, setup.userConfig);
    }
    const env: Record<string, string> = {
      SERVER_URL: SERVER,
      CLIENT_ID: "client-a",
      TOKEN_FILE: file,
      // The plain file explicitly: auto mode would add the keyring fallback warning to every
      // write here (tests/e2e/keyring_fallback_test.ts covers that).
      TOKEN_STORE: "file",
      HOME: dir,
      ...setup.env,
    };
    let stdout = "";
    let stderr = "";
    const requests: string[] = [];
    const deps: Deps = {
      now: () => T0,
      env: (name) => Object.hasOwn(env, name) ? env[name] : undefined,
      cwd: dir,
      os: "linux",
      stdout: { write: (t) => void (stdout += t) },
      stderr: { write: (t) => void (stderr += t) },
      terminal: { stdin: false, stdout: false, stderr: false },
      fetch: async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        requests.push(`${init?.method ?? "GET"} ${url}`);
        if (!setup.fetch) throw new TypeError("error sending request: Connection refused");
        return await setup.fetch(url, init);
      },
    };
    const code = await runCli(argv, deps);
    const after = await Deno.readTextFile(file).catch(() => "");
    return { code, stdout, stderr, requests, file: after, dir };
  });
}

/** A fake AuthGate server: discovery, and a token endpoint answering `token`. */
function fakeServer(token: (body: URLSearchParams) => Response) {
  return async (url: string, init?: RequestInit) => {
    if (url === `${SERVER}/.well-known/openid-configuration`) {
      return Response.json({
        issuer: SERVER,
        authorization_endpoint: `${SERVER}/oauth/authorize`,
        token_endpoint: `${SERVER}/oauth/token`,
      });
    }
    if (url === `${SERVER}/oauth/token`) {
      return token(new URLSearchParams(await new Response(init?.body).text()));
    }
    return new Response("not found", { status: 404 });
  };
}

function assertCleanStderr(stderr: string): void {
  for (const line of stderr.split("\n").filter((l) => l !== "")) {
    assert(/^(Error|Hint|Warning): /.test(line), `unexpected stderr line: ${line}`);
  }
  assertExcludes(stderr, ACCESS);
  assertExcludes(stderr, REFRESH);
  assertExcludes(stderr, "SECRET");
  assertExcludes(stderr, "    at ");
}

const FRESH = makeToken({ accessToken: ACCESS, refreshToken: REFRESH });
const IN_WINDOW = { ...FRESH, expiresAt: T0 + 2 * MINUTE };
const EXPIRED = { ...FRESH, expiresAt: T0 - MINUTE };

Deno.test("runCli() token get prints a fresh token and a newline, nothing on stderr", async () => {
  const run = await cli(["token", "get"], { token: FRESH });
  assertEquals({ code: run.code, stdout: run.stdout, stderr: run.stderr }, {
    code: 0,
    stdout: `${ACCESS}\n`,
    stderr: "",
  });
  assertEquals(run.requests, []);
  assertEquals(run.file, tokenFileText(FRESH));
});

Deno.test("runCli() token get on a fresh token ignores a bad server URL and sends nothing", async () => {
  const run = await cli(["token", "get"], {
    token: FRESH,
    env: { SERVER_URL: "ftp://nowhere", REFRESH_TOKEN_TIMEOUT: "nonsense" },
  });
  assertEquals([run.code, run.stdout, run.stderr], [0, `${ACCESS}\n`, ""]);
  assertEquals(run.requests, []);
});

Deno.test("runCli() token get reads settings from the user's config.env, never the client from .env", async () => {
  const token = makeToken({ clientId: "mine", accessToken: ACCESS });
  const run = await cli(["token", "get"], {
    token,
    env: { CLIENT_ID: "", XDG_CONFIG_HOME: "" },
    dotenv: "CLIENT_ID=from-dotenv\n",
    userConfig: "CLIENT_ID=mine\n",
  });
  assertEquals([run.code, run.stdout], [0, `${ACCESS}\n`]);
  assertEquals(
    run.stderr,
    `Warning: ignoring CLIENT_ID in ${run.dir}/.env: a working directory's .env may not choose ` +
      `the server, client, token file or store; set CLIENT_ID in the environment or in ` +
      `${run.dir}/.config/authgate/config.env\n`,
  );
});

Deno.test("runCli() token get --json prints the fields in order, never the refresh token", async () => {
  const run = await cli(["token", "get", "--json"], { token: FRESH });
  assertEquals(run.code, 0);
  assertEquals(run.stderr, "");
  assert(run.stdout.endsWith("}\n"), run.stdout);
  const printed = JSON.parse(run.stdout);
  assertEquals(Object.keys(printed), [
    "access_token",
    "token_type",
    "expires_at",
    "expired",
    "client_id",
  ]);
  assertEquals(printed, {
    access_token: ACCESS,
    token_type: "Bearer",
    expires_at: new Date(FRESH.expiresAt).toISOString(),
    expired: false,
    client_id: "client-a",
  });
  assertExcludes(run.stdout, REFRESH);
});

Deno.test("runCli() token get --json=false prints the bare token", async () => {
  const run = await cli(["--json=false", "token", "get"], { token: FRESH });
  assertEquals([run.code, run.stdout], [0, `${ACCESS}\n`]);
});

Deno.test("runCli() rejects an unknown command with exit 2 and a suggestion", async () => {
  const run = await cli(["token", "gte"], { token: FRESH });
  assertEquals(run.code, 2);
  assertEquals(run.stdout, "");
  assertEquals(
    run.stderr,
    `Error: unknown command "token gte"\nHint: did you mean 'authgate token get'?\n`,
  );
});

Deno.test("runCli() suggests the closest top-level command", async () => {
  const run = await cli(["tokn", "get"]);
  assertEquals(run.code, 2);
  assertEquals(run.stderr, `Error: unknown command "tokn"\nHint: did you mean 'authgate token'?\n`);
});

Deno.test("runCli() rejects an unknown flag with exit 2 and a suggestion", async () => {
  const run = await cli(["token", "get", "--jsn"], { token: FRESH });
  assertEquals([run.code, run.stdout], [2, ""]);
  assertEquals(run.stderr, "Error: unknown flag --jsn\nHint: did you mean --json?\n");
});

Deno.test("runCli() rejects a flag without its value with exit 2", async () => {
  const run = await cli(["token", "get", "--client-id"], { token: FRESH });
  assertEquals(run.code, 2);
  assertEquals(run.stderr, "Error: flag --client-id needs a value (ID)\n");
});

Deno.test("runCli() token get without a client id exits 2 with a hint", async () => {
  const run = await cli(["token", "get"], { token: FRESH, env: { CLIENT_ID: "" } });
  assertEquals(run.code, 2);
  assertEquals(
    run.stderr,
    "Error: client id is not set\nHint: pass --client-id or set CLIENT_ID (in the environment or in your config.env)\n",
  );
});

Deno.test("runCli() token get with a bad refresh threshold exits 2 naming the flag", async () => {
  const run = await cli(["token", "get", "--refresh-threshold", "5"], { token: FRESH });
  assertEquals(run.code, 2);
  assertIncludes(run.stderr, `Error: invalid --refresh-threshold "5": expected a duration`);
});

Deno.test("runCli() token get without a stored token exits 4 with the login hint", async () => {
  const run = await cli(["token", "get"]);
  assertEquals([run.code, run.stdout], [4, ""]);
  assertEquals(
    run.stderr,
    `Error: no stored token for client-id "client-a"\nHint: run 'authgate' first to authenticate.\n`,
  );
});

Deno.test("runCli() token get reports a corrupt token file without touching or echoing it", async () => {
  const fileText = `{"data": {"client-a": "{\\"access_token\\":\\"${ACCESS}\\", "refr`;
  const run = await cli(["token", "get"], { fileText });
  assertEquals([run.code, run.stdout], [1, ""]);
  assertIncludes(run.stderr, "Error: token file ");
  assertIncludes(run.stderr, " is not valid: not JSON (");
  assertIncludes(run.stderr, "; fix or remove it\n");
  assertCleanStderr(run.stderr);
  assertEquals(run.file, fileText);
});

Deno.test("runCli() token get with the server down uses a token still usable, with a warning", async () => {
  const run = await cli(["token", "get"], { token: IN_WINDOW });
  assertEquals([run.code, run.stdout], [0, `${ACCESS}\n`]);
  assertIncludes(run.stderr, "Warning: token refresh failed, using existing token: ");
  assertEquals(run.stderr.split("\n").length, 2, run.stderr);
  assertCleanStderr(run.stderr);
  assertEquals(run.requests, [`GET ${SERVER}/.well-known/openid-configuration`]);
  assertEquals(run.file, tokenFileText(IN_WINDOW));
});

Deno.test("runCli() token get with the server down and an expired token exits 1, no secret shown", async () => {
  const run = await cli(["token", "get", "--json"], { token: EXPIRED });
  assertEquals([run.code, run.stdout], [1, ""]);
  assert(run.stderr.startsWith("Error: failed to obtain a valid token: "), run.stderr);
  assertCleanStderr(run.stderr);
  assertEquals(run.file, tokenFileText(EXPIRED));
});

/** Deno's fetch against a server whose certificate comes from an untrusted CA (captured). */
function untrustedCertificate(url: string): never {
  throw new TypeError("fetch failed", {
    cause: new Error(
      `error sending request for url (${url}): client error (Connect): invalid peer certificate: UnknownIssuer`,
    ),
  });
}

Deno.test("runCli() token get names a TLS failure and its fix in one error line and a hint", async () => {
  const run = await cli(["token", "get"], { token: EXPIRED, fetch: untrustedCertificate });
  assertEquals([run.code, run.stdout], [1, ""]);
  const lines = run.stderr.split("\n");
  assertEquals(lines.length, 3, run.stderr);
  assertEquals(
    lines[0],
    `Error: failed to obtain a valid token: OIDC discovery failed: ${SERVER}: certificate signed by an unknown authority (UnknownIssuer)`,
  );
  assert(lines[1].startsWith("Hint: trust the server's CA"), lines[1]);
  assertIncludes(lines[1], "DENO_CERT=<CA pem file>");
  assertCleanStderr(run.stderr);
});

Deno.test("runCli() token inspect prints a transport failure's hint too", async () => {
  const run = await cli(["token", "inspect"], { token: FRESH, fetch: untrustedCertificate });
  assertEquals(run.code, 1);
  assertIncludes(
    run.stderr,
    `Error: OIDC discovery failed: ${SERVER}: certificate signed by an unknown authority (UnknownIssuer)\nHint: trust the server's CA`,
  );
  assertCleanStderr(run.stderr);
});

Deno.test("runCli() token get refreshes inside the window and stores the new token", async () => {
  const bodies: URLSearchParams[] = [];
  const run = await cli(["token", "get"], {
    token: IN_WINDOW,
    fetch: fakeServer((body) => {
      bodies.push(body);
      return Response.json({
        access_token: "new-access-token",
        token_type: "Bearer",
        expires_in: 900,
      });
    }),
  });
  assertEquals([run.code, run.stdout, run.stderr], [0, "new-access-token\n", ""]);
  assertEquals(bodies.length, 1);
  assertEquals(bodies[0].get("grant_type"), "refresh_token");
  assertEquals(bodies[0].get("refresh_token"), REFRESH);
  const stored = JSON.parse(JSON.parse(run.file).data["client-a"]);
  assertEquals(stored.access_token, "new-access-token");
  assertEquals(stored.refresh_token, REFRESH);
  assertEquals(stored.expires_at, new Date(T0 + 900_000).toISOString());
});

Deno.test("runCli() token get with a dead refresh grant after expiry exits 4 with the re-authenticate hint", async () => {
  const run = await cli(["token", "get"], {
    token: EXPIRED,
    fetch: fakeServer(() =>
      Response.json({ error: "invalid_grant", error_description: "grant request is invalid" }, {
        status: 400,
      })
    ),
  });
  assertEquals([run.code, run.stdout], [4, ""]);
  assertEquals(
    run.stderr,
    "Error: stored token can no longer be refreshed: token refresh rejected by the server " +
      "(invalid_grant: grant request is invalid)\nHint: run 'authgate' to re-authenticate.\n",
  );
  assertCleanStderr(run.stderr);
});

Deno.test("runCli() rejects a flag that does not apply to the command", async () => {
  const noSettings: CommandDefinition = {
    path: ["version"],
    summary: "version",
    flags: [],
    usesSettings: false,
    run: () => Promise.resolve(0),
  };
  const withSettings: CommandDefinition = { ...noSettings, path: ["x"], usesSettings: true };
  let stderr = "";
  const deps = {
    now: () => T0,
    env: () => undefined,
    cwd: "/nonexistent",
    os: "linux",
    stdout: { write: () => {} },
    stderr: { write: (t: string) => void (stderr += t) },
    terminal: { stdin: false, stdout: false, stderr: false },
    fetch: () => Promise.reject(new Error("no network in this test")),
  } satisfies Deps;
  const code = await runCli(["version", "--client-id", "c"], deps, [noSettings, withSettings]);
  assertEquals(code, 2);
  assertEquals(
    stderr,
    "Error: flag --client-id does not apply to 'authgate version'\n" +
      "Hint: run 'authgate version --help' for its flags\n",
  );
});

const COMMANDS_WITHOUT_ROOT: CommandDefinition[] = [{
  path: ["token", "get"],
  summary: "",
  flags: [],
  usesSettings: false,
  run: () => Promise.resolve(0),
}];

Deno.test("resolveCommand() finds the longest matching command path", () => {
  const { command, args } = resolveCommand(["token", "get", "extra"], COMMANDS_WITHOUT_ROOT);
  assertEquals(command.path, ["token", "get"]);
  assertEquals(args, ["extra"]);
});

Deno.test("resolveCommand() without any command words is a usage error, not a crash", () => {
  // Today: TypeError "Cannot read properties of undefined (reading 'length')".
  const error = assertThrows(() => resolveCommand([], COMMANDS_WITHOUT_ROOT), UsageError);
  assertEquals(error.exitCode, 2);
});

Deno.test("resolveCommand() for a command group names its subcommands, not itself", async () => {
  const error = assertThrows(() => resolveCommand(["token"], COMMANDS_WITHOUT_ROOT), UsageError);
  const text = `${error.message}\n${error.hint ?? ""}`;
  assertExcludes(text, "did you mean 'authgate token'?");
  assertIncludes(text, "get");
  const run = await cli(["token"]);
  assertEquals(run.code, 2);
  assertExcludes(run.stderr, "did you mean 'authgate token'?");
});

/** A table whose one command records what it was run with. */
function recordingTable(seen: CommandContext[]): CommandTable {
  const probe: CommandDefinition = {
    path: ["token", "probe"],
    summary: "Probe.",
    flags: [{ name: "raw", kind: "boolean", description: "Raw." }],
    usesSettings: true,
    run: (context) => {
      seen.push(context);
      return Promise.resolve(0);
    },
  };
  return { commands: [probe], groups: [] };
}

Deno.test("runCli() accepts settings flags before and after the subcommand, in both forms", async () => {
  for (
    const argv of [
      ["--client-id", "X", "token", "probe", "--raw"],
      ["token", "--client-id=X", "probe", "--raw"],
      ["token", "probe", "--raw=true", "--client-id", "X"],
    ]
  ) {
    const seen: CommandContext[] = [];
    const run = await runInProcess(argv, { table: recordingTable(seen) });
    assertEquals(run, { code: 0, stdout: "", stderr: "" }, argv.join(" "));
    assertEquals(seen[0].flags.get("client-id"), "X");
    assertEquals(seen[0].flags.get("raw"), true);
    assertEquals(
      seen[0].source.lookup({ name: "client-id", kind: "string", description: "" })?.text,
      "X",
    );
  }
});

Deno.test("runCli() treats words after -- as arguments, not flags", async () => {
  const seen: CommandContext[] = [];
  const table = recordingTable(seen);
  const probe = { ...table.commands[0], args: [{ name: "word", description: "", variadic: true }] };
  const run = await runInProcess(["token", "probe", "--", "--raw"], {
    table: { ...table, commands: [probe] },
  });
  assertEquals(run.code, 0, run.stderr);
  assertEquals([...seen[0].args], ["--raw"]);
  assertEquals(seen[0].flags.has("raw"), false);
});

Deno.test("runCli() rejects a flag of another command, pointing at the command's help", async () => {
  const run = await runInProcess(["token", "get", "--raw"], {
    table: {
      ...COMMAND_TABLE,
      commands: [...COMMAND_TABLE.commands, ...recordingTable([]).commands],
    },
  });
  assertEquals(run.code, 2);
  assertEquals(
    run.stderr,
    "Error: flag --raw does not apply to 'authgate token get'\n" +
      "Hint: run 'authgate token get --help' for its flags\n",
  );
});

Deno.test("runCli() answers an unknown command or flag with a suggestion and exit 2", async () => {
  const cases: [string[], string][] = [
    [["token", "get", "--formt", "json"], "Hint: did you mean --format?"],
    [["token", "get", "--format", "jsno"], "Hint: did you mean --format json?"],
    [["versoin"], "Hint: did you mean 'authgate version'?"],
    [["completion", "bsh"], "Hint: did you mean 'bash'?"],
  ];
  for (const [argv, hint] of cases) {
    const run = await runInProcess(argv);
    assertEquals(run.code, 2, argv.join(" "));
    assertEquals(run.stdout, "");
    assert(run.stderr.startsWith("Error: "), run.stderr);
    assertIncludes(run.stderr, hint + "\n");
  }
});

Deno.test("runCli() prints the same help on stdout for --help, -h and help", async () => {
  const variants = [
    [["token", "get", "--help"], ["-h", "token", "get"], ["help", "token", "get"]],
    [["token", "--help"], ["help", "token"], ["token", "-h"]],
    [["--help"], ["help"], ["-h"]],
  ];
  for (const same of variants) {
    const runs = await Promise.all(same.map((argv) => runInProcess(argv)));
    for (const run of runs) assertEquals(run, runs[0]);
    assertEquals(runs[0].code, 0);
    assertEquals(runs[0].stderr, "");
    assertIncludes(runs[0].stdout, "Usage:\n");
  }
});

Deno.test("runCli() for a bare group lists its commands as a usage error", async () => {
  const run = await runInProcess(["token"]);
  assertEquals([run.code, run.stdout], [2, ""]);
  assert(
    run.stderr.startsWith("Error: 'authgate token' needs a command\nHint: one of: get"),
    run.stderr,
  );
});

Deno.test("runCli() --help ignores flags of other commands but not unknown names", async () => {
  const run = await runInProcess(["version", "--offline", "--help"]);
  assertEquals(run.code, 0, run.stderr);
  assertIncludes(run.stdout, "  authgate version [flags]\n");
  const unknownFlag = await runInProcess(["version", "--bogus", "--help"]);
  assertEquals(unknownFlag.code, 2);
  const typo = await runInProcess(["token", "gte", "--help"]);
  assertEquals(typo.code, 2);
  assertIncludes(typo.stderr, "did you mean 'authgate token get'?");
});

Deno.test("runCli() runs version for --version without a command", async () => {
  const flag = await runInProcess(["--version", "--json"]);
  const command = await runInProcess(["version", "--json"]);
  assertEquals(flag, command);
  assertEquals(flag.code, 0);
  const misplaced = await runInProcess(["token", "get", "--version"]);
  assertEquals(misplaced.code, 2);
  assertIncludes(misplaced.stderr, "Hint: run 'authgate version'");
});

Deno.test("reportError() prints a token store error with its hint, exit 1", () => {
  const err: string[] = [];
  const stderr = { write: (text: string) => void err.push(text) };
  const locked = new TokenStoreError("the token file is locked", { hint: "retry later" });
  assertEquals(reportError(locked, stderr), 1);
  assertEquals(err.join(""), "Error: the token file is locked\nHint: retry later\n");
});
