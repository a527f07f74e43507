/**
 * The GitHub Actions workflows: valid YAML (parsed strictly: no duplicate
 * keys, no warnings) with the structure CI and releases rely on, and the Deno
 * version .ci/run pins.
 */

import assert from "node:assert/strict";
import { parseDocument } from "yaml";
import { archiveName, findTarget, TARGETS } from "../../scripts/release/targets.ts";

const ROOT = new URL("../../", import.meta.url);

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface SmokeEntry {
  runner: string;
  target: string;
  archive: string;
  executable: string;
}
interface Job {
  "runs-on": string;
  needs?: string | string[];
  strategy?: { "fail-fast"?: boolean; matrix?: { os?: string[]; include?: SmokeEntry[] } };
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

async function loadWorkflow(name: string): Promise<Workflow> {
  const text = await Deno.readTextFile(new URL(`.github/workflows/${name}`, ROOT));
  const document = parseDocument(text, { uniqueKeys: true, strict: true, prettyErrors: true });
  assert.deepEqual(document.errors.map(String), [], `${name} parses`);
  assert.deepEqual(document.warnings.map(String), [], `${name} has no warnings`);
  return document.toJS() as Workflow;
}

async function pinnedDenoVersion(): Promise<string> {
  const ciRun = await Deno.readTextFile(new URL(".ci/run", ROOT));
  return /^DENO_VERSION=(\S+)$/m.exec(ciRun)![1];
}

function allSteps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

function runs(steps: Step[]): string {
  return steps.map((s) => s.run ?? "").join("\n");
}

for (const name of ["ci.yml", "release.yml"]) {
  Deno.test(`${name} installs the Deno version .ci/run pins, with pinned actions`, async () => {
    const workflow = await loadWorkflow(name);
    const setups = allSteps(workflow).filter((s) => s.uses?.startsWith("denoland/setup-deno@"));
    assert.ok(setups.length > 0);
    for (const step of setups) {
      assert.equal(String(step.with?.["deno-version"]), await pinnedDenoVersion());
    }
    for (const step of allSteps(workflow)) {
      if (step.uses) assert.match(step.uses, /^[\w.-]+\/[\w.-]+@v\d+$/, step.uses);
    }
  });
}

Deno.test("ci.yml checks format, lint, types and tests on Linux, macOS and Windows", async () => {
  const ci = await loadWorkflow("ci.yml");
  assert.ok("push" in ci.on && "pull_request" in ci.on);
  assert.deepEqual(ci.permissions, { contents: "read" });
  const job = ci.jobs.test;
  assert.deepEqual(job.strategy?.matrix?.os, ["ubuntu-latest", "macos-latest", "windows-latest"]);
  assert.equal(job["runs-on"], "${{ matrix.os }}");
  const commands = runs(job.steps);
  for (
    const command of [
      "deno install --frozen",
      "deno fmt --check",
      "deno lint",
      "deno check src/ scripts/ tests/",
      "deno task test",
    ]
  ) {
    assert.ok(commands.split("\n").includes(command), command);
  }
});

/** What the build uploads and the release attaches. */
const RELEASE_ASSETS = [
  "dist/*.tar.gz",
  "dist/*.zip",
  "dist/checksums.txt",
  "dist/authgate.rb",
  "dist/authgate.json",
];

function stepIndex(job: Job, matches: (step: Step) => boolean, what: string): number {
  const index = job.steps.findIndex(matches);
  assert.ok(index >= 0, what);
  return index;
}

Deno.test("release.yml tests and builds every target on a version tag, and uploads the assets", async () => {
  const release = await loadWorkflow("release.yml");
  assert.deepEqual(release.on, { push: { tags: ["v*"] } });
  assert.deepEqual(release.permissions, { contents: "read" });
  const build = release.jobs.build;
  assert.equal(build.permissions, undefined, "the build cannot write to the repository");
  const commands = runs(build.steps);
  assert.match(commands, /GITHUB_REF_NAME/); // the tag is checked against deno.json
  assert.match(commands, /^echo "version=\$version" >> "\$GITHUB_OUTPUT"$/m);
  assert.equal(build.outputs?.version, "${{ steps.version.outputs.version }}");
  assert.match(commands, /^deno task test$/m);
  assert.match(commands, /deno task compile$/m);
  assert.match(commands, /^sha256sum -c checksums\.txt$/m);
  assert.match(commands, /scripts\/manifests\.ts --checksums dist\/checksums\.txt --repo/);
  assert.doesNotMatch(commands, /gh release/, "nothing is released before the smoke runs");
  const upload = build.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
  assert.equal(upload.with?.name, "dist");
  assert.deepEqual(String(upload.with?.path).trim().split("\n"), RELEASE_ASSETS);
  // Test, build, then upload.
  const order = [
    stepIndex(build, (s) => s.run === "deno task test", "test"),
    stepIndex(build, (s) => s.run?.includes("deno task compile") ?? false, "compile"),
    stepIndex(build, (s) => s === upload, "upload"),
  ];
  assert.deepEqual([...order].sort((a, b) => a - b), order);
});

Deno.test("release.yml runs every binary it can on its own OS runner: scripts/smoke.ts", async () => {
  const smoke = (await loadWorkflow("release.yml")).jobs.smoke;
  assert.equal(smoke.needs, "build");
  assert.equal(smoke["runs-on"], "${{ matrix.runner }}");
  assert.equal(smoke.strategy?.["fail-fast"], false, "one OS failing still reports the others");
  const entries = smoke.strategy?.matrix?.include ?? [];
  assert.deepEqual(entries.map((e) => [e.target, e.runner]), [
    ["x86_64-unknown-linux-gnu", "ubuntu-latest"],
    ["aarch64-apple-darwin", "macos-latest"],
    ["x86_64-apple-darwin", "macos-15-intel"],
    ["x86_64-pc-windows-msvc", "windows-latest"],
  ]);
  // Each entry names its target's archive and executable as the build writes them.
  for (const entry of entries) {
    const target = findTarget(entry.target)!;
    assert.equal(`authgate_1.2.3_${entry.archive}`, archiveName("1.2.3", target), entry.target);
    assert.equal(entry.executable, target.executable, entry.target);
  }
  // Only aarch64 Linux has no standard runner (ubuntu-24.04-arm: public repositories only).
  assert.deepEqual(
    TARGETS.map((t) => t.triple).filter((triple) => !entries.some((e) => e.target === triple)),
    ["aarch64-unknown-linux-gnu"],
  );
  assert.equal(
    smoke.env?.ARCHIVE,
    "dist/authgate_${{ needs.build.outputs.version }}_${{ matrix.archive }}",
  );
  const download = stepIndex(
    smoke,
    (s) => s.uses?.startsWith("actions/download-artifact@") === true && s.with?.name === "dist",
    "downloads the build's artifact",
  );
  const extractTar = stepIndex(
    smoke,
    (s) =>
      s.if === "runner.os != 'Windows'" &&
      s.run === 'mkdir smoke-bin && tar -xzf "$ARCHIVE" -C smoke-bin',
    "extracts the tar.gz",
  );
  const extractZip = stepIndex(
    smoke,
    (s) =>
      s.if === "runner.os == 'Windows'" &&
      s.run === "Expand-Archive -Path $env:ARCHIVE -DestinationPath smoke-bin",
    "extracts the zip",
  );
  const run = stepIndex(
    smoke,
    (s) => s.run === "deno run --allow-all scripts/smoke.ts -- smoke-bin/${{ matrix.executable }}",
    "runs the smoke script with the binary",
  );
  assert.ok(download < extractTar && download < extractZip && extractTar < run && extractZip < run);
});

Deno.test("release.yml releases only after every smoke run passed, then publishes manifests", async () => {
  const release = await loadWorkflow("release.yml");
  const job = release.jobs.release;
  assert.deepEqual(job.needs, ["build", "smoke"]);
  assert.deepEqual(job.permissions, { contents: "write" });
  const commands = runs(job.steps);
  assert.match(commands, /^sha256sum -c checksums\.txt$/m);
  const create = job.steps.find((s) => s.run?.startsWith("gh release create"))!.run!;
  for (const asset of RELEASE_ASSETS) assert.ok(create.split(/\s+/).includes(asset), asset);
  for (const [name, other] of Object.entries(release.jobs)) {
    if (name !== "release") assert.doesNotMatch(runs(other.steps), /gh release/, name);
  }

  const publish = release.jobs.publish;
  assert.equal(publish.needs, "release");
  const published = runs(publish.steps);
  assert.match(published, /cp \.\.\/dist\/authgate\.rb Formula\/authgate\.rb/);
  assert.match(published, /cp \.\.\/dist\/authgate\.json bucket\/authgate\.json/);
});
