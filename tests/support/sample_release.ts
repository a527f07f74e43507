/**
 * A sample `checksums.txt` for the manifest generators: every target's archive
 * with a distinct, recognisable digest.
 * @module
 */

import type { ReleaseInfo } from "../../scripts/release/channel_assets.ts";
import { formatChecksums, parseChecksums } from "../../scripts/release/checksums.ts";
import { archiveName, TARGETS } from "../../scripts/release/targets.ts";

export const SAMPLE_VERSION = "1.4.2";
export const SAMPLE_REPOSITORY = "authgate-org/authgate";

/** The digest the sample gives a target: its index repeated (`000…`, `111…`). */
export function sampleDigest(index: number): string {
  return String(index).repeat(64);
}

/** The sample `checksums.txt` text. */
export function sampleChecksumsText(): string {
  return formatChecksums(
    new Map(TARGETS.map((t, i) => [archiveName(SAMPLE_VERSION, t), sampleDigest(i)])),
  );
}

/** The sample release as the generators take it. */
export function sampleRelease(): ReleaseInfo {
  return {
    version: SAMPLE_VERSION,
    repository: SAMPLE_REPOSITORY,
    checksums: parseChecksums(sampleChecksumsText()),
  };
}
