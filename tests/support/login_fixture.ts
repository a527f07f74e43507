/**
 * Shared set-up of the main-flow end-to-end tests: a real authorization
 * server, a temp folder with the token file, the CLI's environment, a free
 * loopback port, and a fake `xdg-open` first on PATH.
 * @module
 */

import type { AuthServer, AuthServerOptions } from "../../scripts/dev_server/auth_server.ts";
import { writeFakeXdgOpen } from "../../scripts/dev_server/fake_browser.ts";
import { assertEquals } from "./assert.ts";
import { type CliSession, startCliSession } from "./cli_session.ts";
import type { CliRun } from "./run_cli.ts";
import { type ServerFixture, withServerFixture } from "./server_fixture.ts";

/** Test options for tests that start oidc-provider. */
export const SERVER_TEST = { sanitizeOps: false, sanitizeResources: false };

/** What a test gets. */
export type LoginFixture = ServerFixture;

/** Runs `body` with a fresh server and temp folder; the CLI asks for `openid email profile`. */
export function withLoginServer(
  serverOptions: AuthServerOptions,
  body: (fixture: LoginFixture) => Promise<void>,
): Promise<void> {
  return withServerFixture(serverOptions, (fixture) =>
    body({
      ...fixture,
      env: (extra = {}) => fixture.env({ SCOPE: "openid email profile", ...extra }),
    }));
}

/** The device flow's verification URL line. */
export const VERIFICATION_URL = /open this URL in a browser on any device:\n\s+(\S+)/;

/** Waits for the CLI to print its verification URL, and approves (or denies) it. */
export async function approveDeviceCode(
  session: CliSession,
  server: AuthServer,
  options: { deny?: boolean } = {},
): Promise<string> {
  const [, url] = await session.waitFor(VERIFICATION_URL);
  await server.approveDevice(url, options);
  return url;
}

/**
 * Runs `authgate <args>`, approves the device code it prints, and returns the
 * finished run after checking it exited 0.
 */
export async function approvedLogin(
  server: AuthServer,
  args: string[],
  env: Record<string, string>,
): Promise<CliRun> {
  const session = startCliSession(args, { env });
  await approveDeviceCode(session, server);
  const run = await session.finished;
  assertEquals(run.code, 0, run.stderr);
  return run;
}

/** A port free on both 127.0.0.1 and ::1 (at the time of asking). */
export function freeLoopbackPort(): number {
  for (let attempt = 0; attempt < 20; attempt++) {
    const v4 = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (v4.addr as Deno.NetAddr).port;
    try {
      Deno.listen({ hostname: "::1", port }).close();
      return port;
    } catch {
      continue;
    } finally {
      v4.close();
    }
  }
  throw new Error("no port free on both loopback addresses");
}

/** Whether `port` can be bound on 127.0.0.1 and on ::1 (nobody listens there). */
export function portIsFree(port: number): boolean {
  for (const hostname of ["127.0.0.1", "::1"]) {
    try {
      Deno.listen({ hostname, port }).close();
    } catch (error) {
      if (error instanceof Deno.errors.AddrInUse) return false;
      throw error;
    }
  }
  return true;
}

/**
 * The environment of a desktop session whose `xdg-open` is the fake browser
 * in `dir` (or `script`, a shell script body of your own, `$1` the URL).
 * HOME and DENO_DIR are passed through for the fake browser's own Deno.
 */
export async function desktopEnv(
  dir: string,
  options: { deny?: boolean; script?: string } = {},
): Promise<Record<string, string>> {
  if (options.script === undefined) {
    await writeFakeXdgOpen(dir, { denoPath: Deno.execPath(), deny: options.deny });
  } else {
    await Deno.writeTextFile(`${dir}/xdg-open`, `#!/bin/sh\n${options.script}\n`);
    await Deno.chmod(`${dir}/xdg-open`, 0o755);
  }
  const passThrough: Record<string, string> = {};
  for (const name of ["HOME", "DENO_DIR"]) {
    const value = Deno.env.get(name);
    if (value) passThrough[name] = value;
  }
  return { ...passThrough, DISPLAY: ":0", PATH: `${dir}:${Deno.env.get("PATH") ?? "/usr/bin"}` };
}

/** Waits until `path` contains `text` (the fake browser's log), and returns it. */
export async function waitForFile(path: string, text: string, guardMs = 60_000): Promise<string> {
  const deadline = Date.now() + guardMs;
  while (Date.now() < deadline) {
    const content = await Deno.readTextFile(path).catch(() => "");
    if (content.includes(text)) return content;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} never contained ${JSON.stringify(text)}`);
}
