import assert from "node:assert/strict";
import { parseChecksums } from "../../../scripts/release/checksums.ts";
import { homebrewFormula } from "../../../scripts/release/homebrew.ts";
import {
  SAMPLE_REPOSITORY,
  SAMPLE_VERSION,
  sampleChecksumsText,
  sampleDigest,
} from "../../support/sample_release.ts";

const release = () => ({
  version: SAMPLE_VERSION,
  repository: SAMPLE_REPOSITORY,
  checksums: parseChecksums(sampleChecksumsText()),
});
const BASE = `https://github.com/${SAMPLE_REPOSITORY}/releases/download/v${SAMPLE_VERSION}`;

Deno.test("homebrewFormula() installs the prebuilt binary per OS and CPU from checksums.txt", () => {
  const formula = homebrewFormula(release());
  const block = (os: string, cpu: string, file: string, digest: string) =>
    [`  ${os} do`, `    ${cpu} do`, `      url "${BASE}/${file}"`, `      sha256 "${digest}"`]
      .join("\n");
  // TARGETS order: linux amd64 (0), linux arm64 (1), darwin amd64 (2), darwin arm64 (3).
  assert.ok(
    formula.includes(
      block("on_macos", "on_arm", "authgate_1.4.2_darwin_arm64.tar.gz", sampleDigest(3)),
    ),
  );
  assert.ok(
    formula.includes(
      `    on_intel do\n      url "${BASE}/authgate_1.4.2_darwin_amd64.tar.gz"\n      sha256 "${
        sampleDigest(2)
      }"`,
    ),
  );
  assert.ok(
    formula.includes(
      block("on_linux", "on_arm", "authgate_1.4.2_linux_arm64.tar.gz", sampleDigest(1)),
    ),
  );
  assert.ok(
    formula.includes(
      `    on_intel do\n      url "${BASE}/authgate_1.4.2_linux_amd64.tar.gz"\n      sha256 "${
        sampleDigest(0)
      }"`,
    ),
  );
  assert.ok(!formula.includes("windows"));
  assert.match(formula, /^class Authgate < Formula$/m);
  const desc = /^  desc "(.*)"$/m.exec(formula)?.[1] ?? "";
  assert.ok(
    desc.length > 0 && desc.length <= 80,
    `brew audit wants a desc of 1-80 characters: ${desc}`,
  );
  assert.match(formula, /^  version "1\.4\.2"$/m);
  assert.match(formula, /^  license "MIT"$/m);
  assert.match(formula, /^  def install\n    bin\.install "authgate"\n  end$/m);
});

Deno.test("homebrewFormula() tests the install with `authgate version`", () => {
  assert.match(
    homebrewFormula(release()),
    /^  test do\n    assert_match version\.to_s, shell_output\("#\{bin\}\/authgate version"\)\n  end$/m,
  );
});

Deno.test("homebrewFormula() output is balanced Ruby: every do/def/class has its end", () => {
  const lines = homebrewFormula(release()).split("\n");
  let depth = 0;
  for (const line of lines) {
    if (/^\s*(class|def)\b|\bdo$/.test(line)) depth++;
    if (/^\s*end$/.test(line)) depth--;
    assert.ok(depth >= 0, line);
  }
  assert.equal(depth, 0);
});

Deno.test("homebrewFormula() refuses checksums without a macOS or Linux archive", () => {
  const checksums = parseChecksums(sampleChecksumsText());
  checksums.delete("authgate_1.4.2_linux_arm64.tar.gz");
  assert.throws(
    () => homebrewFormula({ ...release(), checksums }),
    /checksums\.txt has no entry for authgate_1\.4\.2_linux_arm64\.tar\.gz/,
  );
});
