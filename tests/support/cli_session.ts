/**
 * The CLI as a running subprocess whose stderr a test reads while it runs:
 * wait for a status line (the device flow's URL), then act (approve, send
 * Ctrl-C), then collect the exit code and the output.
 * @module
 */

import { cliCommandArgs, type CliRun } from "./run_cli.ts";

/** A running CLI process. */
export interface CliSession {
  /**
   * Resolves with the first match of `pattern` in stderr (so far or later).
   * Rejects when the process exits without printing it, or after `guardMs`
   * (a guard against hanging tests, not a timing assertion).
   */
  waitFor(pattern: RegExp, guardMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal to the process. */
  kill(signal: Deno.Signal): void;
  /** Waits for the exit; all output. */
  finished: Promise<CliRun>;
}

/**
 * Starts `authgate <args>` with the release permission set in a clean environment.
 *
 * @param args CLI arguments.
 * @param options The child's whole environment (PATH added when absent).
 * @returns The session.
 */
export function startCliSession(
  args: readonly string[],
  options: { env: Record<string, string> },
): CliSession {
  const child = new Deno.Command(Deno.execPath(), {
    args: cliCommandArgs(args),
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", NO_COLOR: "1", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  let stderr = "";
  let exited = false;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  const readStderr = (async () => {
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
      stderr += text;
      notify();
    }
  })();
  const readStdout = new Response(child.stdout).text();
  const finished = (async () => {
    const [status, stdout] = await Promise.all([child.status, readStdout, readStderr]);
    exited = true;
    notify();
    return {
      code: status.signal ? 128 + signalNumber(status.signal) : status.code,
      stdout,
      stderr,
    };
  })();

  return {
    finished,
    kill: (signal) => child.kill(signal),
    waitFor(pattern, guardMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} on stderr after ${guardMs} ms:\n${stderr}`));
        }, guardMs);
        const check = () => {
          const match = stderr.match(pattern);
          if (match || exited) {
            listeners.delete(check);
            clearTimeout(timer);
            if (match) resolve(match);
            else reject(new Error(`the CLI exited without printing ${pattern}:\n${stderr}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

function signalNumber(signal: Deno.Signal): number {
  return ({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}
