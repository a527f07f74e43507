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
   * The server the token came from (its base URL, no trailing slash), and the
   * issuer its discovery named. Entries the Go client wrote have neither: they
   * are bound to the first server that refreshes them.
   */
  serverUrl?: string;
  issuer?: string;
  /**
   * When the server rejected the refresh token (`invalid_grant`): it is never
   * sent again, and only a new login replaces the entry. Stored as
   * `refresh_token_rejected_at` (RFC 3339), a field the Go client ignores.
   */
  refreshRejectedAt?: number;
}

// Date.parse alone accepts nearly anything ("x 2025"); Go accepts only RFC 3339.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * RFC 6750's token68 (`b64token`): the characters a Bearer token may have.
 * Anything else (CR/LF, spaces, quotes, `$(`) could inject a header through
 * `--format header` or a command through `--format env`.
 */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Which of an access and a refresh token is not token68, if one is (an
 * empty or missing value passes: the callers decide whether one is needed).
 *
 * @param accessToken The access token.
 * @param refreshToken The refresh token.
 * @returns `access_token`, `refresh_token`, or undefined when both are fine.
 */
export function invalidTokenField(
  accessToken: string | undefined,
  refreshToken: string | undefined,
): "access_token" | "refresh_token" | undefined {
  if (accessToken && !TOKEN68.test(accessToken)) return "access_token";
  if (refreshToken && !TOKEN68.test(refreshToken)) return "refresh_token";
  return undefined;
}

/** Raised when a stored entry cannot be read as a token. */
export class TokenEntryError extends Error {
  override name = "TokenEntryError";
}

/**
 * Encodes a token as the JSON object the Go client writes (snake_case keys,
 * RFC 3339 `expires_at`, optional fields omitted when empty), plus the server
 * binding as `server_url` and `issuer`, which the Go client ignores.
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
  if (token.serverUrl) entry.server_url = token.serverUrl;
  if (token.issuer) entry.issuer = token.issuer;
  if (token.refreshRejectedAt !== undefined) {
    entry.refresh_token_rejected_at = new Date(token.refreshRejectedAt).toISOString();
  }
  return JSON.stringify(entry);
}

/** The server binding fields that are set (an unbound entry has none). */
function binding(serverUrl?: string, issuer?: string): Pick<StoredToken, "serverUrl" | "issuer"> {
  return { ...(serverUrl ? { serverUrl } : {}), ...(issuer ? { issuer } : {}) };
}

/**
 * Decodes an entry written by this program or by the Go client.
 *
 * @param text The entry's JSON text.
 * @returns The token.
 * @throws {TokenEntryError} when the text is not a token entry, or its access
 * or refresh token is not token68 (it is then never printed); the message
 * never contains token material.
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
  const accessToken = field("access_token", false) ?? "";
  const refreshToken = field("refresh_token", false) ?? "";
  const invalid = invalidTokenField(accessToken, refreshToken);
  if (invalid) {
    throw new TokenEntryError(`entry field "${invalid}" has characters a token cannot have`);
  }
  const token: StoredToken = {
    accessToken,
    refreshToken,
    tokenType: field("token_type", false) || "Bearer",
    scope: field("scope", false) || undefined,
    idToken: field("id_token", false) || undefined,
    expiresAt,
    clientId: field("client_id", false) ?? "",
    ...binding(field("server_url", false), field("issuer", false)),
  };
  if (rejectedText) token.refreshRejectedAt = time("refresh_token_rejected_at", rejectedText);
  return token;
}
