/**
 * The release targets: what `deno compile` calls each platform, and what the
 * archives and package managers call it.
 * @module
 */

import type { TargetOs } from "../permissions.ts";

/** One platform authgate ships a binary for. */
export interface ReleaseTarget {
  /** The `deno compile --target` triple. */
  triple: string;
  /** The OS, as `Deno.build.os` (selects OS-specific permissions). */
  os: TargetOs & ("linux" | "darwin" | "windows");
  /** The architecture as archive names spell it. */
  arch: "amd64" | "arm64";
  /** The executable's file name. */
  executable: "authgate" | "authgate.exe";
  /** The archive format users of that OS expect. */
  archive: "tar.gz" | "zip";
}

/** Every target, in release order. */
export const TARGETS: readonly ReleaseTarget[] = [
  unix("x86_64-unknown-linux-gnu", "linux", "amd64"),
  unix("aarch64-unknown-linux-gnu", "linux", "arm64"),
  unix("x86_64-apple-darwin", "darwin", "amd64"),
  unix("aarch64-apple-darwin", "darwin", "arm64"),
  {
    triple: "x86_64-pc-windows-msvc",
    os: "windows",
    arch: "amd64",
    executable: "authgate.exe",
    archive: "zip",
  },
];

function unix(triple: string, os: "linux" | "darwin", arch: "amd64" | "arm64"): ReleaseTarget {
  return { triple, os, arch, executable: "authgate", archive: "tar.gz" };
}

/**
 * The target a user names, by triple (`x86_64-unknown-linux-gnu`) or by
 * `<os>_<arch>` (`linux_amd64`, also with a dash).
 *
 * @param name What the user typed.
 * @returns The target, or `undefined`.
 */
export function findTarget(name: string): ReleaseTarget | undefined {
  return TARGETS.find((t) =>
    t.triple === name || `${t.os}_${t.arch}` === name || `${t.os}-${t.arch}` === name
  );
}

/**
 * The archive file name: `authgate_<version>_<os>_<arch>.tar.gz` (`.zip` on Windows).
 *
 * @param version The release version (no leading `v`).
 * @param target The target.
 * @returns The file name.
 */
export function archiveName(version: string, target: ReleaseTarget): string {
  return `authgate_${version}_${target.os}_${target.arch}.${target.archive}`;
}
