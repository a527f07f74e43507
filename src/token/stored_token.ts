/**
 * The token one client id keeps in the store, and its on-disk JSON encoding,
 * byte-compatible with the Go authgate-cli's `TokenStorage` struct.
 * @module
 */

/** A stored token set. Times are epoch milliseconds. */
export interface StoredToken {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  scope?: string;
  idToken?: string;
  /** Absolute expiry, computed from the local clock when the token arrived. */
  expiresAt: number;
  clientId: string;
  /**
   * When the server rejected the refresh token (`invalid_grant`): it is never
   * sent again, and only a new login replaces the entry. Stored as
   * `refresh_token_rejected_at` (RFC 3339), a field the Go client ignores.
   */
  refreshRejectedAt?: number;
}

// Date.parse alone accepts nearly anything ("x 2025"); Go accepts only RFC 3339.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Raised when a stored entry cannot be read as a token. */
export class TokenEntryError extends Error {
  override name = "TokenEntryError";
}

/**
 * Encodes a token as the JSON object the Go client writes (snake_case keys,
 * RFC 3339 `expires_at`, optional fields omitted when empty).
 *
 * @param token The token to encode.
 * @returns The JSON text of the entry.
 */
export function encodeStoredToken(token: StoredToken): string {
  const entry: Record<string, string> = {
    access_token: token.accessToken,
    refresh_token: token.refreshToken,
    token_type: token.tokenType,
  };
  if (token.scope) entry.scope = token.scope;
  if (token.idToken) entry.id_token = token.idToken;
  entry.expires_at = new Date(token.expiresAt).toISOString();
  entry.client_id = token.clientId;
  if (token.refreshRejectedAt !== undefined) {
    entry.refresh_token_rejected_at = new Date(token.refreshRejectedAt).toISOString();
  }
  return JSON.stringify(entry);
}

/**
 * Decodes an entry written by this program or by the Go client.
 *
 * @param text The entry's JSON text.
 * @returns The token.
 * @throws {TokenEntryError} when the text is not a token entry; the message never
 * contains token material.
 */
export function decodeStoredToken(text: string): StoredToken {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TokenEntryError("entry is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TokenEntryError("entry is not a JSON object");
  }
  const entry = value as Record<string, unknown>;
  const field = (name: string, required: boolean): string | undefined => {
    const v = entry[name];
    if (v === undefined || v === null) {
      if (required) throw new TokenEntryError(`entry has no "${name}"`);
      return undefined;
    }
    if (typeof v !== "string") throw new TokenEntryError(`entry field "${name}" is not a string`);
    return v;
  };
  const time = (name: string, text: string): number => {
    const at = RFC3339.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(at)) {
      throw new TokenEntryError(`entry field "${name}" is not an RFC 3339 time`);
    }
    return at;
  };
  const expiresAt = time("expires_at", field("expires_at", true)!);
  const rejectedText = field("refresh_token_rejected_at", false);
  const token: StoredToken = {
    accessToken: field("access_token", false) ?? "",
    refreshToken: field("refresh_token", false) ?? "",
    tokenType: field("token_type", false) || "Bearer",
    scope: field("scope", false) || undefined,
    idToken: field("id_token", false) || undefined,
    expiresAt,
    clientId: field("client_id", false) ?? "",
  };
  if (rejectedText) token.refreshRejectedAt = time("refresh_token_rejected_at", rejectedText);
  return token;
}
