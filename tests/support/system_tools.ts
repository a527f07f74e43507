/**
 * Running system tools from tests (tar, unzip, sha256sum, unshare) and
 * finding out whether this machine has them.
 * @module
 */

/**
 * Whether `program args` runs and exits 0.
 *
 * @param program The program (looked up on PATH).
 * @param args Its arguments.
 */
export function commandWorks(program: string, args: readonly string[]): boolean {
  try {
    return new Deno.Command(program, { args: [...args], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** Options of {@linkcode runTool}. */
export interface RunToolOptions {
  cwd?: string;
  /** Variables added to the environment (or the whole of it with `clearEnv`). */
  env?: Record<string, string>;
  clearEnv?: boolean;
}

/** A finished run. */
export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to completion (stdin closed) and returns its output.
 *
 * @param program The program.
 * @param args Its arguments.
 * @param options Working directory and environment.
 * @returns Exit code, stdout and stderr as text.
 */
export async function runTool(
  program: string,
  args: readonly string[],
  options: RunToolOptions = {},
): Promise<ToolRun> {
  const output = await new Deno.Command(program, {
    args: [...args],
    cwd: options.cwd,
    env: options.env,
    clearEnv: options.clearEnv,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
