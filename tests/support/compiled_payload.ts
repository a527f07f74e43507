/**
 * Reads what `deno compile` (Deno 2.9) embedded in an executable, without
 * running it: the metadata, the npm snapshot, the remote modules and the
 * virtual file system (local modules, included files, npm packages). Lets
 * tests inspect a binary built on a stand-in runtime.
 *
 * The data section, as Deno's `cli/rt/binary.rs` reads it (integers little
 * endian, strings and blobs prefixed by a u32 length unless noted):
 *
 * 1. the magic `d3n0l4nd`;
 * 2. the metadata JSON (u64 length): permissions, env file, unstable flags...;
 * 3. the npm snapshot (u64 length, empty without npm packages): u32 count N,
 *    N package ids (`name@version`), u32 count of root packages, each a
 *    requirement string and a u32 package index, then for each of the N
 *    packages a u32 count of dependencies, each a name and a u32 index;
 * 4. specifiers: u32 count, each a specifier string and a u32 id;
 * 5. redirects: u32 count, each a u32 id and the u32 id it redirects to;
 * 6. remote modules: u32 count, each a u32 specifier id, a u8 media type, the
 *    source, a u8 of flags and, for flags 1, 2, 4, the transpiled code, the
 *    source map and the CJS export analysis;
 * 7. the VFS tree JSON (u64 length): `{"Dir": {"n", "e": [...]}}`,
 *    `{"File": {"n", "o": [offset, length], ...}}`, `{"Symlink": {"n", "p"}}`
 *    entries below the build's root directory; then the files' bytes (u64
 *    length);
 * 8. the magic again.
 *
 * Local modules (`file:`) live in the VFS at their path relative to the root;
 * npm packages in `.deno_compile_node_modules/<registry>/<name>/<version>/`.
 * @module
 */

const MAGIC = new TextEncoder().encode("d3n0l4nd");
/** Where `deno compile` puts npm packages when there is no `node_modules` directory. */
const NPM_DIR = ".deno_compile_node_modules";

/** The parts of the embedded metadata the tests look at. */
export interface CompiledMetadata {
  permissions: Record<string, unknown>;
  log_level: string | null;
  entrypoint_key: string;
  app_version?: string;
  env_vars_from_env_file: Record<string, string>;
  unstable_config: { lazy_dynamic_imports: boolean; features: string[] };
  [key: string]: unknown;
}

/** What an executable embeds. */
export interface CompiledPayload {
  metadata: CompiledMetadata;
  /** Size of the data section in bytes. */
  size: number;
  /** Package ids (`name@version`) of the npm snapshot. */
  npmSnapshot: string[];
  /** Specifiers of the modules stored outside the VFS (`https:`, `jsr:`). */
  remoteModules: string[];
  /** VFS files outside the npm directory: paths relative to the root, `/`-separated. */
  localFiles: string[];
  /** npm package directories in the VFS, as `name@version`. */
  npmPackages: string[];
  /** Number of files of the npm packages in the VFS. */
  npmFileCount: number;
}

/** A cursor over the data section; every read checks the bounds. */
class Reader {
  #offset: number;
  readonly #view: DataView;

  constructor(readonly bytes: Uint8Array, offset: number) {
    this.#offset = offset;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.#offset;
  }

