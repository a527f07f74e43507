/**
 * The client secret: from `--client-secret`/`CLIENT_SECRET`, or read from the
 * file `--client-secret-file`/`CLIENT_SECRET_FILE` names (how Docker and
 * Kubernetes hand secrets to a container). Messages name the file, never its
 * content. (A secret given as a flag is warned about in cli.ts, for every command.)
 * @module
 */

import { UsageError } from "../errors.ts";
import { SETTING_FLAGS } from "./setting_flags.ts";
import type { SettingSource } from "./setting_source.ts";

/** Larger than any client secret; a bigger file is the wrong file. */
const MAX_SECRET_FILE_BYTES = 64 * 1024;

function fileProblem(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.NotCapable) return "reading it is not permitted";
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory";
  return (error as Error)?.name ?? "unreadable";
}

/**
 * Resolves the client secret.
 *
 * @param source The settings source.
 * @param readFile Reads a file's bytes (tests inject it).
 * @returns The secret, or undefined for a public client.
 * @throws {UsageError} when both a secret and a secret file are set, or the
 * file cannot be read or is empty.
 */
export function resolveClientSecret(
  source: SettingSource,
  readFile: (path: string) => Uint8Array = Deno.readFileSync,
): string | undefined {
  const inline = source.lookup(SETTING_FLAGS.clientSecret);
  const file = source.lookup(SETTING_FLAGS.clientSecretFile);
  if (inline && file) {
    throw new UsageError(
      `both ${inline.origin} and ${file.origin} set the client secret`,
      "give only one of them",
    );
  }
  if (!file) return inline?.text;
  let bytes: Uint8Array;
  try {
    bytes = readFile(file.text);
  } catch (error) {
    throw new UsageError(`cannot read ${file.origin} "${file.text}": ${fileProblem(error)}`);
  }
  if (bytes.length > MAX_SECRET_FILE_BYTES) {
    throw new UsageError(`${file.origin} "${file.text}" is larger than 64 KiB: not a secret`);
  }
  const secret = new TextDecoder().decode(bytes).trim();
  if (secret === "") throw new UsageError(`${file.origin} "${file.text}" is empty`);
  return secret;
}
