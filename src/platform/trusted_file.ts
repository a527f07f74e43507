/**
 * Reads a file the CLI trusts (the token file, its lock, `.env`) without
 * letting someone else steer the read: the rules of file_trust.ts, the
 * symlink rule, a regular-file check, and a size cap.
 *
 * Why no FIFO can hang the read although Deno has no `O_NONBLOCK`: the entry
 * is `lstat`ed and must be a regular file before it is opened, and the opened
 * handle must be the same file (device and inode). The one gap, a swap
 * between the `lstat` and the `open`, needs write access to the directory,
 * and the directory check has just established that only the user or root has
 * it (or, with the sticky bit as in `/tmp`, that nobody else may rename or
 * remove the user's own file). So nobody who is not already the user can
 * open that window.
 * @module
 */

import { parentDir } from "./resolve_path.ts";
import { CliError } from "../errors.ts";
import {
  directoryProblem,
  fileFacts,
  fileVerdict,
  narrowedWarning,
  ownerIsTrusted,
} from "./file_trust.ts";

/** The largest token file read (real ones hold a few KiB per client id). */
export const TOKEN_FILE_MAX_BYTES = 64 * 1024 * 1024;

/** A file (or a directory above it) that must not be trusted. */
export class UntrustedFileError extends CliError {
  override name = "UntrustedFileError";
}

/** How to treat one file. */
export interface TrustPolicy {
  /** What it is, for messages: `token file`, `.env file`, `lock file`. */
  what: string;
  /** Follow a symlink owned by the user or root (to a target checked in turn). */
  followSymlink: boolean;
  /** The hint when a symlink is refused. */
  symlinkHint: string;
  /** Secrets inside: readable by group or others is narrowed to owner-only. */
  secret: boolean;
  /** Larger files are refused. */
  maxBytes: number;
  /** Receives the one-line warning when a mode is narrowed. */
  warn?: (message: string) => void;
}

/** The current uid; `null` on Windows, where files have no POSIX owner. */
function currentUser(): number | null {
  return Deno.build.os === "windows" ? null : Deno.uid();
}

function lstatIfExists(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function sizeText(bytes: number): string {
  const mib = 1024 * 1024;
  if (bytes % mib === 0) return `${bytes / mib} MiB`;
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

function untrusted(policy: TrustPolicy, path: string, problem: string, hint: string) {
  return new UntrustedFileError(`refusing ${policy.what} ${path}: ${problem}`, { hint });
}

/**
 * The path to work on under the symlink rule: `path` itself, or the real
 * path of the symlink it is, when the policy allows following it and the
 * link belongs to the user or root.
 *
 * @param path The path as configured.
 * @param policy The file's policy.
 * @returns The path to read, lock and write.
 * @throws {UntrustedFileError} for a symlink that must not be followed.
 */
export function resolveTrustedPath(path: string, policy: TrustPolicy): string {
  const info = lstatIfExists(path);
  if (!info?.isSymlink) return path;
  if (!policy.followSymlink) {
    throw untrusted(policy, path, "it is a symbolic link", policy.symlinkHint);
  }
  if (!ownerIsTrusted(info.uid, currentUser())) {
    throw untrusted(
      policy,
      path,
      `it is a symbolic link owned by another user (uid ${info.uid})`,
      "someone else may have planted it; remove it or choose another path",
    );
  }
  // The link's own directory too: else someone who may write it could swap the link
  // between this check and the realPath below, and steer reads and writes elsewhere.
  checkedLocation(path, policy);
  try {
    return Deno.realPathSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw untrusted(policy, path, "it is a symbolic link to a missing file", policy.symlinkHint);
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * Checks every directory above `path` up to the root, on the real path (a
 * symlinked directory such as a dotfiles `~/.config` is resolved, so the
 * directories checked are the ones the file really lives in), and returns
 * that real location for every later step: what was checked is what is
 * opened. Directories that do not exist yet (a first login) are skipped; the
 * nearest existing one is checked.
 *
 * @param path A file path (it need not exist, nor its parent).
 * @param policy The file's policy (for messages).
 * @returns The file's real location (`path` itself where owners are unknown: Windows).
 * @throws {UntrustedFileError} naming the first unsafe directory.
 */
export function checkedLocation(path: string, policy: TrustPolicy): string {
  const user = currentUser();
  if (user === null) return path;
  const absolute = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  const missing: string[] = [];
  let existing = parentDir(absolute);
  let real: string;
  for (;;) {
    try {
      real = Deno.realPathSync(existing);
      break;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound) || existing === "/") throw error;
      missing.unshift(baseName(existing));
      existing = parentDir(existing);
    }
  }
  for (let current = real;; current = parentDir(current)) {
    const problem = directoryProblem(fileFacts(Deno.lstatSync(current)), user);
    if (problem) {
      throw untrusted(
        policy,
        path,
        `directory ${current} is ${problem}`,
        `others could replace the file; fix the directory (chmod go-w ${current}) or choose another path`,
      );
    }
    if (parentDir(current) === current) break;
  }
  return [real === "/" ? "" : real, ...missing, baseName(absolute)].join("/");
}

/**
 * Reads an open file into one buffer of its size (reading in chunks and
 * joining them holds the file twice for a moment, which a 10 MB token file
 * turns into 20 MB), reusing `spare` when it is large enough; `undefined`
 * once more than `maxBytes` arrive.
 */
function readCapped(
  file: Deno.FsFile,
  size: number,
  maxBytes: number,
  spare?: Uint8Array,
): Uint8Array | undefined {
  if (size > maxBytes) return undefined;
  let buffer = spare && spare.length >= size ? spare.subarray(0, size) : new Uint8Array(size);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      // Full: at the end, or the file grew (or reports no size): look before growing.
      const probe = new Uint8Array(64 * 1024);
      const n = file.readSync(probe);
      if (n === null) return buffer;
      if (length + n > maxBytes) return undefined;
      const bigger = new Uint8Array(Math.min(buffer.length * 2 + n, maxBytes));
      bigger.set(buffer);
      bigger.set(probe.subarray(0, n), length);
      buffer = bigger;
      length += n;
      continue;
    }
    const n = file.readSync(buffer.subarray(length));
    if (n === null) return buffer.subarray(0, length);
    length += n;
  }
}

