/**
 * Absolute paths without `node:path` (the fresh `token get` path loads no
 * `node:` module).
 * @module
 */

/**
 * Whether `path` is absolute on `os`.
 *
 * @param path A path.
 * @param os The operating system, as `Deno.build.os`.
 */
export function isAbsolutePath(path: string, os: typeof Deno.build.os): boolean {
  if (os !== "windows") return path.startsWith("/");
  return /^[A-Za-z]:[\\/]/.test(path) || /^[\\/]{2}/.test(path);
}

/**
 * Resolves `path` against `cwd` and removes `.` and `..` segments, so a
 * relative setting is shown as the file it really names.
 *
 * @param cwd The absolute working directory.
 * @param path The path, relative or absolute.
 * @param os The operating system, as `Deno.build.os`.
 * @returns The absolute, normalised path.
 */
export function resolvePath(cwd: string, path: string, os: typeof Deno.build.os): string {
  const separator = os === "windows" ? "\\" : "/";
  const full = isAbsolutePath(path, os) ? path : `${cwd}${separator}${path}`;
  if (os === "windows" && /^[\\/]{2}/.test(full)) return full; // UNC: the share is the root
  const split = os === "windows" ? /[\\/]+/ : /\/+/;
  const [root, ...parts] = full.split(split);
  const kept: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") kept.pop();
    else kept.push(part);
  }
  return `${root}${separator}${kept.join(separator)}`;
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
