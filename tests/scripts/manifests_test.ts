import assert from "node:assert/strict";
import {
  SAMPLE_REPOSITORY,
  SAMPLE_VERSION,
  sampleChecksumsText,
} from "../support/sample_release.ts";
import { runTool } from "../support/system_tools.ts";

const MANIFESTS = new URL("../../scripts/manifests.ts", import.meta.url).href;

Deno.test("manifests.ts writes authgate.rb and authgate.json from checksums.txt", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/checksums.txt`, sampleChecksumsText());
    const run = await runTool(Deno.execPath(), [
      "run",
      "--allow-all",
      MANIFESTS,
      "--checksums",
      `${dir}/checksums.txt`,
      "--repo",
      SAMPLE_REPOSITORY,
      "--version",
      SAMPLE_VERSION,
      "--out",
      dir,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const formula = await Deno.readTextFile(`${dir}/authgate.rb`);
    assert.match(formula, /authgate_1\.4\.2_darwin_arm64\.tar\.gz/);
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/authgate.json`));
    assert.equal(manifest.version, SAMPLE_VERSION);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("manifests.ts without a repository fails with one error and a hint", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/checksums.txt`, sampleChecksumsText());
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", MANIFESTS, "--checksums", `${dir}/checksums.txt`, "--out", dir],
      env: { GITHUB_REPOSITORY: "" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(output.code, 1);
    assert.equal(
      new TextDecoder().decode(output.stderr),
      "Error: no repository\nHint: pass --repo OWNER/NAME (or set GITHUB_REPOSITORY)\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
