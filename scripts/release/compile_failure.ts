/**
 * Turns `deno compile`'s error output into one line for the user. The common
 * case on machines without access to Deno's download host: the compile
 * runtime (`denort`) cannot be downloaded.
 * @module
 */

import { BuildError } from "./build_error.ts";

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Describes a failed `deno compile` run.
 *
 * @param stderr What `deno compile` printed.
 * @param triple The target being compiled.
 * @param denoVersion The Deno version (the runtime must match it).
 * @returns The error to report.
 */
export function describeCompileFailure(
  stderr: string,
  triple: string,
  denoVersion: string,
): BuildError {
  const lines = stderr.replace(ANSI, "").split("\n").map((line) => line.trim());
  // The innermost cause is the last numbered line of the "Caused by:" block.
  const causedBy = lines.indexOf("Caused by:");
  const block = causedBy < 0 ? [] : lines.slice(causedBy + 1);
  const end = block.findIndex((line) => !/^\d+: /.test(line));
  const cause = block.slice(0, end < 0 ? undefined : end).at(-1)?.replace(/^\d+: /, "");
  const runtime = /denort-[\w.-]+\.zip/.exec(stderr)?.[0];
  if (runtime && lines.some((line) => line.includes("Setting up base binary"))) {
    return new BuildError(
      `cannot download the deno compile runtime ${runtime} (Deno ${denoVersion})` +
        (cause ? `: ${cause}` : ""),
      `deno compile fetches it once per target from dl.deno.land; build where that host is ` +
        `reachable (the release workflow does), or place the zip in ` +
        `$DENO_DIR/dl/release/v${denoVersion}/`,
    );
  }
  const error = lines.find((line) => line.startsWith("error:"))?.replace(/^error:\s*/, "");
  const detail = [error, cause].filter(Boolean).join(": ");
  return new BuildError(`deno compile failed for ${triple}: ${detail || "no error message"}`);
}
