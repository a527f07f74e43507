/**
 * An exclusive lock file beside the token file, shared by every writer and by
 * the refresh critical section, and compatible with the Go client's
 * `<file>.lock` (created exclusively, stale after 30 s untouched).
 *
 * The file names its owner and only the owner removes it. While its owner
 * lives, the file also carries a shared OS lock (`Deno.FsFile.tryLock`:
 * `flock` on Linux and macOS, `LockFileEx` on Windows), which the kernel drops
 * when the process dies however it dies; a waiter probes it with a
 * non-blocking exclusive `tryLock`, so the lock of a killed process is taken
 * over at once, with no permission beyond reading and writing the file. The
 * holder touches the file while it works, so a slow refresh is never mistaken
 * for an abandoned lock by clients that only see its age. The decisions are in
 * `lock_decision.ts`.
 * @module
 */

import { cleanUpOnTermination } from "../platform/termination.ts";
import { parentDir } from "../platform/resolve_path.ts";
import { ensureParentDir } from "./atomic_write.ts";
import {
  DEFAULT_STALE_MS,
  describeHeldLock,
  judgeLock,
  type LockOwner,
  type LockSighting,
  type OsLockState,
  parseOwner,
} from "./lock_decision.ts";
import { fileFacts } from "../platform/file_trust.ts";
import { openSeenFile, UntrustedFileError } from "../platform/trusted_file.ts";

