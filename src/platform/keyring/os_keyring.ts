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
  if (os === "darwin") {
    const home = env("HOME");
    return new MacKeychainBackend({ env: home ? { HOME: home } : {} });
  }
  return new SecretToolBackend({ env: sessionBusEnv(env) });
}

/**
 * The programs the keyring backend of `os` starts, for `--allow-run`: the
 * helper that keeps the secret off the command line. None on Windows (FFI).
 *
 * @param os The operating system the permissions are for.
 * @returns Program names or absolute paths.
 */
export function keyringPrograms(os: typeof Deno.build.os): string[] {
  if (os === "windows") return [];
  if (os === "darwin") return [SECURITY_PROGRAM];
  return [SECRET_TOOL_PROGRAM];
}

/**
 * Whether the keyring backend of `os` needs `--allow-ffi` (Windows only:
 * Credential Manager has no helper program that keeps the secret off argv).
 *
 * @param os The operating system the permissions are for.
 * @returns `true` on Windows.
 */
export function keyringNeedsFfi(os: typeof Deno.build.os): boolean {
  return os === "windows";
}
