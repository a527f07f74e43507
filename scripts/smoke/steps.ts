/**
 * The smoke test's steps: what a release binary must do on its own OS, each
 * checked against the dev authorization server. A step returns a one-line
 * summary of what it saw, or throws {@linkcode StepFailure} saying what was wrong.
 * @module
 */

import type { AuthServer } from "../dev_server/auth_server.ts";
import { seedToken } from "../dev_server/seed_token.ts";
import { FileTokenStore } from "../../src/store/file_store.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";
import { maskToken } from "../../src/ui/mask.ts";
import type { CommandRun } from "./command.ts";

/** What every step gets. */
export interface SmokeContext {
  server: AuthServer;
  /** `deno.json`'s version: what `authgate version` must print. */
  version: string;
  /**
   * Runs `authgate <args>`; its environment is the smoke test's clean one
   * (server, client, file store) with `env` on top.
   */
  cli(
    args: string[],
    env?: Record<string, string>,
    onStderr?: (stderr: string) => Promise<void> | void,
  ): Promise<CommandRun>;
  /** A token file path of its own for a step. */
  tokenFile(name: string): string;
  /** An http URL on 127.0.0.1 where nothing listens. */
  closedUrl: string;
  /** The token file the device login writes, and `token get` / `token delete` after it use. */
  loginFile: string;
}

/** One named check. */
export interface SmokeStep {
  name: string;
  run(context: SmokeContext): Promise<string>;
}

/** A check that did not hold. */
export class StepFailure extends Error {
  override name = "StepFailure";
}

/** The device flow's prompt; the URL is complete once whitespace follows it. */
const VERIFICATION_URL = /open this URL in a browser on any device:\s+(\S+)\s/;

/** A refresh inside the default 5 min window. */
const INSIDE_WINDOW_MS = 60_000;

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new StepFailure(message);
}

/** Fails unless the run exited 0; the message carries the end of stderr (never a token). */
function expectSuccess(run: CommandRun, what: string): void {
  if (run.code === 0 && !run.timedOut) return;
  const lines = run.stderr.trim().split(/\r?\n/).filter((line) => line !== "");
  const said = lines.length > 0 ? `; stderr: ${lines.slice(-2).join(" | ")}` : "";
  const how = run.timedOut ? "timed out" : `exited ${run.code}`;
  throw new StepFailure(`${what} ${how}${said}`);
}

/** The one line of stdout, which must be `expected`. */
function expectPrinted(run: CommandRun, expected: string, what: string): void {
  const printed = run.stdout.trim();
  check(
    printed === expected,
    `${what} printed ${printed === "" ? "nothing" : maskToken(printed)}, expected ${
      maskToken(expected)
    }`,
  );
}

function load(context: SmokeContext, file: string): Promise<StoredToken | undefined> {
  return new FileTokenStore(file).load(context.server.clientId);
}

/** What the device login stored; the steps after it need it. */
async function loggedInToken(context: SmokeContext): Promise<StoredToken> {
  const stored = await load(context, context.loginFile);
  check(stored !== undefined, "nothing stored (the login step failed)");
  return stored;
}

async function active(context: SmokeContext, token: string): Promise<boolean> {
  return (await context.server.introspect(token)).active;
}

/**
 * `token get` of a fresh token with the server up: it prints `token` and the
 * server sees no request at all (no discovery, no verification, no refresh).
 */
async function expectOfflineGet(context: SmokeContext, file: string, token: string) {
  const before = context.server.requestCount();
  const run = await context.cli(["token", "get"], { TOKEN_FILE: file });
  expectSuccess(run, "token get with the server up");
  expectPrinted(run, token, "token get with the server up");
  const sent = context.server.requestCount() - before;
  check(sent === 0, `token get of a fresh token sent ${sent} request(s) to the server`);
}

const version: SmokeStep = {
  name: "version",
  async run(context) {
    const run = await context.cli(["version"]);
    expectSuccess(run, "authgate version");
    const first = run.stdout.split(/\r?\n/)[0];
    check(
      first === `authgate ${context.version}`,
      `printed "${first}", expected "authgate ${context.version}" (deno.json)`,
    );
    return first;
  },
};

