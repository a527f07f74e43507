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
  /** `false`: leave out scripts/release.env, as the CLI ran before it existed. */
  releaseEnv?: boolean;
  /** Kills the child when aborted (a guard for runs that must not hang). */
  signal?: AbortSignal;
}

/** The argv of a CLI child process (deno's, then the program's). */
export function cliCommandArgs(args: readonly string[], denoFlags: readonly string[] = []) {
  return cliRunArgs(args, denoFlags);
}

/**
 * The `authgate <args>` child process, not started yet (for tests that signal
 * it); stdout and stderr are piped.
 *
 * @param args CLI arguments.
 * @param options Environment, working directory, extra Deno flags, stdin.
 */
export function cliCommand(args: readonly string[], options: RunCliOptions = {}): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: cliCommandArgs(args, options.denoFlags).filter((arg) =>
      options.releaseEnv !== false || !arg.startsWith("--env-file=")
    ),
    cwd: options.cwd,
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", NO_COLOR: "1", ...options.env },
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    signal: options.signal,
  });
}

/** Decodes a finished child's output. */
export function cliRun(output: Deno.CommandOutput): CliRun {
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
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
  const child = cliCommand(args, options).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  return cliRun(await child.output());
}
