/**
 * `checksums.txt`: SHA-256 lines in `sha256sum` format (`<hex>  <file>`), so
 * `sha256sum -c checksums.txt` verifies a download.
 * @module
 */

/**
 * The SHA-256 of `data` as lowercase hex.
 *
 * @param data The bytes.
 * @returns 64 hex digits.
 */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Formats checksum lines, sorted by file name.
 *
 * @param sums File name → hex digest.
 * @returns The file text, one line per file.
 */
export function formatChecksums(sums: ReadonlyMap<string, string>): string {
  return [...sums].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    .map(([file, hex]) => `${hex}  ${file}\n`).join("");
}

/**
 * Parses a `checksums.txt`.
 *
 * @param text The file text.
 * @returns File name → hex digest.
 * @throws {Error} naming the first malformed line.
 */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const match = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line.trimEnd());
    if (!match) throw new Error(`checksums line ${index + 1} is not "<sha256>  <file>"`);
    sums.set(match[2], match[1]);
  });
  return sums;
}
