/**
 * Masks a secret for status output: the first 8 and last 4 characters, as the
 * Go client shows them; short values are hidden entirely.
 *
 * @param secret A token.
 * @returns The masked form, such as `eyJhbGci...x9Qw`.
 */
export function maskToken(secret: string): string {
  if (secret === "") return "(none)";
  if (secret.length <= 16) return "****";
  return `${secret.slice(0, 8)}...${secret.slice(-4)}`;
}
