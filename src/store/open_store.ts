/**
 * Opens the token store the settings name: `file` (plain JSON file), `keyring`
 * (`<TOKEN_FILE>.enc`, entries encrypted under a key kept in the OS keyring),
 * `auto` (keyring when it answers, else the plain file; see auto_store.ts), or
 * `memory` (nothing kept; see memory_store.ts).
 *
 * The keyring code is loaded only when it may be used: in `auto` mode without
 * any keyring in reach (no D-Bus session on Linux), the hot path loads and
 * spawns nothing.
 * @module
 */

import type { StoreSettings } from "../config/store_settings.ts";
import type { KeyringBackend } from "../platform/keyring/keyring_backend.ts";
import { keyringAbsenceReason } from "../platform/keyring/keyring_presence.ts";
import { AutoTokenStore } from "./auto_store.ts";
import { FileTokenStore } from "./file_store.ts";
import { type OtherServerPolicy, serverBoundStore } from "./server_bound_store.ts";
import type { KeyringTokenStore } from "./keyring_store.ts";
import type { TokenStore } from "./token_store.ts";

/** What opening a store may need from outside. */
export interface OpenStoreOptions {
  /** The operating system (default: this one). */
  os?: typeof Deno.build.os;
  /** Reads an environment variable (default: the process environment). */
  env?: (name: string) => string | undefined;
  /** Prints `Warning: <message>` (the keyring fallback warning); default: none. */
  warn?: (message: string) => void;
  /** The OS keyring (default: the backend of `os`). Tests pass a fake. */
  keyringBackend?: () => KeyringBackend;
  /**
   * What loading a client id whose entry another server issued does: an error
   * (default; the `token` commands) or no token (the login adds one beside it).
   */
  otherServer?: OtherServerPolicy;
}

/**
 * Opens the configured store.
 *
 * @param settings Store settings.
 * @param options Platform, environment, warning sink.
 * @returns The store, bound to the configured server (see
 * server_bound_store.ts). Nothing is read, and no keyring is asked, until it
 * is used.
 */
export async function openTokenStore(
  settings: StoreSettings,
  options: OpenStoreOptions = {},
): Promise<TokenStore> {
  return serverBoundStore(
    await openBackingStore(settings, options),
    settings.serverUrl,
    options.otherServer ?? "error",
  );
}

/**
 * Opens the store the settings name, not yet bound to a server (what
 * {@linkcode openTokenStore} wraps).
 *
 * @param settings Store settings.
 * @param options Platform, environment, warning sink.
 * @returns The file, keyring or auto store.
 */
export async function openBackingStore(
  settings: StoreSettings,
  options: OpenStoreOptions = {},
): Promise<TokenStore> {
  if (settings.tokenStore === "memory") {
    const { MemoryTokenStore } = await import("./memory_store.ts");
    return new MemoryTokenStore();
  }
  // A symlinked token file is followed only where the user named it (flag, environment).
  const fileOptions = { followSymlink: settings.tokenFileExplicit, warn: options.warn };
  const plain = new FileTokenStore(settings.tokenFile, fileOptions);
  if (settings.tokenStore === "file") return plain;

  const os = options.os ?? Deno.build.os;
  const env = options.env ?? ((name: string) => Deno.env.get(name));
  const encryptedPath = `${settings.tokenFile}.enc`;
  const openKeyring = async (): Promise<KeyringTokenStore> => {
    const [{ KeyringTokenStore }, backend] = await Promise.all([
      import("./keyring_store.ts"),
      options.keyringBackend?.() ??
        import("../platform/keyring/os_keyring.ts").then((m) => m.osKeyringBackend(os, env)),
    ]);
    return new KeyringTokenStore(encryptedPath, backend, fileOptions);
  };
  if (settings.tokenStore === "keyring") return await openKeyring();

  return new AutoTokenStore({
    plain,
    plainPath: settings.tokenFile,
    encryptedPath,
    openKeyring,
    absentReason: keyringAbsenceReason(os, env),
    warn: options.warn ?? (() => {}),
  });
}
