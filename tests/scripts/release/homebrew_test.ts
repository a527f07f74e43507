import assert from "node:assert/strict";
import { homebrewFormula } from "../../../scripts/release/homebrew.ts";
import { sampleDigest, sampleRelease } from "../../support/sample_release.ts";

const BASE = "https://github.com/authgate-org/authgate/releases/download/v1.4.2";

/** The expected `on_<os>` block: one `on_arm`/`on_intel` pair per CPU with URL and digest. */
function platformBlock(os: "macos" | "linux", digests: { arm64: number; amd64: number }): string {
  const name = os === "macos" ? "darwin" : "linux";
  const cpu = (arch: "arm64" | "amd64") => [
    `    ${arch === "arm64" ? "on_arm" : "on_intel"} do`,
    `      url "${BASE}/authgate_1.4.2_${name}_${arch}.tar.gz"`,
    `      sha256 "${sampleDigest(digests[arch])}"`,
    "    end",
  ];
  return [`  on_${os} do`, ...cpu("arm64"), ...cpu("amd64"), "  end"].join("\n");
}

Deno.test("homebrewFormula() installs the prebuilt binary for each OS and CPU of checksums.txt", () => {
  const formula = homebrewFormula(sampleRelease());
  // sampleDigest(i) follows TARGETS: linux amd64, linux arm64, darwin amd64, darwin arm64.
  assert.ok(formula.includes(platformBlock("macos", { arm64: 3, amd64: 2 })), formula);
  assert.ok(formula.includes(platformBlock("linux", { arm64: 1, amd64: 0 })), formula);
  assert.ok(!formula.includes("windows"));
  assert.match(
    formula,
    /^class Authgate < Formula\n {2}desc "[^"]+"\n {2}homepage "https:\/\/github\.com\/authgate-org\/authgate"\n {2}version "1\.4\.2"\n {2}license "MIT"$/m,
  );
  assert.match(formula, /^ {2}def install\n {4}bin\.install "authgate"\n {2}end$/m);
});

Deno.test("homebrewFormula() tests the installed binary with `authgate version`", () => {
  assert.match(
    homebrewFormula(sampleRelease()),
    /^ {2}test do\n {4}assert_match version\.to_s, shell_output\("#\{bin\}\/authgate version"\)\n {2}end\nend\n$/m,
  );
});

Deno.test("homebrewFormula() keeps the description within brew audit's 80 characters", () => {
  const desc = /^ {2}desc "(.*)"$/m.exec(homebrewFormula(sampleRelease()))?.[1] ?? "";
  assert.ok(desc.length > 0 && desc.length <= 80, desc);
  assert.ok(
    !desc.toLowerCase().startsWith("authgate"),
    "brew audit: desc must not repeat the name",
  );
});

Deno.test("homebrewFormula() refuses checksums without a macOS or Linux archive", () => {
  const release = sampleRelease();
  const checksums = new Map(release.checksums);
  checksums.delete("authgate_1.4.2_linux_arm64.tar.gz");
  assert.throws(
    () => homebrewFormula({ ...release, checksums }),
    /checksums\.txt has no entry for authgate_1\.4\.2_linux_arm64\.tar\.gz/,
  );
});
