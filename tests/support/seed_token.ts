/**
 * Tokens from the test authorization server in a token file, as a login
 * would have put them there (the seeding itself is shared with the smoke test).
 * @module
 */

import { FileTokenStore } from "../../src/store/file_store.ts";

export { type SeedOptions, seedToken } from "../../scripts/dev_server/seed_token.ts";

/** Reads the stored token of `clientId`. */
export function readStoredToken(tokenFile: string, clientId: string) {
  return new FileTokenStore(tokenFile).load(clientId);
}
