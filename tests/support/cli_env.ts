/**
 * Environments and launchers for running the CLI from source the way a
 * container runs the binary: an empty environment (`env -i`), optionally in a
 * network namespace with no network (`unshare -n`).
 * @module
 */

import { cliCommandArgs, type CliRun } from "./run_cli.ts";
import { commandWorks, runTool } from "./system_tools.ts";

/** Where this Deno keeps its module cache (needed by `deno run`, not by a binary). */
export async function denoDir(): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  return (JSON.parse(new TextDecoder().decode(output.stdout)) as { denoDir: string }).denoDir;
}

/**
 * The `unshare` arguments that give a child a network namespace with no
 * network on this machine: `-n` as root, `-rn` (a user namespace) otherwise;
 * `undefined` where neither is allowed.
 */
export function unshareNetArgs(): string[] | undefined {
  for (const args of [["-n"], ["-r", "-n"]]) {
    if (commandWorks("unshare", [...args, "true"])) return args;
  }
  return undefined;
}

/** Options of {@linkcode runCliBare}. */
export interface BareRunOptions {
  /** The child's whole environment (besides DENO_DIR for `deno run`). */
  env: Record<string, string>;
  /** Wrap the run in `unshare` with these arguments (a network namespace). */
  unshare?: string[];
  cwd?: string;
}

/**
 * Runs `authgate <args>` from source under `env -i`: nothing of this
 * process's environment reaches the child but `options.env` and DENO_DIR.
 *
 * @param args CLI arguments.
 * @param options The environment and the namespace.
 * @returns Exit code and output.
 */
export async function runCliBare(
  args: readonly string[],
  options: BareRunOptions,
): Promise<CliRun> {
  const env = { ...options.env, DENO_DIR: await denoDir() };
  const envArgs = ["-i", ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
  const command = [Deno.execPath(), ...cliCommandArgs(args)];
  const [program, ...rest] = options.unshare
    ? ["unshare", ...options.unshare, "env", ...envArgs, ...command]
    : ["env", ...envArgs, ...command];
  return await runTool(program, rest, { cwd: options.cwd });
}
