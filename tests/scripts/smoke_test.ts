/**
 * scripts/smoke.ts, the release workflow's per-OS smoke test of each binary,
 * run here against `deno run` with the release flags (so it cannot rot while
 * the binaries only run on GitHub's runners), and against a broken CLI.
 */

import { fileURLToPath } from "node:url";
import { cliRunArgs } from "../../scripts/permissions.ts";
import { SMOKE_STEPS } from "../../scripts/smoke/steps.ts";
import { assert, assertEquals, assertIncludes } from "../support/assert.ts";
import { runTool, type ToolRun } from "../support/system_tools.ts";

const SMOKE = fileURLToPath(new URL("../../scripts/smoke.ts", import.meta.url));

/** Runs the smoke script with `words` after `--`, in a clean environment like CI's. */
function smoke(words: string[]): Promise<ToolRun> {
  const env: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "DENO_DIR", "SystemRoot"]) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  const args = ["run", "--allow-all", SMOKE, ...(words.length > 0 ? ["--", ...words] : [])];
  return runTool(Deno.execPath(), args, { env, clearEnv: true });
}

Deno.test("the smoke test checks version, help, offline get, refresh, login, get, delete", () => {
  assertEquals(SMOKE_STEPS.map((step) => step.name), [
    "version",
    "--help",
    "token get (network off)",
    "token get (proactive refresh)",
    "authgate --device (device login)",
    "token get (after the login)",
    "token delete",
  ]);
});

Deno.test("scripts/smoke.ts passes against deno run with the release flags", async () => {
  const run = await smoke([Deno.execPath(), ...cliRunArgs([])]);
  assertEquals(run.code, 0, run.stdout + run.stderr);
  for (const step of SMOKE_STEPS) assertIncludes(run.stdout, `PASS ${step.name}: `);
  assertIncludes(run.stdout, `smoke: ${SMOKE_STEPS.length} passed, 0 failed`);
  assert(!run.stdout.includes("FAIL"), run.stdout);
});

Deno.test("scripts/smoke.ts fails, naming every step, when the CLI exits 1", async () => {
  const run = await smoke([Deno.execPath(), "eval", "Deno.exit(1)"]);
  assertEquals(run.code, 1, run.stdout + run.stderr);
  assertIncludes(run.stdout, "FAIL version: authgate version exited 1\n");
  for (const step of SMOKE_STEPS) assertIncludes(run.stdout, `FAIL ${step.name}: `);
  assertIncludes(run.stdout, `smoke: 0 passed, ${SMOKE_STEPS.length} failed`);
  assert(!run.stdout.includes("PASS"), run.stdout);
});

Deno.test("scripts/smoke.ts without a command is a usage error", async () => {
  const run = await smoke([]);
  assertEquals(run.code, 2);
  assertIncludes(run.stderr, "usage: deno run -A scripts/smoke.ts [--] COMMAND [ARGS...]");
});
