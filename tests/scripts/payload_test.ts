/**
 * The release binary is the program that was tested: for every target,
 * `scripts/build.ts` compiles on a stand-in runtime, and what the binary
 * embeds is read back and compared with `deno info src/main.ts` (modules and
 * npm packages), `scripts/permissions.ts` (the permission set) and
 * `scripts/release.env` (Deno's own settings).
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { parseBuildArgs, planBuild, ROOT } from "../../scripts/build.ts";
import { permissionFlags, RELEASE_ENV_FILE } from "../../scripts/permissions.ts";
import { ENTRY } from "../../scripts/release/compile_command.ts";
import { type ReleaseTarget, TARGETS } from "../../scripts/release/targets.ts";
import { parseDotenv } from "../../src/config/dotenv.ts";
import { type CodeGraph, codeGraph } from "../support/code_graph.ts";
import { type CompiledPayload, readCompiledPayload } from "../support/compiled_payload.ts";
import { permissionOptionsFromFlags } from "../support/permission_options.ts";
import { standInRuntime } from "../support/stand_in_runtime.ts";
import { runTool } from "../support/system_tools.ts";

const BUILD = join(ROOT, "scripts/build.ts");
/** Development code that no `--include` may bring into a binary. */
const NEVER_SHIPPED = ["tests/", "scripts/"];
const VERSION = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))).version as string;

let graph: Promise<CodeGraph> | undefined;

/** The code graph of the entry point, read once. */
function programGraph(): Promise<CodeGraph> {
  graph ??= runTool(Deno.execPath(), ["info", "--json", ENTRY], { cwd: ROOT }).then((run) => {
    assert.equal(run.code, 0, run.stderr);
    return codeGraph(JSON.parse(run.stdout), ROOT);
  });
  return graph;
}

/** Builds one target with `scripts/build.ts` on a stand-in runtime and reads the binary back. */
async function buildOnStandIn(target: ReleaseTarget, dir: string) {
  const runtime = join(dir, "denort");
  await Deno.writeFile(runtime, standInRuntime(target), { mode: 0o755 });
  const args = ["--target", target.triple, "--out", join(dir, "dist")];
  const run = await runTool(Deno.execPath(), ["run", "--allow-all", BUILD, ...args], {
    env: {
      NO_COLOR: "1",
      DENORT_BIN: runtime,
      // The build must not let this through to deno compile (a binary
      // without its dynamically imported modules).
      DENO_UNSTABLE_LAZY_DYNAMIC_IMPORTS: "1",
    },
  });
  assert.equal(run.code, 0, run.stderr);
  const [step] = planBuild(parseBuildArgs(args), VERSION).steps;
  const payload = readCompiledPayload(await Deno.readFile(step.executable));
  assert.ok(payload, `${step.executable} embeds no readable deno compile data section`);
  return { step, payload };
}

/** Fails naming every item of `items` that `allowed` lacks. */
function assertWithin(items: readonly string[], allowed: readonly string[], what: string) {
  const outside = items.filter((item) => !allowed.includes(item));
  if (outside.length > 0) {
    assert.fail(`${what} (${outside.length} of ${items.length}): ${outside.join(", ")}`);
  }
}

/** Every module and npm package of the graph, and nothing else. */
function assertSameProgram(payload: CompiledPayload, graph: CodeGraph, included: string[]) {
  const { localFiles, remoteModules, npmPackages, npmSnapshot } = payload;
  assertWithin(
    graph.localModules,
    localFiles,
    `modules of deno info ${ENTRY} missing from the binary`,
  );
  assertWithin(graph.remoteModules, remoteModules, "remote modules missing from the binary");
  assertWithin(graph.npmPackages, npmSnapshot, "npm packages missing from the binary's snapshot");
  assertWithin(graph.npmPackages, npmPackages, "npm packages missing from the binary's files");
  assertWithin(
    localFiles,
    [...graph.localModules, ...included],
    "files the program does not load embedded",
  );
  const devFiles = localFiles.filter((path) => NEVER_SHIPPED.some((dir) => path.startsWith(dir)));
  assertWithin(devFiles, [], "development files embedded");
  assertWithin(remoteModules, graph.remoteModules, "remote modules the program does not load");
  assertWithin(
    [...new Set([...npmSnapshot, ...npmPackages])],
    graph.npmPackages,
    "npm packages the program does not use embedded",
  );
}

for (const target of TARGETS) {
  Deno.test(`the ${target.triple} binary embeds the whole program with the release settings`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const { step, payload } = await buildOnStandIn(target, dir);
      const included = step.args.filter((_, i) => step.args[i - 1] === "--include");
      assertSameProgram(payload, await programGraph(), included);

      const { permissions, env_vars_from_env_file, unstable_config } = payload.metadata;
      assert.deepEqual(
        permissions,
        permissionOptionsFromFlags(permissionFlags({ os: target.os }), Object.keys(permissions)),
      );
      const releaseEnv = parseDotenv(await Deno.readTextFile(join(ROOT, RELEASE_ENV_FILE)));
      assert.equal(releaseEnv.get("DENO_TLS_CA_STORE"), "system,mozilla");
      assert.deepEqual(
        env_vars_from_env_file,
        Object.fromEntries(releaseEnv),
        `the binary's environment is not ${RELEASE_ENV_FILE}: ${
          JSON.stringify(env_vars_from_env_file)
        }`,
      );
      assert.equal(
        unstable_config.lazy_dynamic_imports,
        false,
        "unstable lazy-dynamic-imports is on: deno compile leaves out every import()",
      );
      assert.deepEqual(unstable_config.features, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
