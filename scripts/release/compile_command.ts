/**
 * The exact `deno compile` invocation for one target. Paths are relative to
 * the project root, where the build runs it.
 * @module
 */

import { permissionFlags, RELEASE_ENV_FILE } from "../permissions.ts";
import type { ReleaseTarget } from "./targets.ts";

/** The entry point and the config, relative to the project root. */
export const ENTRY = "src/main.ts";
export const CONFIG = "deno.json";

/** Options of {@linkcode compileArgs}. */
export interface CompileOptions {
  /** Where the executable goes. */
  output: string;
  /** In-house builds: the one host the binary may reach. */
  netHost?: string;
  /** In-house builds: the import map that swaps in the generated defaults. */
  importMap?: string;
}

/**
 * The arguments after `deno` that compile `src/main.ts` for `target`.
 *
 * - `--quiet`: also recorded in the binary, so it never prints Deno's own
 *   info lines (such as a launcher missing from PATH in a container);
 * - `--frozen`: the lockfile is the truth, nothing is resolved anew;
 * - `--exclude-unused-npm`: embed only oauth4webapi, not the dev server's
 *   packages from the lockfile;
 * - `--include deno.json`: the version travels with the binary;
 * - `--env-file`: Deno's own settings the binary starts with (trust the
 *   system CA store), unless the user's environment sets them;
 * - no unstable `lazy-dynamic-imports`: with it the binary would leave out
 *   every dynamically imported module (`deno.json` must not enable it);
 * - the permission set of the target OS from `scripts/permissions.ts`.
 *
 * @param target The target.
 * @param options Output and in-house settings.
 * @returns The arguments.
 */
export function compileArgs(target: ReleaseTarget, options: CompileOptions): string[] {
  return [
    "compile",
    "--quiet",
    "--frozen",
    "--exclude-unused-npm",
    "--include",
    CONFIG,
    `--env-file=${RELEASE_ENV_FILE}`,
    ...(options.importMap ? ["--import-map", options.importMap] : []),
    "--target",
    target.triple,
    "--output",
    options.output,
    ...permissionFlags({ os: target.os, netHost: options.netHost }),
    ENTRY,
  ];
}

/**
 * Quotes arguments for a POSIX shell, leaving plain words bare.
 *
 * @param argv The command and its arguments.
 * @returns One line a shell runs as the same command.
 */
export function shellCommand(argv: readonly string[]): string {
  return argv.map((arg) => /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)
    .join(" ");
}
