/**
 * Picks the keyring backend of the operating system.
 * @module
 */

import type { KeyringBackend } from "./keyring_backend.ts";
import { sessionBusEnv } from "./keyring_presence.ts";
import { MacKeychainBackend, SECURITY_PROGRAM } from "./macos_security.ts";
import { SECRET_TOOL_PROGRAM, SecretToolBackend } from "./secret_tool.ts";
import { WindowsCredentialBackend } from "./windows_credential.ts";

/**
 * The backend for `os`: Credential Manager on Windows, the keychain on macOS,
 * the Secret Service everywhere else (Linux, the BSDs).
 *
 * @param os The operating system, as `Deno.build.os`.
 * @param env Reads an environment variable (for the session bus address).
 * @returns The backend.
 */
export function osKeyringBackend(
  os: typeof Deno.build.os,
  env: (name: string) => string | undefined,
): KeyringBackend {
  if (os === "windows") return new WindowsCredentialBackend();
  if (os === "darwin") return new MacKeychainBackend();
  return new SecretToolBackend({ env: sessionBusEnv(env) });
}

/**
 * The Deno permission flags the keyring backend of `os` needs: its helper
 * program, or FFI on Windows (where no helper keeps the secret off the
 * command line).
 *
 * @param os The operating system the flags are for.
 * @returns Flags for `deno run` / `deno compile`.
 */
export function keyringPermissionFlags(os: typeof Deno.build.os): string[] {
  if (os === "windows") return ["--allow-ffi"];
  if (os === "darwin") return [`--allow-run=${SECURITY_PROGRAM}`];
  return [`--allow-run=${SECRET_TOOL_PROGRAM}`];
}
