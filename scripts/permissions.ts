/**
 * The one definition of the Deno permissions authgate runs with. `deno task
 * authgate`, the tests that run the CLI as a subprocess, and the compile script
 * all take their flags from here, so what is tested is what ships.
 * @module
 */

import { ENV_NAMES } from "../src/config/env_names.ts";
import { BROWSER_LAUNCHERS } from "../src/platform/browser.ts";

/** Options of {@linkcode permissionFlags}. */
export interface PermissionOptions {
  /**
   * Scope network access to one host (`auth.example.com[:port]`), for in-house
   * builds with a fixed server. Default: any host (the server is a setting).
   */
  netHost?: string;
}

/**
 * The release permission flags.
 *
 * - read/write: the token file and its lock/temp siblings, wherever
 *   `TOKEN_FILE` points at run time, and `.env` in the working directory;
 * - env: exactly the variables in `ENV_NAMES`;
 * - net: the authorization server (chosen at run time unless `netHost`), and
 *   the browser flow's loopback callback server;
 * - run: only the browser launchers (`xdg-open`, `open`, `rundll32`);
 * - sys=hostname: the lock file records its owner's host;
 * - no prompts: a missing permission is an error, never a question.
 *
 * @param options Optional scoping.
 * @returns Flags for `deno run` / `deno compile`.
 */
export function permissionFlags(options: PermissionOptions = {}): string[] {
  return [
    "--allow-read",
    "--allow-write",
    `--allow-env=${ENV_NAMES.join(",")}`,
    options.netHost ? `--allow-net=${options.netHost},127.0.0.1,[::1]` : "--allow-net",
    `--allow-run=${BROWSER_LAUNCHERS.join(",")}`,
    "--allow-sys=hostname",
    "--no-prompt",
  ];
}

/** The CLI's entry point, relative to the project root. */
export const ENTRY_POINT = new URL("../src/main.ts", import.meta.url);
