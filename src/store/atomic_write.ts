/**
 * Crash-safe file replacement: a process killed at any point leaves either the
 * old file or the new one, whole.
 * @module
 */

import { parentDir } from "../platform/resolve_path.ts";
import { cleanUpOnTermination } from "../platform/termination.ts";

/**
 * Creates the parent directory with mode 0700 if it does not exist (an
 * existing directory is left as it is).
 *
 * @param path A file path.
 */
export async function ensureParentDir(path: string): Promise<void> {
  const dir = parentDir(path);
  if (dir !== ".") await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
}

/** A temp file next to the target, created and sized ahead of the write it will carry. */
export interface PreparedWrite {
  /**
   * Writes `chunks` over the reserved space, syncs the data, and renames the
   * file over the target (then syncs the directory where the platform allows).
   * Writing within the reservation needs no new disk space on filesystems
   * that overwrite in place (ext4, xfs, tmpfs, APFS, NTFS); copy-on-write ones
   * (btrfs, ZFS) may still refuse it.
   *
   * @param chunks The new contents, in order.
   */
  commit(chunks: readonly Uint8Array[]): Promise<void>;
  /** Removes the temp file unless committed. Safe to call more than once. */
  discard(): Promise<void>;
}

const ZEROS = new Uint8Array(64 * 1024);

/**
 * Prepares the replacement of `path`: creates the parent directory (0700) if
 * needed and a 0600 temp file in it, and fills that with `reserveBytes` zero
 * bytes, synced. A full disk or a directory that cannot be written is found
 * here, before the caller does anything it cannot undo.
 *
 * @param path The file to replace.
 * @param reserveBytes Disk space to claim now for the later {@linkcode PreparedWrite.commit}.
 * @returns The prepared write.
 */
export async function prepareAtomicWrite(
  path: string,
  reserveBytes: number,
): Promise<PreparedWrite> {
  await ensureParentDir(path);
  const dir = parentDir(path);
  const temp = `${dir}/${tempPrefix(path)}${crypto.randomUUID()}.tmp`;
  const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
  let open = true;
  let done = false;
  // Ctrl-C or SIGTERM while the write is prepared (during a refresh) takes the temp file along.
  const forget = cleanUpOnTermination(() => Deno.removeSync(temp));
  const discard = async () => {
    forget();
    if (open) file.close();
    open = false;
    if (!done) await Deno.remove(temp).catch(() => {});
    done = true;
  };
  try {
    for (let left = reserveBytes; left > 0; left -= ZEROS.length) {
      await writeAll(file, ZEROS.subarray(0, Math.min(left, ZEROS.length)));
    }
    await file.sync();
  } catch (error) {
    await discard();
    throw error;
  }
  return {
    discard,
    async commit(chunks) {
      if (done) throw new Error("this prepared write is already finished");
      try {
        await file.seek(0, Deno.SeekMode.Start);
        let size = 0;
        for (const chunk of chunks) {
          await writeAll(file, chunk);
          size += chunk.length;
        }
        await file.truncate(size);
        // The reserved blocks are already allocated and synced: only the data is left to sync.
        await file.syncData();
        file.close();
        open = false;
        await Deno.rename(temp, path);
        done = true;
        forget();
      } catch (error) {
        await discard();
        throw error;
      }
      await syncDir(dir);
    },
  };
}

/**
 * Removes temp files a killed writer of `path` left behind. Only for a caller
 * that holds the file's exclusive lock (no other writer is then at work).
 *
 * @param path The file whose temp siblings to remove.
 */
export async function removeLeftoverTemps(path: string): Promise<void> {
  const prefix = tempPrefix(path);
  const dir = parentDir(path);
  const leftover = (name: string) =>
    name.startsWith(prefix) && name.endsWith(".tmp") &&
    /^[0-9a-f-]{36}$/.test(name.slice(prefix.length, -".tmp".length));
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && leftover(entry.name)) {
        await Deno.remove(`${dir}/${entry.name}`).catch(() => {});
      }
    }
  } catch {
    // Nothing to sweep (no directory yet), or it cannot be listed: the write reports what matters.
  }
}

/** `.tokens.json.`: the start of the temp file names of `path`. */
function tempPrefix(path: string): string {
  return `.${path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1)}.`;
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
}

async function syncDir(dir: string): Promise<void> {
  if (Deno.build.os === "windows") return;
  try {
    const handle = await Deno.open(dir, { read: true });
    try {
      await handle.sync();
    } finally {
      handle.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  }
}
