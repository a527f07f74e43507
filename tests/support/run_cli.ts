/**
 * Runs the CLI as a real subprocess with the release permission set, in a
 * clean environment (only what the test passes).
 * @module
 */

import { cliRunArgs } from "../../scripts/permissions.ts";

/** A finished CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@linkcode runCliProcess}. */
export interface RunCliOptions {
  /** The whole environment of the child (PATH is added when absent). */
  env?: Record<string, string>;
  cwd?: string;
  /** Deno flags appended after the permission set, such as `--deny-net`. */
  denoFlags?: string[];
  stdin?: string;
  /** Kills the child when aborted (a guard for runs that must not hang). */
  signal?: AbortSignal;
}

/** The argv of a CLI child process (deno's, then the program's). */
export function cliCommandArgs(args: readonly string[], denoFlags: readonly string[] = []) {
  return cliRunArgs(args, denoFlags);
}

/**
 * Runs `authgate <args>` to completion.
 *
 * @param args CLI arguments.
 * @param options Environment, working directory, extra Deno flags, stdin.
 * @returns Exit code and output.
 */
export async function runCliProcess(
  args: readonly string[],
  options: RunCliOptions = {},
): Promise<CliRun> {
  const child = new Deno.Command(Deno.execPath(), {
    args: cliCommandArgs(args, options.denoFlags),
    cwd: options.cwd,
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", NO_COLOR: "1", ...options.env },
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    signal: options.signal,
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
