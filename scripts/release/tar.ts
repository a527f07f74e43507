/**
 * A minimal ustar writer: regular files only, which is all a release archive
 * holds.
 * @module
 */

import type { ArchiveEntry } from "./archive.ts";

const BLOCK = 512;
const encoder = new TextEncoder();

function writeText(header: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new Error(`tar: "${text}" does not fit in ${length} bytes`);
  header.set(bytes, offset);
}

/** An octal field: zero-padded digits and a NUL terminator. */
function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeText(header, offset, length, value.toString(8).padStart(length - 1, "0") + "\0");
}

function headerFor(entry: ArchiveEntry, mtime: Date): Uint8Array {
  if (encoder.encode(entry.name).length > 100) {
    throw new Error(`tar: entry name too long: ${entry.name}`);
  }
  const header = new Uint8Array(BLOCK);
  writeText(header, 0, 100, entry.name);
  writeOctal(header, 100, 8, entry.mode);
  writeOctal(header, 108, 8, 0); // uid
  writeOctal(header, 116, 8, 0); // gid
  writeOctal(header, 124, 12, entry.data.length);
  writeOctal(header, 136, 12, Math.floor(mtime.getTime() / 1000));
  header.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  writeText(header, 156, 1, "0"); // regular file
  writeText(header, 257, 6, "ustar\0");
  writeText(header, 263, 2, "00");
  writeText(header, 265, 32, "root");
  writeText(header, 297, 32, "root");
  const sum = header.reduce((total, byte) => total + byte, 0);
  writeText(header, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return header;
}

/**
 * Writes an uncompressed ustar archive.
 *
 * @param entries The files, in order (names up to 100 bytes).
 * @param mtime The modification time of every entry.
 * @returns The archive bytes, ending with the two zero blocks.
 */
export function tarArchive(entries: readonly ArchiveEntry[], mtime: Date): Uint8Array {
  const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
  const size = entries.reduce((total, e) => total + BLOCK + padded(e.data.length), 2 * BLOCK);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const entry of entries) {
    out.set(headerFor(entry, mtime), offset);
    out.set(entry.data, offset + BLOCK);
    offset += BLOCK + padded(entry.data.length);
  }
  return out;
}