const REFUSAL_HINTS = {
  type: "remove it (it is not a file authgate wrote)",
  owner: "someone else may have planted it; remove it or choose another path",
  writable: "check what it holds, then make it private: chmod 600 PATH",
} as const;

/**
 * Opens for reading the regular file that `lstat` described as `seen`: the
 * handle must be that very file (same device and inode), so a swap between the
 * check and the open cannot steer the read. `undefined` when it was replaced.
 *
 * @param path The file.
 * @param seen Its `lstat` result, a regular file.
 * @returns The open file, or `undefined`.
 * @throws {Deno.errors.NotFound} when it was removed in between.
 */
export function openSeenFile(path: string, seen: Deno.FileInfo): Deno.FsFile | undefined {
  const file = Deno.openSync(path, { read: true });
  const opened = file.statSync();
  if (opened.isFile && opened.ino === seen.ino && opened.dev === seen.dev) return file;
  file.close();
  return undefined;
}

/**
 * Reads a trusted file as text (see {@linkcode readTrustedBytes}).
 *
 * @param path The file as configured.
 * @param policy How to treat it.
 * @returns Its text, or `undefined` when it does not exist.
 * @throws {UntrustedFileError} when a rule refuses it.
 */
export function readTrustedFile(path: string, policy: TrustPolicy): string | undefined {
  const bytes = readTrustedBytes(path, policy);
  return bytes && new TextDecoder().decode(bytes);
}

/**
 * Reads a trusted file: the symlink rule, the directory checks, a regular
 * file of a trusted owner and mode (a readable secret is narrowed first), no
 * larger than the cap.
 *
 * @param path The file as configured.
 * @param policy How to treat it.
 * @param spare A buffer to read into when it is large enough (its old content is overwritten).
 * @returns Its bytes, or `undefined` when it does not exist.
 * @throws {UntrustedFileError} when a rule refuses it.
 */
export function readTrustedBytes(
  path: string,
  policy: TrustPolicy,
  spare?: Uint8Array,
): Uint8Array | undefined {
  const target = resolveTrustedPath(path, policy);
  // A missing file needs no checks (and a missing `.env` in an open directory is fine).
  if (!lstatIfExists(target)) return undefined;
  const location = checkedLocation(target, policy);
  const info = lstatIfExists(location);
  if (!info) return undefined;
  const facts = fileFacts(info);
  const verdict = fileVerdict(facts, currentUser(), policy.secret);
  if (verdict.action === "refuse") {
    const hint = REFUSAL_HINTS[verdict.problem].replace("PATH", location);
    throw untrusted(policy, path, `it is ${verdict.reason}`, hint);
  }
  if (verdict.action === "narrow") {
    let outcome: number | Error = verdict.mode;
    try {
      Deno.chmodSync(location, verdict.mode);
    } catch (error) {
      // A read-only mount or a root-owned file: reading it leaks nothing more than it already has.
      outcome = error instanceof Error ? error : new Error(String(error));
    }
    policy.warn?.(narrowedWarning(`${policy.what} ${path}`, facts.mode!, outcome));
  }
  const file = openSeenFile(location, info);
  if (!file) throw untrusted(policy, path, "it was replaced while being opened", "try again");
  try {
    // The size lstat saw: the same inode; readCapped copes with a file that grew since.
    const bytes = readCapped(file, info.size, policy.maxBytes, spare);
    if (!bytes) {
      throw untrusted(
        policy,
        path,
        `it is larger than ${sizeText(policy.maxBytes)}`,
        `a real ${policy.what} is far smaller; check what it is`,
      );
    }
    return bytes;
  } finally {
    file.close();
  }
}
