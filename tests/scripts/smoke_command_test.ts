/** The smoke test's command runner: program paths, the clean environment, the time limit. */

import { isAbsolute, join } from "node:path";
import { parseCommand, runCommand } from "../../scripts/smoke/command.ts";
import { assert, assertEquals, assertIncludes } from "../support/assert.ts";

const cwd = Deno.cwd();

Deno.test("parseCommand makes a program path absolute and leaves a bare name to PATH", () => {
  assertEquals(parseCommand(["dist/x/authgate"], cwd)?.program, join(cwd, "dist/x/authgate"));
  assertEquals(parseCommand(["deno", "run", "main.ts"], cwd), {
    program: "deno",
    leadingArgs: ["run", "main.ts"],
  });
  const absolute = parseCommand([Deno.execPath()], cwd)!.program;
  assertEquals(absolute, Deno.execPath());
  assert(isAbsolute(absolute));
  assertEquals(parseCommand([], cwd), undefined);
});

Deno.test("runCommand gives the child only the environment it is handed", async () => {
  const run = await runCommand(
    { program: Deno.execPath(), leadingArgs: ["eval"] },
    ["console.log(JSON.stringify(Deno.env.toObject()))"],
    { env: { SMOKE_ONLY: "1" }, cwd, timeoutMs: 30_000 },
  );
  assertEquals(run.code, 0, run.stderr);
  const seen = JSON.parse(run.stdout);
  assertEquals(seen.SMOKE_ONLY, "1");
  // Deno adds a PATH of its own (and Windows may add SystemRoot); nothing of this process's does.
  const ours = Object.keys(Deno.env.toObject()).find((name) => !/^(path|systemroot)$/i.test(name));
  assert(ours !== undefined && !(ours in seen), `${ours} reached the child: ${run.stdout}`);
});

Deno.test("runCommand stops a hanging child at its time limit", async () => {
  const run = await runCommand(
    { program: Deno.execPath(), leadingArgs: ["eval"] },
    ["await new Promise((resolve) => setTimeout(resolve, 60_000))"],
    { env: {}, cwd, timeoutMs: 500 },
  );
  assert(run.timedOut);
  assert(run.code !== 0);
});

Deno.test("runCommand reports a program that cannot start as exit 127", async () => {
  const run = await runCommand(
    { program: join(cwd, "no-such-authgate"), leadingArgs: [] },
    ["version"],
    { env: {}, cwd, timeoutMs: 5_000 },
  );
  assertEquals(run.code, 127);
  assertIncludes(run.stderr, "cannot start");
});
