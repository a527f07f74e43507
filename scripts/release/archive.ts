/**
 * Release archives: `.tar.gz` for Linux and macOS, `.zip` for Windows, written
 * with Deno's own APIs (`CompressionStream`) and the two small writers beside
 * this file, so the release pipeline pulls in no archive package.
 * @module
 */

import { compress } from "./compress.ts";
import { tarArchive } from "./tar.ts";
import { zipArchive } from "./zip.ts";

/** One file in an archive. */
export interface ArchiveEntry {
  /** The path inside the archive (`authgate`, `README.md`). */
  name: string;
  data: Uint8Array;
  /** Unix permission bits (0o755 for the executable, 0o644 for documents). */
  mode: number;
}

/**
 * Builds an archive of `entries` in `format`, every entry dated `mtime` (so
 * the same inputs give the same bytes).
 *
 * @param format `tar.gz` or `zip`.
 * @param entries The files, in order.
 * @param mtime The modification time recorded for every entry.
 * @returns The archive bytes.
 */
export async function createArchive(
  format: "tar.gz" | "zip",
  entries: readonly ArchiveEntry[],
  mtime: Date,
): Promise<Uint8Array> {
  if (format === "zip") return await zipArchive(entries, mtime);
  return await compress(tarArchive(entries, mtime), "gzip");
}
