/**
 * A store wrapper that adds every token it loads or saves to the secrets kept
 * off stderr (see ../text/held_secrets.ts), so that no message can repeat one.
 * @module
 */

import type { StoredToken } from "../token/stored_token.ts";
import type { HeldSecrets } from "../text/held_secrets.ts";
import type { TokenStore } from "./token_store.ts";

/**
 * Wraps `store` so that the tokens passing through it are held as secrets.
 *
 * @param store The store.
 * @param secrets Where the tokens are added.
 * @returns A store with the same behaviour.
 */
export function storeHoldingSecrets(store: TokenStore, secrets: HeldSecrets): TokenStore {
  const hold = (token: StoredToken | undefined) => {
    if (token) secrets.hold(token.accessToken, token.refreshToken, token.idToken);
    return token;
  };
  return {
    get description() {
      return store.description;
    },
    load: async (clientId) => hold(await store.load(clientId)),
    withLock: (timeoutMs, action) =>
      store.withLock(timeoutMs, (locked) =>
        action({
          load: async (clientId) => hold(await locked.load(clientId)),
          save: (token, key) => locked.save(hold(token)!, key),
          prepareSave: async (key) => {
            const prepared = await locked.prepareSave(key);
            return {
              save: (token) => prepared.save(hold(token)!),
              discard: () => prepared.discard(),
            };
          },
          remove: (clientId) => locked.remove(clientId),
        })),
  };
}
