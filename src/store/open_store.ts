/**
 * Opens the token store the settings name.
 * @module
 */

import type { StoreSettings } from "../config/store_settings.ts";
import { CliError } from "../ui/errors.ts";
import { FileTokenStore } from "./file_store.ts";
import type { TokenStore } from "./token_store.ts";

/**
 * Opens the configured store. `auto` currently means the plain file.
 *
 * @param settings Store settings.
 * @returns The store.
 */
export function openTokenStore(settings: StoreSettings): Promise<TokenStore> {
  if (settings.tokenStore === "keyring") {
    return Promise.reject(
      new CliError("the keyring token store is not available in this build", {
        hint: "use --token-store file",
      }),
    );
  }
  return Promise.resolve(new FileTokenStore(settings.tokenFile));
}
