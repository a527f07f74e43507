import assert from "node:assert/strict";
import { scoopManifest } from "../../../scripts/release/scoop.ts";
import {
  SAMPLE_REPOSITORY,
  SAMPLE_VERSION,
  sampleDigest,
  sampleRelease,
} from "../../support/sample_release.ts";

Deno.test("scoopManifest() points at the Windows zip with its checksum, checkver and autoupdate", () => {
  const home = `https://github.com/${SAMPLE_REPOSITORY}`;
  assert.deepEqual(scoopManifest(sampleRelease()), {
    version: "1.4.2",
    description: scoopManifest(sampleRelease()).description,
    homepage: home,
    license: "MIT",
    architecture: {
      "64bit": {
        url: `${home}/releases/download/v1.4.2/authgate_1.4.2_windows_amd64.zip`,
        hash: sampleDigest(4),
      },
    },
    bin: "authgate.exe",
    checkver: { github: home },
    autoupdate: {
      architecture: {
        "64bit": {
          url: `${home}/releases/download/v$version/authgate_$version_windows_amd64.zip`,
        },
      },
      hash: { url: "$baseurl/checksums.txt" },
    },
  });
});

Deno.test("scoopManifest() autoupdate URL gives this release's URL when $version is substituted", () => {
  const manifest = scoopManifest(sampleRelease()) as {
    architecture: { "64bit": { url: string } };
    autoupdate: { architecture: { "64bit": { url: string } } };
  };
  assert.equal(
    manifest.autoupdate.architecture["64bit"].url.replaceAll("$version", SAMPLE_VERSION),
    manifest.architecture["64bit"].url,
  );
});

Deno.test("scoopManifest() refuses checksums without the Windows archive", () => {
  const release = sampleRelease();
  const checksums = new Map(release.checksums);
  checksums.delete("authgate_1.4.2_windows_amd64.zip");
  assert.throws(
    () => scoopManifest({ ...release, checksums }),
    /no entry for .*windows_amd64\.zip/,
  );
});
