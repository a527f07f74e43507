/**
 * The one definition of the Deno permissions authgate runs with. `deno task
 * authgate`, the tests that run the CLI as a subprocess, and the compile script
 * all take their flags from here, so what is tested is what ships.
 * @module
 */

import { ENV_NAMES } from "../src/config/env_names.ts";
import { keyringNeedsFfi, keyringPrograms } from "../src/platform/keyring/os_keyring.ts";

/** An operating system, as `Deno.build.os`. */
export type TargetOs = typeof Deno.build.os;

/** Options of {@linkcode permissionFlags}. */
export interface PermissionOptions {
  /**
   * Scope network access to one host (`auth.example.com[:port]`), for in-house
   * builds with a fixed server. Default: any host (the server is a setting).
   */
  netHost?: string;
  /**
   * The OS the flags are for (a compile target may differ from the build
   * machine). Default: the running OS.
   */
  os?: TargetOs;
}

/**
 * The programs the CLI may start on `os`: the browser launcher of the login
 * flow and the OS keyring's helper (`secret-tool`, `/usr/bin/security`; none
 * on Windows, where the keyring is called through FFI). Names are resolved
 * through PATH when the process starts; a missing one simply cannot be run.
 * They go into ONE `--allow-run` flag: a second flag replaces the first.
 *
 * @param os The target OS.
 * @returns Program names for `--allow-run`.
 */
export function runPrograms(os: TargetOs): string[] {
  const launcher = os === "windows" ? "rundll32" : os === "darwin" ? "open" : "xdg-open";
  return [launcher, ...keyringPrograms(os)];
}

/**
 * The release permission flags.
 *
 * - read/write: the token file and its lock/temp siblings, wherever
 *   `TOKEN_FILE` points at run time, and `.env` in the working directory;
 * - env: exactly the variables in `ENV_NAMES`;
 * - run: exactly the programs of {@linkcode runPrograms} for the OS;
 * - ffi: Windows only, for Credential Manager (the OS keyring);
 * - net: the authorization server (chosen at run time unless `netHost`), and
 *   the browser flow's callback server on 127.0.0.1 and [::1] (added to `netHost`);
 * - no prompts: a missing permission is an error, never a question.
 *
 * Nothing else: no `--allow-sys` (the lock owner record reads the host name
 * from a file), no `--allow-ffi` outside Windows, no `--allow-import`.
 *
 * @param options Optional scoping and target OS.
 * @returns Flags for `deno run` / `deno compile`.
 */
export function permissionFlags(options: PermissionOptions = {}): string[] {
  const os = options.os ?? Deno.build.os;
  return [
    "--allow-read",
    "--allow-write",
    `--allow-env=${ENV_NAMES.join(",")}`,
    `--allow-run=${runPrograms(os).join(",")}`,
    ...(keyringNeedsFfi(os) ? ["--allow-ffi"] : []),
    options.netHost ? `--allow-net=${options.netHost},127.0.0.1,[::1]` : "--allow-net",
    "--no-prompt",
  ];
}

/** The CLI's entry point, relative to the project root. */
export const ENTRY_POINT = new URL("../src/main.ts", import.meta.url);
