/**
 * A minimal zip writer: deflated regular files, no zip64 (entries under
 * 4 GiB), which is all a release archive holds.
 * @module
 */

import type { ArchiveEntry } from "./archive.ts";
import { compress } from "./compress.ts";

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/**
 * The CRC-32 (IEEE) of `data`, as zip and gzip use it.
 *
 * @param data The bytes.
 * @returns The checksum as an unsigned 32-bit number.
 */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time (local fields of the UTC time; 2-second resolution, from 1980). */
function dosDateTime(mtime: Date): { time: number; date: number } {
  const d = mtime.getUTCFullYear() < 1980 ? new Date(Date.UTC(1980, 0, 1)) : mtime;
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

class ByteWriter {
  #chunks: Uint8Array[] = [];
  length = 0;

  bytes(data: Uint8Array): void {
    this.#chunks.push(data);
    this.length += data.length;
  }

  /** Little-endian unsigned integers of 2 or 4 bytes. */
  uint(value: number, size: 2 | 4): void {
    const bytes = new Uint8Array(size);
    const view = new DataView(bytes.buffer);
    if (size === 2) view.setUint16(0, value, true);
    else view.setUint32(0, value, true);
    this.bytes(bytes);
  }

  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

const VERSION_NEEDED = 20; // 2.0: deflate
const MADE_BY_UNIX = (3 << 8) | 20; // unix, so the mode bits travel
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;

/**
 * Writes a zip archive.
 *
 * @param entries The files, in order.
 * @param mtime The modification time of every entry.
 * @returns The archive bytes.
 */
export async function zipArchive(
  entries: readonly ArchiveEntry[],
  mtime: Date,
): Promise<Uint8Array> {
  const { time, date } = dosDateTime(mtime);
  const out = new ByteWriter();
  const central = new ByteWriter();
  for (const entry of entries) {
    if (entry.data.length >= 0xffffffff) throw new Error(`zip: ${entry.name} is too large`);
    const name = new TextEncoder().encode(entry.name);
    const deflated = await compress(entry.data, "deflate-raw");
    const crc = crc32(entry.data);
    const offset = out.length;
    // Fields shared by the local header and the central directory record.
    const common = (w: ByteWriter) => {
      w.uint(VERSION_NEEDED, 2);
      w.uint(UTF8_NAMES, 2);
      w.uint(DEFLATE, 2);
      w.uint(time, 2);
      w.uint(date, 2);
      w.uint(crc, 4);
      w.uint(deflated.length, 4);
      w.uint(entry.data.length, 4);
      w.uint(name.length, 2);
      w.uint(0, 2); // extra field length
    };
    out.uint(0x04034b50, 4);
    common(out);
    out.bytes(name);
    out.bytes(deflated);

    central.uint(0x02014b50, 4);
    central.uint(MADE_BY_UNIX, 2);
    common(central);
    central.uint(0, 2); // comment length
    central.uint(0, 2); // disk number
    central.uint(0, 2); // internal attributes
    central.uint(((0o100000 | entry.mode) << 16) >>> 0, 4); // regular file + mode
    central.uint(offset, 4);
    central.bytes(name);
  }
  const centralOffset = out.length;
  out.bytes(central.concat());
  out.uint(0x06054b50, 4);
  out.uint(0, 2); // this disk
  out.uint(0, 2); // disk with the central directory
  out.uint(entries.length, 2);
  out.uint(entries.length, 2);
  out.uint(central.length, 4);
  out.uint(centralOffset, 4);
  out.uint(0, 2); // comment length
  return out.concat();
}
