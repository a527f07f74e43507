/**
 * What the package-manager generators need from a release: each target's
 * archive, its download URL and its SHA-256, taken from `checksums.txt`.
 * @module
 */

import { BuildError } from "./build_error.ts";
import { archiveName, type ReleaseTarget, TARGETS } from "./targets.ts";

/** The release the manifests describe. */
export interface ReleaseInfo {
  version: string;
  /** GitHub `owner/name`. */
  repository: string;
  /** `checksums.txt` parsed: file name → SHA-256. */
  checksums: ReadonlyMap<string, string>;
}

/** One target's downloadable archive. */
export interface ReleaseAsset {
  target: ReleaseTarget;
  url: string;
  sha256: string;
}

/** The one-line description every channel shows (Homebrew wants at most 80 characters). */
export const DESCRIPTION =
  "OAuth 2.0/OpenID Connect CLI: log in once, print fresh access tokens for scripts";

/**
 * The project's home page.
 *
 * @param repository GitHub `owner/name`.
 */
export function homepage(repository: string): string {
  return `https://github.com/${repository}`;
}

/**
 * The download URL of a release file.
 *
 * @param repository GitHub `owner/name`.
 * @param version The version, without `v`.
 * @param file The file name.
 */
export function downloadUrl(repository: string, version: string, file: string): string {
  return `${homepage(repository)}/releases/download/v${version}/${file}`;
}

/**
 * The archive of `target` in the release.
 *
 * @param release The release.
 * @param os The OS.
 * @param arch The architecture.
 * @returns Its URL and checksum.
 * @throws {BuildError} when `checksums.txt` does not list it.
 */
export function releaseAsset(
  release: ReleaseInfo,
  os: ReleaseTarget["os"],
  arch: ReleaseTarget["arch"],
): ReleaseAsset {
  const target = TARGETS.find((t) => t.os === os && t.arch === arch)!;
  const file = archiveName(release.version, target);
  const sha256 = release.checksums.get(file);
  if (!sha256) throw new BuildError(`checksums.txt has no entry for ${file}`);
  return { target, url: downloadUrl(release.repository, release.version, file), sha256 };
}
