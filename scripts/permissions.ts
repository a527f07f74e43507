/**
 * The one definition of the Deno permissions authgate runs with. `deno task
 * authgate`, the tests that run the CLI as a subprocess, and the compile script
 * all take their flags from here, so what is tested is what ships.
 * @module
 */

import { ENV_NAMES } from "../src/config/env_names.ts";
import { keyringNeedsFfi, keyringPrograms } from "../src/platform/keyring/os_keyring.ts";

/** Options of {@linkcode permissionFlags}. */
export interface PermissionOptions {
  /**
   * Scope network access to one host (`auth.example.com[:port]`), for in-house
   * builds with a fixed server. Default: any host (the server is a setting).
   */
  netHost?: string;
  /**
   * The operating system the flags are for (default: this one). The OS
   * keyring needs a different helper on each: `secret-tool` (Linux, BSD),
   * `/usr/bin/security` (macOS), FFI (Windows only).
   */
  os?: typeof Deno.build.os;
}

/**
 * The release permission flags.
 *
 * - read/write: the token file and its lock/temp siblings, wherever
 *   `TOKEN_FILE` points at run time, and `.env` in the working directory;
 * - env: exactly the variables in `ENV_NAMES`;
 * - net: the authorization server (chosen at run time unless `netHost`);
 * - sys=hostname: the lock file records its owner's host;
 * - the OS keyring's helper (`--allow-run=secret-tool` or
 *   `--allow-run=/usr/bin/security`), or `--allow-ffi` on Windows only;
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
    options.netHost ? `--allow-net=${options.netHost}` : "--allow-net",
    "--allow-sys=hostname",
    ...keyringFlags(options.os ?? Deno.build.os),
    "--no-prompt",
  ];
}

/** The CLI's entry point, relative to the project root. */
export const ENTRY_POINT = new URL("../src/main.ts", import.meta.url);

/**
 * The OS keyring's permissions: its helper program (one `--allow-run` flag:
 * a second one would replace the first, not add to it), FFI on Windows only.
 */
function keyringFlags(os: typeof Deno.build.os): string[] {
  const programs = keyringPrograms(os);
  return [
    ...(programs.length > 0 ? [`--allow-run=${programs.join(",")}`] : []),
    ...(keyringNeedsFfi(os) ? ["--allow-ffi"] : []),
  ];
}
