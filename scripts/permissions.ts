/**
 * The one definition of the Deno permissions authgate runs with. `deno task
 * authgate`, the tests that run the CLI as a subprocess, and the compile script
 * all take their flags from here, so what is tested is what ships.
 * @module
 */

import { fileURLToPath } from "node:url";
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

/** The operating systems release binaries are built for. */
const RELEASE_OSES: readonly TargetOs[] = ["linux", "darwin", "windows"];

/**
 * The release permission flags.
 *
 * - read/write: the token file and its lock/temp siblings, wherever
 *   `TOKEN_FILE` points at run time, and `.env` in the working directory;
 * - env: exactly the variables in `ENV_NAMES`;
 * - run: exactly the programs of {@linkcode runPrograms} for the OS;
 * - sys: `uid` only, to tell the user's own token file and directories from
 *   someone else's (the ssh-like file checks of src/platform/file_trust.ts);
 * - ffi: Windows only, for Credential Manager (the OS keyring);
 * - net: the authorization server (chosen at run time unless `netHost`), and
 *   the browser flow's callback server on 127.0.0.1 and [::1] (added to `netHost`);
 * - no prompts: a missing permission is an error, never a question.
 *
 * Nothing else: no other `--allow-sys` (the lock owner record reads the host
 * name from a file), no `--allow-ffi` outside Windows, no `--allow-import`.
 *
 * @param options Optional scoping and target OS.
 * @returns Flags for `deno run` / `deno compile`.
 */
export function permissionFlags(options: PermissionOptions = {}): string[] {
  const os = options.os ?? Deno.build.os;
  return flagsFor(runPrograms(os), keyringNeedsFfi(os), options.netHost);
}

function flagsFor(programs: readonly string[], ffi: boolean, netHost?: string): string[] {
  return [
    "--allow-read",
    "--allow-write",
    `--allow-env=${ENV_NAMES.join(",")}`,
    `--allow-run=${programs.join(",")}`,
    "--allow-sys=uid",
    ...(ffi ? ["--allow-ffi"] : []),
    netHost ? `--allow-net=${netHost},127.0.0.1,[::1]` : "--allow-net",
    "--no-prompt",
  ];
}

/**
 * The permission flags of `deno task authgate`. A task line cannot depend on
 * the OS, so it allows the programs of every release OS (a name missing from
 * PATH simply cannot be run) and no FFI: the Windows keyring is unreachable
 * from the task (`auto` falls back to the file), never from the binary.
 *
 * @returns Flags for the task's `deno run`.
 */
export function taskPermissionFlags(): string[] {
  return flagsFor([...new Set(RELEASE_OSES.flatMap(runPrograms))], false);
}

/** The CLI's entry point, relative to the project root. */
export const ENTRY_POINT = new URL("../src/main.ts", import.meta.url);

/**
 * Deno's own settings every run ships with (the system CA store), relative to
 * the project root: embedded by `deno compile --env-file`, passed to `deno run`.
 */
export const RELEASE_ENV_FILE = "scripts/release.env";

/**
 * Flags that make `deno run` of the source behave like the binary, besides
 * permissions: no Deno info lines, the release environment file, and lazy
 * dynamic imports. The last is for start-up only: `deno run` then does not
 * load every `import()` of the graph up front. It must never reach
 * `deno compile`, which then leaves every dynamically imported module out of
 * the binary.
 *
 * @param envFile Where the release environment file is, as the command sees it.
 * @returns Flags for `deno run`.
 */
export function runFlags(envFile: string): string[] {
  return ["--quiet", "--unstable-lazy-dynamic-imports", `--env-file=${envFile}`];
}

/**
 * The `deno` arguments that run a module under the release settings:
 * {@linkcode runFlags}, the release permission set, extra Deno flags, the
 * module and its arguments.
 *
 * @param module The module's path.
 * @param args The module's arguments.
 * @param denoFlags Deno flags after the permission set (such as `--deny-net`).
 * @returns Arguments for `Deno.execPath()`.
 */
export function releaseRunArgs(
  module: string,
  args: readonly string[],
  denoFlags: readonly string[] = [],
): string[] {
  const envFile = fileURLToPath(new URL(`../${RELEASE_ENV_FILE}`, import.meta.url));
  return ["run", ...runFlags(envFile), ...permissionFlags(), ...denoFlags, module, ...args];
}

/**
 * The `deno` arguments that run the CLI from source as the tests and scripts
 * do: {@linkcode releaseRunArgs} of `src/main.ts`.
 *
 * @param args The CLI's arguments.
 * @param denoFlags Deno flags after the permission set.
 * @returns Arguments for `Deno.execPath()`.
 */
export function cliRunArgs(args: readonly string[], denoFlags: readonly string[] = []): string[] {
  return releaseRunArgs(fileURLToPath(ENTRY_POINT), args, denoFlags);
}

/**
 * The command line of `deno task authgate` in `deno.json` (run from the
 * project root): one process, the release flags. A test checks it is current.
 *
 * @returns The task's command line.
 */
export function authgateTaskCommand(): string {
  return ["deno run", ...runFlags(RELEASE_ENV_FILE), ...taskPermissionFlags(), "src/main.ts"]
    .join(" ");
}
