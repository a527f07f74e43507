/**
 * An exclusive lock file beside the token file, shared by every writer and by
 * the refresh critical section. The file names its owner; only the owner
 * removes it; a lock whose owner has not touched it for 30 s is stale and may
 * be broken. A holder touches the file while it works, so a slow refresh is
 * never mistaken for a dead process.
 * @module
 */

import { formatDuration } from "../config/duration.ts";
import { readTrustedFile, UntrustedFileError } from "../platform/trusted_file.ts";
import { ensureParentDir } from "./atomic_write.ts";

/** Waiting for the lock took longer than allowed. */
export class LockTimeoutError extends Error {
  override name = "LockTimeoutError";
}

/** Options of {@linkcode acquireFileLock}. */
export interface FileLockOptions {
  /** Give up after waiting this long (milliseconds). */
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

interface LockOwner {
  pid: number;
  host: string;
  id: string;
  acquired: string;
}

/**
 * The machine's name for the owner record. It is informational (ownership is
 * the random id), so it is read from /etc/hostname, which the read permission
 * covers, instead of asking for `--allow-sys`; empty where there is no such file.
 */
function hostName(): string {
  try {
    return Deno.readTextFileSync("/etc/hostname").trim();
  } catch {
    return "";
  }
}

/**
 * The lock file's rules: a regular file (a FIFO planted there would hang the
 * read), never through a symlink, a few bytes (an owner record is ~150).
 */
const LOCK_POLICY = {
  what: "lock file",
  followSymlink: false,
  symlinkHint: "remove it (authgate never creates a link there)",
  secret: false,
  maxBytes: 64 * 1024,
};

// deno-lint-ignore require-await -- the read is synchronous; callers keep awaiting it.
async function readOwner(path: string): Promise<Partial<LockOwner> | undefined> {
  try {
    const text = readTrustedFile(path, LOCK_POLICY);
    return text === undefined ? undefined : JSON.parse(text) as Partial<LockOwner>;
  } catch (error) {
    // A lock file that is not one ends the wait at once rather than at the timeout.
    if (error instanceof UntrustedFileError) throw error;
    return undefined;
  }
}

async function readOwnerId(path: string): Promise<string | undefined> {
  return (await readOwner(path))?.id;
}

/**
 * Whether the lock's owner is known to be gone: a process of this machine
 * (same host name) whose pid no longer exists. Only Linux can tell cheaply
 * (`/proc/<pid>`); elsewhere, and for other hosts, staleness decides. A
 * reused pid reads as alive, which only delays breaking the lock.
 */
export function ownerIsGone(owner: Partial<LockOwner> | undefined, host: string): boolean {
  if (Deno.build.os !== "linux" || !owner || host === "" || owner.host !== host) return false;
  if (!Number.isInteger(owner.pid) || owner.pid! <= 0) return false;
  try {
    Deno.statSync(`/proc/${owner.pid}`);
    return false;
  } catch (error) {
    return error instanceof Deno.errors.NotFound;
  }
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  try {
    const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    try {
      await file.write(new TextEncoder().encode(JSON.stringify(owner)));
    } finally {
      file.close();
    }
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return false;
    throw error;
  }
}

/**
 * Breaks `path` if it is still the stale lock `staleId`. The lock is first
 * renamed aside (atomic), so two processes breaking at once cannot remove a
 * lock freshly taken by a third; a fresh lock caught by mistake is linked back.
 */
async function breakStaleLock(path: string, staleId: string | undefined): Promise<void> {
  const aside = `${path}.${crypto.randomUUID()}.stale`;
  try {
    await Deno.rename(path, aside);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if ((await readOwnerId(aside)) !== staleId) {
    await Deno.link(aside, path).catch(() => {});
  }
  await Deno.remove(aside).catch(() => {});
}

async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    return Date.now() - (info.mtime?.getTime() ?? 0) > staleMs;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Takes the exclusive lock at `path`, waiting up to `timeoutMs`.
 *
 * @param path The lock file (`<token file>.lock`).
 * @param options Timeouts.
 * @returns The held lock.
 * @throws {LockTimeoutError} when the lock stays taken longer than the timeout.
 */
export async function acquireFileLock(path: string, options: FileLockOptions): Promise<FileLock> {
  const { timeoutMs, staleMs = 30_000, heartbeatMs = 5_000, pollMs = 50 } = options;
  await ensureParentDir(path);
  const owner: LockOwner = {
    pid: Deno.pid,
    host: hostName(),
    id: crypto.randomUUID(),
    acquired: new Date().toISOString(),
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await tryCreate(path, owner))) {
    const seen = await readOwner(path);
    // A holder killed by Ctrl-C or a crash leaves its lock: break it at once
    // when its process is provably gone, else once it is stale.
    if (ownerIsGone(seen, owner.host) || await isStale(path, staleMs)) {
      await breakStaleLock(path, seen?.id);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LockTimeoutError(
        `the token file is locked by another authgate process (${path}); gave up after ${
          formatDuration(timeoutMs)
        }`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs + Math.random() * pollMs));
  }

  const heartbeat = setInterval(() => {
    const now = new Date();
    Deno.utime(path, now, now).catch(() => {});
  }, heartbeatMs);
  Deno.unrefTimer(heartbeat);

  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if ((await readOwnerId(path)) === owner.id) await Deno.remove(path).catch(() => {});
    },
  };
}
