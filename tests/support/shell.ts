/**
 * Runs real shells (sh, bash, zsh, fish) from tests that load generated shell
 * code in them. zsh and fish come from .ci/system-packages; a missing shell
 * fails the test with a message saying so (never a skip).
 * @module
 */

/**
 * Runs `program args`, feeding `stdin`, and returns stdout. Fails unless the
 * program exits 0 with nothing on stderr.
 *
 * @param program The shell.
 * @param args Its arguments.
 * @param stdin Text for its standard input.
 * @returns Its standard output.
 */
export async function runShell(
  program: string,
  args: readonly string[],
  stdin?: string,
): Promise<string> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(program, {
      args: [...args],
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new Error(
      `${program} is not installed: .ci/system-packages installs it (apt ${program})`,
    );
  }
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const output = await child.output();
  const stderr = new TextDecoder().decode(output.stderr);
  if (output.code !== 0 || stderr !== "") {
    throw new Error(`${program} exited ${output.code}: ${stderr}`);
  }
  return new TextDecoder().decode(output.stdout);
}
