/**
 * Which stored entry belongs to which authorization server. A token is sent
 * only to the server that issued it, and one token file can hold the same
 * client id at several servers (staging and production): the first server's
 * entry sits under the client id itself, as the Go client expects, and each
 * other server's under `<client id>@<server URL>`.
 * @module
 */

import type { StoredToken } from "./stored_token.ts";

/**
 * The canonical form of a server URL for comparing bindings: parsed and
 * serialised (lower-case scheme and host, default port dropped), no trailing
 * slash. Text that is not a URL stays as it is, trimmed of trailing slashes
 * (the network settings reject it later, with a precise message).
 *
 * @param text A server URL as configured.
 * @returns The canonical form.
 */
export function normalizeServerUrl(text: string): string {
  let href = text;
  try {
    href = new URL(text).href;
  } catch {
    // Not a URL: compared as written.
  }
  return href.replace(/\/+$/, "");
}

/**
 * The entry key of `clientId` at a server other than the first one.
 *
 * @param clientId The client id.
 * @param serverUrl The server, canonical.
 * @returns The key.
 */
export function secondaryEntryKey(clientId: string, serverUrl: string): string {
  return `${clientId}@${serverUrl}`;
}

/**
 * Whether `token` may be used with `serverUrl`: it was issued there, or it is
 * not bound yet (an entry the Go client wrote), or no server is configured (the
 * token's own server is then the one to use).
 *
 * @param token The stored token.
 * @param serverUrl The configured server, canonical, if any.
 * @returns `true` when the token may go to that server.
 */
export function belongsToServer(token: StoredToken, serverUrl: string | undefined): boolean {
  return serverUrl === undefined || token.serverUrl === undefined ||
    token.serverUrl === serverUrl;
}