  #take(length: number): number {
    if (length < 0 || this.#offset + length > this.bytes.length) {
      throw new RangeError(`unexpected end of data at ${this.#offset}`);
    }
    const at = this.#offset;
    this.#offset += length;
    return at;
  }

  u8(): number {
    return this.bytes[this.#take(1)];
  }

  u32(): number {
    return this.#view.getUint32(this.#take(4), true);
  }

  u64(): number {
    return Number(this.#view.getBigUint64(this.#take(8), true));
  }

  blob(length: number): Uint8Array {
    const at = this.#take(length);
    return this.bytes.subarray(at, at + length);
  }

  string(): string {
    return new TextDecoder().decode(this.blob(this.u32()));
  }

  json<T>(): T {
    return JSON.parse(new TextDecoder().decode(this.blob(this.u64())));
  }

  magic(): boolean {
    const at = this.#take(MAGIC.length);
    return MAGIC.every((byte, i) => this.bytes[at + i] === byte);
  }

  /** `count` times `read`. */
  times<T>(count: number, read: () => T): T[] {
    return Array.from({ length: count }, read);
  }
}

/** The package ids of a serialized npm snapshot (section 3). */
function npmSnapshotIds(data: Uint8Array): string[] {
  if (data.length === 0) return [];
  const r = new Reader(data, 0);
  const ids = r.times(r.u32(), () => r.string());
  r.times(r.u32(), () => [r.string(), r.u32()]);
  ids.forEach(() => r.times(r.u32(), () => [r.string(), r.u32()]));
  if (r.offset !== data.length) throw new RangeError("data left after the npm snapshot");
  return ids;
}

/** Specifiers of the remote modules (sections 4 to 6). */
function remoteModuleSpecifiers(r: Reader): string[] {
  const specifiers = new Map(r.times(r.u32(), () => {
    const specifier = r.string();
    return [r.u32(), specifier] as const;
  }));
  r.times(r.u32(), () => [r.u32(), r.u32()]);
  return r.times(r.u32(), () => {
    const id = r.u32();
    r.u8(); // media type
    r.blob(r.u32());
    const flags = r.u8();
    for (const flag of [1, 2, 4]) if (flags & flag) r.blob(r.u32());
    const specifier = specifiers.get(id);
    if (specifier === undefined) throw new RangeError(`remote module of unknown specifier ${id}`);
    return specifier;
  });
}

type VfsEntry =
  | { Dir: { n: string; e: VfsEntry[] } }
  | { File: { n: string } }
  | { Symlink: { n: string } };

/** Paths of every file below `entries`. */
function vfsFiles(entries: VfsEntry[], prefix = ""): string[] {
  return entries.flatMap((entry) => {
    if ("Dir" in entry) return vfsFiles(entry.Dir.e, `${prefix}${entry.Dir.n}/`);
    return "File" in entry ? [`${prefix}${entry.File.n}`] : [];
  });
}

/** `name@version` of a file below `.deno_compile_node_modules/<registry>/`. */
function npmPackageOf(path: string): string {
  const parts = path.split("/").slice(2);
  const name = parts[0].startsWith("@") ? parts.splice(0, 2).join("/") : parts.shift();
  return `${name}@${parts[0]}`;
}

/** Parses the data section at `offset` (the magic), to its closing magic. */
function parseSection(binary: Uint8Array, offset: number): CompiledPayload {
  const r = new Reader(binary, offset);
  if (!r.magic()) throw new RangeError("no magic");
  const metadata = r.json<CompiledMetadata>();
  const npmSnapshot = npmSnapshotIds(r.blob(r.u64()));
  const remoteModules = remoteModuleSpecifiers(r);
  const files = vfsFiles(r.json<VfsEntry[]>());
  r.blob(r.u64()); // the files' bytes
  if (!r.magic()) throw new RangeError("no closing magic");
  const npmFiles = files.filter((path) => path.startsWith(`${NPM_DIR}/`));
  return {
    metadata,
    size: r.offset - offset,
    npmSnapshot,
    remoteModules,
    localFiles: files.filter((path) => !path.startsWith(`${NPM_DIR}/`)),
    npmPackages: [...new Set(npmFiles.map(npmPackageOf))],
    npmFileCount: npmFiles.length,
  };
}

/**
 * Finds and parses the data section of a compiled executable. The magic also
 * occurs in the executable's section table (ELF, PE) and in the wrapping
 * `libsui` writes: the occurrence that parses to its closing magic is the one.
 *
 * @param binary The executable's bytes.
 * @returns What it embeds, or `undefined` when it embeds nothing readable.
 */
export function readCompiledPayload(binary: Uint8Array): CompiledPayload | undefined {
  for (let i = binary.indexOf(MAGIC[0]); i >= 0; i = binary.indexOf(MAGIC[0], i + 1)) {
    try {
      return parseSection(binary, i);
    } catch {
      // Not the start of the data section: keep looking.
    }
  }
  return undefined;
}
