/**
 * Quoting for the shells that completion scripts and `token get --format env` target.
 * @module
 */

/** A POSIX-shell (bash, zsh) single-quoted string. */
export function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A fish single-quoted string. */
export function fishQuote(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** A PowerShell single-quoted string. */
export function powershellQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
