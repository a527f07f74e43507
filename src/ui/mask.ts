/**
 * Masks a secret for status output.
 * @module
 */

/** Characters shown from the start of a token: enough to tell two tokens apart by eye. */
const PREFIX_LENGTH = 4;

/** Shorter tokens show no prefix (4 characters would be a large part of them). */
const MIN_PREFIXED_LENGTH = 16;

/**
 * Masks a secret: its first 4 characters and its length, such as
 * `eyJh… (43 chars)`. Never the end: the Go client's first 8 + last 4
 * characters of a 43-character refresh token give away 72 of its 256 bits.
 * Tokens shorter than 16 characters show no characters at all.
 *
 * @param secret A token.
 * @returns The masked form.
 */
export function maskToken(secret: string): string {
  if (secret === "") return "(none)";
  const shown = secret.length < MIN_PREFIXED_LENGTH ? "" : secret.slice(0, PREFIX_LENGTH);
  return `${shown}… (${secret.length} chars)`;
}
