/**
 * The command under test of the smoke test: a release binary
 * (`dist/x86_64-unknown-linux-gnu/authgate`, `authgate.exe`) or any command
 * line that runs the CLI (`deno run <release flags> src/main.ts`), started with
 * exactly the environment the smoke test gives it.
 * @module
 */

import { isAbsolute, resolve } from "node:path";

/** A command line that runs authgate; the CLI's arguments are appended to it. */
export interface CommandUnderTest {
  /** The program: absolute when it was given as a path, else a name looked up on PATH. */
  program: string;
  /** Arguments before the CLI's own (`run`, flags, `src/main.ts` for `deno run`). */
  leadingArgs: string[];
}

/** One finished run. */
export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The run was stopped after its time limit. */
  timedOut: boolean;
}

/** Options of {@linkcode runCommand}. */
export interface RunOptions {
  /** The child's whole environment. */
  env: Record<string, string>;
  /** The working directory. */
  cwd: string;
  /** Stop the child after this long (a guard against a hang, not a timing check). */
  timeoutMs: number;
  /**
   * Called with all of stderr so far whenever more arrives (to act on a
   * prompt). Its first error is thrown once the child has exited.
   */
  onStderr?: (stderr: string) => Promise<void> | void;
}

/**
 * The command from the smoke test's arguments. A program given as a path
 * (it has a `/` or `\`) is made absolute here, because the CLI runs in a
 * temporary working directory.
 *
 * @param words The command's words (program first).
 * @param cwd The directory a relative program path is relative to.
 * @returns The command, or `undefined` when there are no words.
 */
export function parseCommand(
  words: readonly string[],
  cwd: string = Deno.cwd(),
): CommandUnderTest | undefined {
  const [program, ...leadingArgs] = words;
  if (program === undefined || program === "") return undefined;
  const isPath = /[\\/]/.test(program) && !isAbsolute(program);
  return { program: isPath ? resolve(cwd, program) : program, leadingArgs };
}

/**
 * Runs the command with the CLI's `args` to completion (or to its time limit).
 * stdin is closed, as in a script.
 *
 * @param command The command under test.
 * @param args The CLI's arguments.
 * @param options Environment, working directory, time limit, stderr watcher.
 * @returns Exit code and output. A program that cannot be started is exit code 127.
 */
export async function runCommand(
  command: CommandUnderTest,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandRun> {
  const limit = AbortSignal.timeout(options.timeoutMs);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(command.program, {
      args: [...command.leadingArgs, ...args],
      cwd: options.cwd,
      clearEnv: true,
      env: options.env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: limit,
    }).spawn();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      code: 127,
      stdout: "",
      stderr: `cannot start ${command.program}: ${reason}`,
      timedOut: false,
    };
  }
  let stderr = "";
  let watcherError: { error: unknown } | undefined;
  const readStderr = (async () => {
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
      stderr += text;
      try {
        await options.onStderr?.(stderr);
      } catch (error) {
        watcherError ??= { error };
      }
    }
  })();
  const [status, stdout] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    readStderr,
  ]);
  if (watcherError) throw watcherError.error;
  return { code: status.code, stdout, stderr, timedOut: limit.aborted };
}
