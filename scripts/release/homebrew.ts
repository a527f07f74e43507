/**
 * The Homebrew formula: the prebuilt binary for macOS and Linux (no bottles,
 * nothing built from source), checked by `authgate version`.
 * @module
 */

import { DESCRIPTION, homepage, releaseAsset, type ReleaseInfo } from "./channel_assets.ts";

function archBlocks(release: ReleaseInfo, os: "darwin" | "linux"): string[] {
  return (["arm64", "amd64"] as const).flatMap((arch) => {
    const asset = releaseAsset(release, os, arch);
    return [
      `    ${arch === "arm64" ? "on_arm" : "on_intel"} do`,
      `      url "${asset.url}"`,
      `      sha256 "${asset.sha256}"`,
      "    end",
    ];
  });
}

/**
 * Writes `authgate.rb`.
 *
 * @param release Version, repository and checksums.
 * @returns The formula's Ruby source.
 * @throws {BuildError} when a macOS or Linux archive is missing from the checksums.
 */
export function homebrewFormula(release: ReleaseInfo): string {
  return [
    `# Generated from checksums.txt of authgate ${release.version} by scripts/manifests.ts.`,
    "class Authgate < Formula",
    `  desc "${DESCRIPTION.replaceAll('"', '\\"')}"`,
    `  homepage "${homepage(release.repository)}"`,
    `  version "${release.version}"`,
    '  license "MIT"',
    "",
    "  on_macos do",
    ...archBlocks(release, "darwin"),
    "  end",
    "",
    "  on_linux do",
    ...archBlocks(release, "linux"),
    "  end",
    "",
    "  def install",
    '    bin.install "authgate"',
    "  end",
    "",
    "  test do",
    '    assert_match version.to_s, shell_output("#{bin}/authgate version")',
    "  end",
    "end",
    "",
  ].join("\n");
}
