/**
 * Crash-safe file replacement: a process killed at any point leaves either the
 * old file or the new one, whole.
 * @module
 */

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

/**
 * The directory part of a path (`.` for a bare name).
 *
 * @param path A file path.
 */
export function parentDir(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (cut === -1) return ".";
  return cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

/**
 * Replaces `path` with `text`: a 0600 temp file in the same directory is
 * written and synced, then renamed over the target; the directory is synced
 * where the platform allows, so the rename itself survives a power loss.
 *
 * @param path The file to replace.
 * @param text The new contents.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await ensureParentDir(path);
  const dir = parentDir(path);
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const temp = `${dir}/.${name}.${crypto.randomUUID()}.tmp`;
  const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
  try {
    try {
      const bytes = new TextEncoder().encode(text);
      let offset = 0;
      while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
  await syncDir(dir);
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
