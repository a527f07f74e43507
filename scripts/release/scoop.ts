/**
 * The Scoop manifest (`authgate.json`) for Windows, with `checkver` (GitHub
 * releases) and `autoupdate` (next version's URL, hash from its checksums.txt).
 * @module
 */

import {
  DESCRIPTION,
  downloadUrl,
  homepage,
  releaseAsset,
  type ReleaseInfo,
} from "./channel_assets.ts";
import { archiveName, TARGETS } from "./targets.ts";

/**
 * Builds the manifest.
 *
 * @param release Version, repository and checksums.
 * @returns The manifest object (serialise with `JSON.stringify(m, null, 4)`).
 * @throws {BuildError} when the Windows archive is missing from the checksums.
 */
export function scoopManifest(release: ReleaseInfo): Record<string, unknown> {
  const asset = releaseAsset(release, "windows", "amd64");
  // Scoop substitutes $version when it autoupdates.
  const template = downloadUrl(
    release.repository,
    "$version",
    archiveName("$version", asset.target),
  );
  return {
    version: release.version,
    description: DESCRIPTION,
    homepage: homepage(release.repository),
    license: "MIT",
    architecture: { "64bit": { url: asset.url, hash: asset.sha256 } },
    bin: TARGETS.find((t) => t.os === "windows")!.executable,
    checkver: { github: homepage(release.repository) },
    autoupdate: {
      architecture: { "64bit": { url: template } },
      // checksums.txt lists "<sha256>  <file>": Scoop finds the line naming the archive.
      hash: { url: "$baseurl/checksums.txt" },
    },
  };
}
