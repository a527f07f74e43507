/**
 * Real temporary directories for tests, removed afterwards.
 * @module
 */

/**
 * Runs `fn` with a fresh temporary directory and removes it afterwards.
 *
 * @param fn Receives the directory path.
 * @returns What `fn` returns.
 */
export async function withTempDir<T>(fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "authgate_test_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The names in a directory, sorted.
 *
 * @param dir The directory.
 */
export async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/**
 * The permission bits of a path (`mode & 0o777`).
 *
 * @param path A file or directory.
 */
export async function permissionBits(path: string): Promise<number> {
  const info = await Deno.stat(path);
  if (info.mode === null) throw new Error(`no mode for ${path} on this platform`);
  return info.mode & 0o777;
}
