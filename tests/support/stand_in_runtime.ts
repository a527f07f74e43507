/**
 * Stand-ins for `denort`, the runtime `deno compile` downloads: the smallest
 * executable of each target's format (ELF, PE, Mach-O) that Deno accepts as
 * `DENORT_BIN` and appends the program to, exactly as to the real runtime
 * (an ELF section, a PE resource, a Mach-O segment; arm64 Mach-O also gets an
 * ad-hoc signature). They make `deno compile` work for every target on any
 * machine without the download; the result embeds the real program but does
 * not run.
 * @module
 */

import type { ReleaseTarget } from "../../scripts/release/targets.ts";

/** Little-endian writer into a zero-filled buffer. */
class Image {
  readonly bytes: Uint8Array;
  readonly #view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.#view = new DataView(this.bytes.buffer);
  }

  /** Writes `fields` from `offset`: [width in bytes, value] pairs; returns the end. */
  put(offset: number, fields: [1 | 2 | 4 | 8, number | bigint][]): number {
    for (const [width, value] of fields) {
      if (width === 8) this.#view.setBigUint64(offset, BigInt(value), true);
      else if (width === 4) this.#view.setUint32(offset, Number(value), true);
      else if (width === 2) this.#view.setUint16(offset, Number(value), true);
      else this.#view.setUint8(offset, Number(value));
      offset += width;
    }
    return offset;
  }

  text(offset: number, value: string): void {
    this.bytes.set(new TextEncoder().encode(value), offset);
  }
}

/** ELF64: the header and one loadable segment. */
function elf(arch: ReleaseTarget["arch"]): Uint8Array {
  const image = new Image(0x80);
  image.text(0, "\x7fELF\x02\x01\x01");
  image.put(16, [[2, 2], [2, arch === "amd64" ? 0x3e : 0xb7], [4, 1], [8, 0x400078], [8, 64]]);
  image.put(52, [[2, 64], [2, 56], [2, 1], [2, 64]]);
  image.put(64, [[4, 1], [4, 5], [8, 0], [8, 0x400000], [8, 0x400000], [8, 0x80], [8, 0x80]]);
  image.put(112, [[8, 0x1000]]);
  return image.bytes;
}

/** PE32+ (x86-64 console program): headers and one `.text` section. */
function pe(): Uint8Array {
  const image = new Image(0x400);
  image.text(0, "MZ");
  image.put(0x3c, [[4, 0x40]]);
  image.text(0x40, "PE\0\0");
  image.put(0x44, [[2, 0x8664], [2, 1], [4, 0], [4, 0], [4, 0], [2, 0xf0], [2, 0x22]]);
  // deno-fmt-ignore
  const optional = image.put(0x58, [
    [2, 0x20b], [1, 14], [1, 0], [4, 0x200], [4, 0], [4, 0], [4, 0x1000], [4, 0x1000],
    [8, 0x140000000n], [4, 0x1000], [4, 0x200], [2, 6], [2, 0], [2, 0], [2, 0], [2, 6], [2, 0],
    [4, 0], [4, 0x2000], [4, 0x200], [4, 0], [2, 3], [2, 0x8160],
    [8, 0x100000], [8, 0x1000], [8, 0x100000], [8, 0x1000], [4, 0], [4, 16],
  ]);
  const section = optional + 16 * 8; // after the (empty) data directories
  image.text(section, ".text");
  image.put(section + 8, [[4, 0x10], [4, 0x1000], [4, 0x200], [4, 0x200]]);
  image.put(section + 36, [[4, 0x60000020]]);
  image.put(0x200, [[1, 0xc3]]);
  return image.bytes;
}

/**
 * Mach-O 64 executable: `__PAGEZERO`, `__TEXT`, `__LINKEDIT` (which Deno
 * needs to insert its segment before), a symbol table, an entry point and an
 * empty code signature (which Deno replaces on arm64).
 */
function macho(arch: ReleaseTarget["arch"]): Uint8Array {
  const page = 0x4000;
  const image = new Image(page + 0x100);
  const segment = (at: number, name: string, fields: number[], sections = 0) => {
    image.put(at, [[4, 0x19], [4, 72 + 80 * sections]]);
    image.text(at + 8, name);
    const [vmaddr, vmsize, fileoff, filesize, prot] = fields;
    image.put(at + 24, [[8, vmaddr], [8, vmsize], [8, fileoff], [8, filesize], [4, prot]]);
    return image.put(at + 60, [[4, prot], [4, sections], [4, 0]]);
  };
  let at = segment(32, "__PAGEZERO", [0, 0x100000000, 0, 0, 0]);
  at = segment(at, "__TEXT", [0x100000000, page, 0, page, 5], 1);
  image.text(at, "__text");
  image.text(at + 16, "__TEXT");
  image.put(at + 32, [[8, 0x100001000], [8, 4], [4, 0x1000], [4, 2], [4, 0], [4, 0]]);
  image.put(at + 64, [[4, 0x80000400]]);
  at = segment(at + 80, "__LINKEDIT", [0x100000000 + page, page, page, 0x100, 1]);
  at = image.put(at, [[4, 0x2], [4, 24], [4, page], [4, 0], [4, page], [4, 0x10]]); // LC_SYMTAB
  at = image.put(at, [[4, 0x80000028], [4, 24], [8, 0x1000], [8, 0]]); // LC_MAIN
  at = image.put(at, [[4, 0x1d], [4, 16], [4, page + 0x10], [4, 0xf0]]); // LC_CODE_SIGNATURE
  const arm = arch === "arm64";
  image.put(0, [[4, 0xfeedfacf], [4, arm ? 0x0100000c : 0x01000007], [4, arm ? 0 : 3], [4, 2]]);
  image.put(16, [[4, 6], [4, at - 32], [4, 0x00200085]]);
  // An empty signature super blob (big endian).
  new DataView(image.bytes.buffer).setUint32(page + 0x10, 0xfade0cc0);
  new DataView(image.bytes.buffer).setUint32(page + 0x14, 12);
  return image.bytes;
}

/**
 * The stand-in runtime for a target.
 *
 * @param target The release target.
 * @returns The executable's bytes, for a file that `DENORT_BIN` names.
 */
export function standInRuntime(target: ReleaseTarget): Uint8Array {
  if (target.os === "windows") return pe();
  return target.os === "darwin" ? macho(target.arch) : elf(target.arch);
}