const help: SmokeStep = {
  name: "--help",
  async run(context) {
    const run = await context.cli(["--help"]);
    expectSuccess(run, "authgate --help");
    for (const text of ["Usage:", "token get", "token delete"]) {
      check(run.stdout.includes(text), `the help on stdout does not mention "${text}"`);
    }
    return `${run.stdout.split("\n").length} lines of help`;
  },
};

const offlineGet: SmokeStep = {
  name: "token get (network off)",
  async run(context) {
    const file = context.tokenFile("offline.json");
    const token = `smoke-offline-${crypto.randomUUID()}`;
    await new FileTokenStore(file).withLock(5_000, (store) =>
      store.save({
        accessToken: token,
        refreshToken: `smoke-refresh-${crypto.randomUUID()}`,
        tokenType: "Bearer",
        expiresAt: Date.now() + 3_600_000,
        clientId: context.server.clientId,
      }));
    // A made-up token (the server would reject it), first with the server URL on a closed
    // port (any network need shows as an error), then on the live server (any request shows).
    const unreachable = await context.cli(["token", "get"], {
      TOKEN_FILE: file,
      SERVER_URL: context.closedUrl,
    });
    expectSuccess(unreachable, "token get against a closed port");
    expectPrinted(unreachable, token, "token get against a closed port");
    check(unreachable.stderr === "", `token get wrote to stderr: ${unreachable.stderr.trim()}`);
    await expectOfflineGet(context, file, token);
    return "the stored token, no request to the server, nothing on stderr";
  },
};

const refresh: SmokeStep = {
  name: "token get (proactive refresh)",
  async run(context) {
    const file = context.tokenFile("refresh.json");
    const seeded = await seedToken(context.server, file, {
      expiresAt: Date.now() + INSIDE_WINDOW_MS,
    });
    const run = await context.cli(["token", "get"], { TOKEN_FILE: file });
    expectSuccess(run, "token get");
    const printed = run.stdout.trim();
    check(printed !== seeded.accessToken, "token get printed the old token: no refresh");
    const stored = await load(context, file);
    check(stored !== undefined, "the token file has no entry after the refresh");
    expectPrinted(run, stored.accessToken, "token get (vs. the stored token)");
    check(
      stored.expiresAt > Date.now() + 5 * INSIDE_WINDOW_MS,
      `the stored token expires at ${new Date(stored.expiresAt).toISOString()}: not refreshed`,
    );
    check(await active(context, printed), "the server does not accept the new token");
    return "a new token, stored, active at the server";
  },
};

const deviceLogin: SmokeStep = {
  name: "authgate --device (device login)",
  async run(context) {
    let approval: Promise<void> | undefined;
    const run = await context.cli(["--device"], { TOKEN_FILE: context.loginFile }, (stderr) => {
      const match = stderr.match(VERIFICATION_URL);
      if (match && !approval) approval = context.server.approveDevice(match[1]);
      return approval;
    });
    expectSuccess(run, "authgate --device");
    check(approval !== undefined, "authgate --device printed no verification URL");
    check(run.stdout === "", "authgate --device wrote to stdout");
    const stored = await load(context, context.loginFile);
    check(stored !== undefined, "no token stored after the login");
    check(await active(context, stored.accessToken), "the server does not accept the token");
    return "approved through the server's pages; token stored and active";
  },
};

const getAfterLogin: SmokeStep = {
  name: "token get (after the login)",
  async run(context) {
    const stored = await loggedInToken(context);
    await expectOfflineGet(context, context.loginFile, stored.accessToken);
    return "the logged-in token, no request to the server";
  },
};

const deleteToken: SmokeStep = {
  name: "token delete",
  async run(context) {
    const stored = await loggedInToken(context);
    const run = await context.cli(["token", "delete"], { TOKEN_FILE: context.loginFile });
    expectSuccess(run, "token delete");
    check(!(await active(context, stored.accessToken)), "the access token is still active");
    check(!(await active(context, stored.refreshToken)), "the refresh token is still active");
    check(
      await load(context, context.loginFile) === undefined,
      "the entry is still in the token file",
    );
    return "both tokens revoked at the server, the entry gone";
  },
};

/** Every step, in order (the last two use what the device login stored). */
export const SMOKE_STEPS: readonly SmokeStep[] = [
  version,
  help,
  offlineGet,
  refresh,
  deviceLogin,
  getAfterLogin,
  deleteToken,
];
