import type { CommandContext, CommandDefinition, CommandTable } from "../src/commands/command.ts";
import { COMMAND_TABLE } from "../src/commands/registry.ts";
import { assert, assertEquals, assertIncludes } from "./support/assert.ts";
import { runInProcess } from "./support/captured_deps.ts";

/** A table whose one command records what it was run with. */
function recordingTable(seen: CommandContext[]): CommandTable {
  const probe: CommandDefinition = {
    path: ["token", "probe"],
    summary: "Probe.",
    flags: [{ name: "raw", kind: "boolean", description: "Raw." }],
    usesSettings: true,
    run: (context) => {
      seen.push(context);
      return Promise.resolve(0);
    },
  };
  return { commands: [probe], groups: [] };
}

Deno.test("runCli() accepts settings flags before and after the subcommand, in both forms", async () => {
  for (
    const argv of [
      ["--client-id", "X", "token", "probe", "--raw"],
      ["token", "--client-id=X", "probe", "--raw"],
      ["token", "probe", "--raw=true", "--client-id", "X"],
    ]
  ) {
    const seen: CommandContext[] = [];
    const run = await runInProcess(argv, { table: recordingTable(seen) });
    assertEquals(run, { code: 0, stdout: "", stderr: "" }, argv.join(" "));
    assertEquals(seen[0].flags.get("client-id"), "X");
    assertEquals(seen[0].flags.get("raw"), true);
    assertEquals(
      seen[0].source.lookup({ name: "client-id", kind: "string", description: "" })?.text,
      "X",
    );
  }
});

Deno.test("runCli() treats words after -- as arguments, not flags", async () => {
  const seen: CommandContext[] = [];
  const table = recordingTable(seen);
  const probe = { ...table.commands[0], args: [{ name: "word", description: "", variadic: true }] };
  const run = await runInProcess(["token", "probe", "--", "--raw"], {
    table: { ...table, commands: [probe] },
  });
  assertEquals(run.code, 0, run.stderr);
  assertEquals([...seen[0].args], ["--raw"]);
  assertEquals(seen[0].flags.has("raw"), false);
});

Deno.test("runCli() rejects a flag of another command, pointing at the command's help", async () => {
  const run = await runInProcess(["token", "get", "--raw"], {
    table: {
      ...COMMAND_TABLE,
      commands: [...COMMAND_TABLE.commands, ...recordingTable([]).commands],
    },
  });
  assertEquals(run.code, 2);
  assertEquals(
    run.stderr,
    "Error: flag --raw does not apply to 'authgate token get'\n" +
      "Hint: run 'authgate token get --help' for its flags\n",
  );
});

Deno.test("runCli() answers an unknown command or flag with a suggestion and exit 2", async () => {
  const cases: [string[], string][] = [
    [["tokn", "get"], "Hint: did you mean 'authgate token'?"],
    [["token", "gte"], "Hint: did you mean 'authgate token get'?"],
    [["token", "get", "--jsn"], "Hint: did you mean --json?"],
    [["versoin"], "Hint: did you mean 'authgate version'?"],
    [["completion", "bsh"], "Hint: did you mean 'bash'?"],
  ];
  for (const [argv, hint] of cases) {
    const run = await runInProcess(argv);
    assertEquals(run.code, 2, argv.join(" "));
    assertEquals(run.stdout, "");
    assert(run.stderr.startsWith("Error: "), run.stderr);
    assertIncludes(run.stderr, hint + "\n");
  }
});

Deno.test("runCli() prints help on stdout for --help, -h, help and a bare group", async () => {
  const variants = [
    [["token", "get", "--help"], ["-h", "token", "get"], ["help", "token", "get"]],
    [["token"], ["token", "--help"], ["help", "token"]],
    [[], ["--help"], ["help"]],
  ];
  for (const same of variants) {
    const runs = await Promise.all(same.map((argv) => runInProcess(argv)));
    for (const run of runs) assertEquals(run, runs[0]);
    assertEquals(runs[0].code, 0);
    assertEquals(runs[0].stderr, "");
    assertIncludes(runs[0].stdout, "Usage:\n");
  }
});

Deno.test("runCli() --help ignores flags of other commands but not unknown names", async () => {
  const run = await runInProcess(["version", "--offline", "--help"]);
  assertEquals(run.code, 0, run.stderr);
  assertIncludes(run.stdout, "  authgate version [flags]\n");
  const unknownFlag = await runInProcess(["version", "--bogus", "--help"]);
  assertEquals(unknownFlag.code, 2);
  const typo = await runInProcess(["token", "gte", "--help"]);
  assertEquals(typo.code, 2);
  assertIncludes(typo.stderr, "did you mean 'authgate token get'?");
});

Deno.test("runCli() runs version for --version without a command", async () => {
  const flag = await runInProcess(["--version", "--json"]);
  const command = await runInProcess(["version", "--json"]);
  assertEquals(flag, command);
  assertEquals(flag.code, 0);
  const misplaced = await runInProcess(["token", "get", "--version"]);
  assertEquals(misplaced.code, 2);
  assertIncludes(misplaced.stderr, "Hint: run 'authgate version'");
});
