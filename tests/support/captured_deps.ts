/**
 * In-process `Deps` whose output is captured, for tests that call `runCli`
 * directly (parsing, help, dispatch) without a subprocess.
 * @module
 */

import { runCli } from "../../src/cli.ts";
import type { CommandTable } from "../../src/config/command.ts";
import type { Deps } from "../../src/deps.ts";

/** Deps with captured stdout and stderr. */
export interface CapturedDeps extends Deps {
  out: string[];
  err: string[];
}

/**
 * Builds deps over a fixed environment; `fetch` fails (no test here may reach the network).
 *
 * @param env The environment variables the CLI sees.
 * @param overrides Fields to replace (a clock, a cwd).
 */
export function capturedDeps(
  env: Record<string, string> = {},
  overrides: Partial<Deps> = {},
): CapturedDeps {
  const out: string[] = [];
  const err: string[] = [];
  return {
    now: () => Date.now(),
    env: (name) => env[name],
    cwd: Deno.cwd(),
    os: "linux",
    stdout: { write: (text) => void out.push(text) },
    stderr: { write: (text) => void err.push(text) },
    terminal: { stdin: false, stdout: false, stderr: false },
    fetch: () => Promise.reject(new Error("no network in this test")),
    ...overrides,
    out,
    err,
  };
}

/** Runs the CLI in-process and returns its exit code and output. */
export async function runInProcess(
  argv: readonly string[],
  options: { env?: Record<string, string>; table?: CommandTable; deps?: Partial<Deps> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const deps = capturedDeps(options.env, options.deps);
  const code = await runCli(argv, deps, options.table);
  return { code, stdout: deps.out.join(""), stderr: deps.err.join("") };
}
