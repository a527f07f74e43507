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

/**
 * Runs a tool to completion and returns its output.
 *
 * @param program The program.
 * @param args Its arguments.
 * @param cwd The working directory.
 * @returns Exit code, stdout and stderr as text.
 */
export async function runTool(
  program: string,
  args: readonly string[],
  cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(program, {
    args: [...args],
    cwd,
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