/** The lock stayed taken longer than the waiter could wait. */
export class LockTimeoutError extends Error {
  override name = "LockTimeoutError";
  /** What to do about it, for the `Hint:` line. */
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

/** Options of {@linkcode acquireFileLock}. */
export interface FileLockOptions {
  /**
   * How long one live owner may keep the lock (milliseconds) before the
   * waiter gives up. A lock whose owner is not known to be alive is waited
   * for until it may be broken, if longer.
   */
  timeoutMs: number;
  /** A lock untouched for this long is stale (default 30 s). */
  staleMs?: number;
  /** How often the holder touches the lock (default 5 s). */
  heartbeatMs?: number;
  /** Base delay between attempts (default 50 ms, plus jitter). */
  pollMs?: number;
}

/** A held lock. */
export interface FileLock {
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

/** Who we are, for the owner record. */
type OwnerRecord = Pick<LockOwner, "pid" | "host" | "id">;

/** The owner record's text, stamped with the time the lock is being taken. */
function recordText(owner: OwnerRecord, oslock: boolean): string {
  return JSON.stringify({ ...owner, acquired: new Date().toISOString(), oslock });
}

/** A record longer than this is not one of ours. */
const MAX_RECORD_BYTES = 4_096;

// The lock's file operations are synchronous: each takes microseconds on a
// local disk, while an async one waits for a worker thread, 5-30 ms apiece on
// a loaded machine (measured), which is what a waiter's take-over costs.

/**
 * The machine's name for the owner record, read from /etc/hostname, which the
 * read permission covers, instead of asking for `--allow-sys`; empty where
 * there is no such file (macOS, Windows).
 */
function hostName(): string {
  try {
    return Deno.readTextFileSync("/etc/hostname").trim();
  } catch {
    return "";
  }
}

function readRecord(file: Deno.FsFile): string {
  const buffer = new Uint8Array(MAX_RECORD_BYTES);
  let length = 0;
  while (length < buffer.length) {
    const count = file.readSync(buffer.subarray(length));
    if (count === null) break;
    length += count;
  }
  return new TextDecoder().decode(buffer.subarray(0, length));
}

function probeOsLock(file: Deno.FsFile): OsLockState {
  try {
    return file.tryLockSync(true) ? "free" : "held";
  } catch {
    return "unknown";
  }
}

/**
 * Looks at the lock at `path`: its owner record, whether anyone holds its OS
 * lock, when it was last touched; `undefined` when there is no lock. The probe
 * holds the OS lock for a moment when it is free, and drops it on close.
 */
function inspectLock(path: string): LockSighting | undefined {
  const file = openLockFile(path);
  if (!file) return undefined;
  try {
    const osLock = probeOsLock(file);
    const touchedMs = file.statSync().mtime?.getTime() ?? 0;
    let record = "";
    try {
      record = readRecord(file);
    } catch {
      // Windows refuses to read a range another process has locked
      // exclusively; ours are shared, so that only concerns foreign files.
    }
    return { owner: parseOwner(record), osLock, touchedMs };
  } finally {
    file.close();
  }
}

/**
 * Opens the lock file to read, or `undefined` when there is none. Anything but
 * a regular file is refused: opening a FIFO planted there would block until
 * someone writes to it, past every timeout (Deno has no `O_NONBLOCK`); a
 * symlink would steer the read. The handle must be the file `lstat` saw.
 *
 * @throws {UntrustedFileError} for a lock path that is not a regular file.
 */
function openLockFile(path: string): Deno.FsFile | undefined {
  let seen: Deno.FileInfo;
  try {
    seen = Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  const facts = fileFacts(seen);
  if (facts.kind !== "file") {
    throw new UntrustedFileError(
      `refusing lock file ${path}: it is not a regular file (a ${facts.kind})`,
      { hint: "remove it (authgate only ever creates a regular file there)" },
    );
  }
  try {
    // Replaced in between (undefined): the caller looks again.
    return openSeenFile(path, seen);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function readOwnerId(path: string): string | undefined {
  try {
    const file = openLockFile(path);
    if (!file) return undefined;
    try {
      return parseOwner(readRecord(file))?.id;
    } finally {
      file.close();
    }
  } catch {
    return undefined;
  }
}

function writeAll(file: Deno.FsFile, text: string): void {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  while (offset < bytes.length) offset += file.writeSync(bytes.subarray(offset));
}

/** Opens a new file at `path`, creating the lock's directory (0700) if it is missing. */
async function createFile(path: string): Promise<Deno.FsFile> {
  const options = { read: true, write: true, createNew: true, mode: 0o600 };
  try {
    return Deno.openSync(path, options);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await ensureParentDir(path);
  return Deno.openSync(path, options);
}

/** A prepared lock file and its temporary name. */
interface PreparedLock {
  file: Deno.FsFile;
  temp: string;
}

/**
 * A file in the lock's directory holding the whole owner record and, where the
 * filesystem supports it, our OS lock: linked to the lock's name it becomes
 * the lock, so the lock never exists empty or half written. The record is
 * written before the OS lock is taken (Windows forbids writing a range under a
 * shared lock, even to its holder) and rewritten if no OS lock can be had.
 */
async function prepareLockFile(path: string, owner: OwnerRecord): Promise<PreparedLock> {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const temp = `${parentDir(path)}/.${name}.${owner.id}.tmp`;
  const file = await createFile(temp);
  try {
    writeAll(file, recordText(owner, true));
    let locked = false;
    try {
      locked = file.tryLockSync(false);
    } catch {
      // No OS locks on this filesystem: waiters go by the lock's age.
    }
    if (!locked) {
      file.truncateSync(0);
      file.seekSync(0, Deno.SeekMode.Start);
      writeAll(file, recordText(owner, false));
    }
    return { file, temp };
  } catch (error) {
    file.close();
    removeQuietly(temp);
    throw error;
  }
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch {
    // Already gone, or never created.
  }
}

/**
 * Takes the lock if there is none: links the prepared file to `path` (atomic,
 * fails if `path` exists, like the Go client's exclusive create). Where the
 * filesystem has no hard links, falls back to an exclusive create, with no OS
 * lock.
 *
 * @returns The open lock file, or `undefined` when the lock is taken.
 */
async function tryCreate(path: string, owner: OwnerRecord): Promise<Deno.FsFile | undefined> {
  const { file, temp } = await prepareLockFile(path, owner);
  let linked: boolean | "unsupported";
  try {
    Deno.linkSync(temp, path);
    linked = true;
  } catch (error) {
    linked = error instanceof Deno.errors.AlreadyExists ? false : "unsupported";
  }
  removeQuietly(temp);
  if (linked === true) return file;
  file.close();
  return linked === false ? undefined : createWithoutLink(path, owner);
}

/** The exclusive create of the Go client; a record not written whole is removed again. */
function createWithoutLink(path: string, owner: OwnerRecord): Deno.FsFile | undefined {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true, write: true, createNew: true, mode: 0o600 });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return undefined;
    throw error;
  }
  try {
    writeAll(file, recordText(owner, false));
    return file;
  } catch (error) {
    file.close();
    removeQuietly(path);
    throw error;
  }
}

/**
 * Breaks `path` if it is still the lock `seenId` names. The lock is first
 * renamed aside (atomic), so two processes breaking at once cannot remove a
 * lock freshly taken by a third; a fresh lock caught by mistake is linked back.
 */
function breakLock(path: string, seenId: string | undefined): void {
  const aside = `${path}.${crypto.randomUUID()}.stale`;
  try {
    Deno.renameSync(path, aside);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (readOwnerId(aside) !== seenId) {
    try {
      Deno.linkSync(aside, path);
    } catch {
      // Taken meanwhile by another waiter: that one is the lock now.
    }
  }
  removeQuietly(aside);
}

/**
 * Takes the exclusive lock at `path`, waiting while another process holds it.
 *
 * @param path The lock file (`<token file>.lock`).
 * @param options Timeouts.
 * @returns The held lock.
 * @throws {LockTimeoutError} when the lock stays taken longer than allowed.
 */
export async function acquireFileLock(path: string, options: FileLockOptions): Promise<FileLock> {
  const { timeoutMs, staleMs = DEFAULT_STALE_MS, heartbeatMs = 5_000, pollMs = 50 } = options;
  const owner: OwnerRecord = {
    pid: Deno.pid,
    host: hostName(),
    id: crypto.randomUUID(),
  };
  const policy = { host: owner.host, startedMs: Date.now(), timeoutMs, staleMs };
  // The wait is counted per owner: while the lock changes hands (many
  // parallel callers), the queue moves and no one gives up.
  let watched: string | undefined | null = null;
  let file: Deno.FsFile | undefined;
  while (!(file = await tryCreate(path, owner))) {
    let seen: LockSighting | undefined;
    while ((seen = inspectLock(path))) {
      const now = Date.now();
      if (seen.owner?.id !== watched) {
        watched = seen.owner?.id;
        policy.startedMs = now;
      }
      const verdict = judgeLock(seen, now, policy);
      if (verdict === "take-over") {
        breakLock(path, seen.owner?.id);
        break;
      }
      if (verdict === "give-up") {
        const { message, hint } = describeHeldLock(path, seen, now, policy);
        throw new LockTimeoutError(message, hint);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs + Math.random() * pollMs));
    }
  }
  return holdLock(path, file, owner.id, heartbeatMs);
}

/** The held lock: heartbeat, release, and release on SIGINT/SIGTERM. */
function holdLock(path: string, file: Deno.FsFile, id: string, heartbeatMs: number): FileLock {
  // Touched through our own handle: a lock that replaced ours is never refreshed.
  const heartbeat = setInterval(() => {
    const now = new Date();
    file.utime(now, now).catch(() => {});
  }, heartbeatMs);
  Deno.unrefTimer(heartbeat);
  const removeIfOurs = () => {
    if (readOwnerId(path) === id) removeQuietly(path);
  };
  // The process is about to exit: the kernel drops the OS lock, the name is ours to remove.
  const stopCleanup = cleanUpOnTermination(removeIfOurs);

  let released = false;
  return {
    release() {
      if (released) return Promise.resolve();
      released = true;
      clearInterval(heartbeat);
      stopCleanup();
      // The name goes before the handle: until then our OS lock keeps waiters off it.
      try {
        removeIfOurs();
      } finally {
        file.close();
      }
      return Promise.resolve();
    },
  };
}
