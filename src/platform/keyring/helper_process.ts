/**
 * Runs a keyring helper program (`secret-tool`, `/usr/bin/security`) with a
 * deadline: a hung keyring daemon must never hang the CLI. Secrets travel on
 * stdin and stdout only, never in argv or the environment. The helper starts
 * with only the variables its backend names (the session bus for
 * `secret-tool`, `HOME` for `security`), not the CLI's whole environment:
 * nothing else in it (`LD_PRELOAD`, `GIO_MODULE_DIR`, tokens in CI variables)
 * reaches the program that handles the key.
 * @module
 */

import { KeyringUnavailableError } from "./keyring_backend.ts";

/** One helper invocation. */
export interface HelperRequest {
  program: string;
  args: readonly string[];
  /** Written to the helper's stdin, which is then closed. */
  stdin?: string;
  /** Kill the helper and give up after this many milliseconds. */
  timeoutMs: number;
  /** The helper's whole environment (nothing is inherited). */
  env?: Record<string, string>;
}

/** A finished helper run. */
export interface HelperResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a helper; the seam backends are tested through. */
export type HelperRunner = (request: HelperRequest) => Promise<HelperResult>;

/**
 * Runs `request.program` to completion or until the deadline, whichever comes
 * first; on the deadline the helper is killed.
 *
 * @param request What to run.
 * @returns Exit code and output.
 * @throws {KeyringUnavailableError} when the program is missing, cannot be
 * started, or does not finish within `request.timeoutMs`.
 */
export async function runHelper(request: HelperRequest): Promise<HelperResult> {
  const { program, timeoutMs } = request;
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(program, {
      args: [...request.args],
      clearEnv: true,
      env: request.env ?? {},
      stdin: request.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new KeyringUnavailableError(`${program} is not installed`);
    }
    throw new KeyringUnavailableError(`cannot start ${program}: ${(error as Error).message}`);
  }
  if (request.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    // A helper that exits without reading its input closes the pipe: its exit code tells why.
    await writer.write(new TextEncoder().encode(request.stdin)).catch(() => {});
    await writer.close().catch(() => {});
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const output = child.output();
  const outcome = await Promise.race([output, deadline]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    try {
      child.kill("SIGKILL");
    } catch {
      // It exited just now.
    }
    await output.catch(() => {});
    throw new KeyringUnavailableError(
      `${program} did not answer within ${timeoutMs / 1000}s (is the keyring daemon hung?)`,
    );
  }
  const decoder = new TextDecoder();
  return {
    code: outcome.code,
    stdout: decoder.decode(outcome.stdout),
    stderr: decoder.decode(outcome.stderr),
  };
}
