import type { CommandDefinition, CommandTable } from "../../src/config/command.ts";
import { allPaths, checkArgs, childWords, resolveWords } from "../../src/config/command_tree.ts";
import { UsageError } from "../../src/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

function command(path: string[], extra: Partial<CommandDefinition> = {}): CommandDefinition {
  return {
    path,
    summary: path.join(" "),
    flags: [],
    usesSettings: false,
    run: () => Promise.resolve(0),
    ...extra,
  };
}

const GET = command(["token", "get"]);
const COMPLETION = command(["completion"], {
  args: [{ name: "shell", description: "", choices: ["bash", "zsh"] }],
});
const HELP = command(["help"], {
  args: [{ name: "command", description: "", optional: true, variadic: true }],
});
const TABLE: CommandTable = {
  commands: [GET, command(["token", "delete"]), COMPLETION, HELP],
  groups: [],
};
const WITH_ROOT: CommandTable = { ...TABLE, commands: [command([]), ...TABLE.commands] };

Deno.test("resolveWords() finds the longest command path and its arguments", () => {
  assertEquals(resolveWords(["token", "get"], TABLE), { kind: "command", command: GET, args: [] });
  assertEquals(resolveWords(["completion", "zsh"], TABLE), {
    kind: "command",
    command: COMPLETION,
    args: ["zsh"],
  });
  assertEquals(resolveWords(["help", "token", "get"], TABLE).kind, "command");
});

Deno.test("resolveWords() names a group given without a subcommand", () => {
  assertEquals(resolveWords(["token"], TABLE), {
    kind: "group",
    path: ["token"],
    group: undefined,
  });
  assertEquals(resolveWords([], TABLE), { kind: "group", path: [], group: undefined });
});

Deno.test("resolveWords() resolves no words to a root command once one is registered", () => {
  const resolved = resolveWords([], WITH_ROOT);
  assertEquals(resolved.kind === "command" && resolved.command.path, []);
});

Deno.test("resolveWords() suggests the closest command for an unknown word", () => {
  for (const table of [TABLE, WITH_ROOT]) {
    const error = assertThrows(() => resolveWords(["tokne", "get"], table), UsageError);
    assertEquals([error.message, error.hint], [
      'unknown command "tokne"',
      "did you mean 'authgate token'?",
    ]);
  }
  const nested = assertThrows(() => resolveWords(["token", "delte"], TABLE), UsageError);
  assertEquals(nested.hint, "did you mean 'authgate token delete'?");
  const far = assertThrows(() => resolveWords(["zzzzzz"], TABLE), UsageError);
  assertEquals(far.hint, "run 'authgate --help' for the commands");
});

Deno.test("checkArgs() enforces the declared arguments", () => {
  checkArgs(COMPLETION, ["bash"]);
  checkArgs(HELP, []);
  checkArgs(HELP, ["token", "get"]);
  assertThrows(() => checkArgs(COMPLETION, []), UsageError, "needs the shell argument");
  assertThrows(() => checkArgs(COMPLETION, ["bash", "x"]), UsageError, 'unexpected argument "x"');
  assertThrows(
    () => checkArgs(GET, ["x"]),
    UsageError,
    "unexpected argument \"x\" for 'authgate token get'",
  );
  const wrong = assertThrows(() => checkArgs(COMPLETION, ["zhs"]), UsageError);
  assertEquals([wrong.message, wrong.hint], [
    'invalid shell "zhs": expected one of bash, zsh',
    "did you mean 'zsh'?",
  ]);
});

Deno.test("childWords() and allPaths() walk the tree in table order", () => {
  assertEquals(childWords(TABLE, []), ["token", "completion", "help"]);
  assertEquals(childWords(TABLE, ["token"]), ["get", "delete"]);
  assertEquals(allPaths(TABLE), [[], ["token"], ["token", "get"], ["token", "delete"], [
    "completion",
  ], ["help"]]);
});
