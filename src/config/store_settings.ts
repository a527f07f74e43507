/**
 * The store-only settings level: what `token get` needs while the token is
 * fresh. No network, no server URL validation, no warnings.
 * @module
 */

import { UsageError } from "../errors.ts";
import { defaultTokenFile } from "./default_token_file.ts";
import { resolvePath } from "../platform/resolve_path.ts";
import { normalizeServerUrl } from "../token/server_binding.ts";
import { DEFAULT_SERVER_URL, SETTING_FLAGS } from "./setting_flags.ts";
import { parseDurationSetting, type SettingSource } from "./setting_source.ts";

/** Where tokens are kept: one of the `--token-store` choices. */
export type TokenStoreKind = typeof SETTING_FLAGS.tokenStore.choices[number];

const STORE_KINDS: readonly TokenStoreKind[] = SETTING_FLAGS.tokenStore.choices;

/** Settings of the store level. */
export interface StoreSettings {
  clientId: string;
  tokenStore: TokenStoreKind;
  /** The token file path (the keyring store keeps `<tokenFile>.enc`). */
  tokenFile: string;
  /**
   * Whether the user named the token file (flag or environment): only then may
   * it be a symlink to follow. The default path and `.env` never choose a link.
   */
  tokenFileExplicit: boolean;
  /** Refresh when expiry is within this many milliseconds. Never capped. */
  refreshThresholdMs: number;
  /**
   * The configured server, canonical but not validated (the network level
   * does that), for choosing the entry it issued; `undefined` when none is set.
   */
  serverUrl?: string;
}

/**
 * Resolves the store level.
 *
 * @param source The settings source.
 * @param platform The OS and environment (for the default token file), and the
 * working directory a relative `TOKEN_FILE` is resolved against.
 * @returns The settings.
 * @throws {UsageError} when the client id is missing or a value is malformed.
 */
export function resolveStoreSettings(
  source: SettingSource,
  platform: {
    os: typeof Deno.build.os;
    env: (name: string) => string | undefined;
    cwd?: string;
  },
): StoreSettings {
  const clientId = source.lookup(SETTING_FLAGS.clientId)?.text;
  if (!clientId) {
    throw new UsageError(
      "client id is not set",
      "pass --client-id or set CLIENT_ID (in the environment or in your config.env)",
    );
  }

  const store = source.lookup(SETTING_FLAGS.tokenStore);
  const tokenStore = (store?.text ?? "auto") as TokenStoreKind;
  if (!STORE_KINDS.includes(tokenStore)) {
    throw new UsageError(
      `invalid ${store!.origin} "${store!.text}": expected one of ${STORE_KINDS.join(", ")}`,
    );
  }

  const tokenFileSetting = source.lookup(SETTING_FLAGS.tokenFile);
  // Relative to the working directory (as the Go client's), but shown and used as the real path.
  const tokenFile = tokenFileSetting !== undefined && platform.cwd !== undefined
    ? resolvePath(platform.cwd, tokenFileSetting.text, platform.os)
    : tokenFileSetting?.text ?? defaultTokenFile(platform.os, platform.env);
  // A memory store needs no file: a scratch container may have no home and no writable volume.
  if (!tokenFile && tokenStore !== "memory") {
    throw new UsageError(
      "cannot choose a token file: no home directory is set",
      "set TOKEN_FILE (or pass --token-file) to a path on a writable volume",
    );
  }

  const threshold = source.lookup(SETTING_FLAGS.refreshThreshold);
  const refreshThresholdMs = threshold ? parseDurationSetting(threshold) : 5 * 60_000;
  const server = source.lookup(SETTING_FLAGS.serverUrl)?.text ?? DEFAULT_SERVER_URL;
  const serverUrl = server === undefined ? undefined : normalizeServerUrl(server);
  // TOKEN_FILE is trusted: it never comes from a working directory's .env, so a set one was named.
  const tokenFileExplicit = tokenFileSetting !== undefined;
  return {
    clientId,
    tokenStore,
    tokenFile: tokenFile ?? "",
    tokenFileExplicit,
    refreshThresholdMs,
    serverUrl,
  };
}
