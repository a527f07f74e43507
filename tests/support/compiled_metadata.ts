/**
 * Reads what `deno compile` embedded in an executable: the data section starts
 * with the magic `d3n0l4nd`, then the metadata JSON's length (u64, little
 * endian) and the JSON (permissions, log level, entry point, app version).
 * Lets tests inspect a binary built on a stand-in runtime without running it.
 * @module
 */

const MAGIC = new TextEncoder().encode("d3n0l4nd");

/** The parts of the embedded metadata the tests look at. */
export interface CompiledMetadata {
  permissions: Record<string, unknown>;
  log_level: string | null;
  entrypoint_key: string;
  app_version?: string;
  [key: string]: unknown;
}

/**
 * Finds and parses the metadata of a compiled executable.
 *
 * @param binary The executable's bytes.
 * @returns The metadata, or `undefined` when there is none.
 */
export function compiledMetadata(binary: Uint8Array): CompiledMetadata | undefined {
  const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
  for (
    let i = binary.indexOf(MAGIC[0]);
    i >= 0 && i + 16 < binary.length;
    i = binary.indexOf(MAGIC[0], i + 1)
  ) {
    if (!MAGIC.every((byte, j) => binary[i + j] === byte)) continue;
    const length = Number(view.getBigUint64(i + 8, true));
    if (length <= 0 || i + 16 + length > binary.length) continue;
    try {
      return JSON.parse(new TextDecoder().decode(binary.subarray(i + 16, i + 16 + length)));
    } catch {
      // The section's name in the ELF string table, not the data: keep looking.
    }
  }
  return undefined;
}
