/**
 * The GitHub Actions workflows: valid YAML (parsed strictly: no duplicate
 * keys, no warnings) with the structure CI and releases rely on, and the Deno
 * version .ci/run pins.
 */

import assert from "node:assert/strict";
import { parseDocument } from "yaml";

const ROOT = new URL("../../", import.meta.url);

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  "runs-on": string;
  needs?: string | string[];
  strategy?: { matrix?: { os?: string[] } };
  permissions?: Record<string, string>;
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

Deno.test("release.yml builds on a version tag, attaches archives and checksums, publishes manifests", async () => {
  const release = await loadWorkflow("release.yml");
  assert.deepEqual(release.on, { push: { tags: ["v*"] } });
  assert.deepEqual(release.permissions, { contents: "read" });
  const build = release.jobs.build;
  assert.deepEqual(build.permissions, { contents: "write" });
  const commands = runs(build.steps);
  assert.match(commands, /GITHUB_REF_NAME/); // the tag is checked against deno.json
  assert.match(commands, /^deno task test$/m);
  assert.match(commands, /deno task compile$/m);
  assert.match(commands, /^sha256sum -c checksums\.txt$/m);
  assert.match(commands, /scripts\/manifests\.ts --checksums dist\/checksums\.txt --repo/);
  const create = build.steps.find((s) => s.run?.startsWith("gh release create"))!.run!;
  for (
    const asset of [
      "dist/*.tar.gz",
      "dist/*.zip",
      "dist/checksums.txt",
      "dist/authgate.rb",
      "dist/authgate.json",
    ]
  ) {
    assert.ok(create.split(/\s+/).includes(asset), asset);
  }
  // Test before build, build before the release.
  const order = ["deno task test", "deno task compile", "gh release create"]
    .map((c) => build.steps.findIndex((s) => s.run?.includes(c)));
  assert.deepEqual([...order].sort((a, b) => a - b), order);

  const publish = release.jobs.publish;
  assert.equal(publish.needs, "build");
  const published = runs(publish.steps);
  assert.match(published, /cp \.\.\/manifests\/authgate\.rb Formula\/authgate\.rb/);
  assert.match(published, /cp \.\.\/manifests\/authgate\.json bucket\/authgate\.json/);
});
