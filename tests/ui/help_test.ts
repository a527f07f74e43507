import type { CommandDefinition, CommandTable } from "../../src/config/command.ts";
import { COMMAND_TABLE } from "../../src/commands/registry.ts";
import type { FlagSpec } from "../../src/config/flag_spec.ts";
import { GLOBAL_FLAGS, SETTING_FLAG_LIST } from "../../src/config/setting_flags.ts";
import { UsageError } from "../../src/errors.ts";
import { flagLabel, renderHelp, usageLine } from "../../src/ui/help.ts";
import {
  assert,
  assertEquals,
  assertExcludes,
  assertIncludes,
  assertThrows,
} from "../support/assert.ts";

/** The help line of a flag: its label, then its description. */
function flagLine(help: string, label: string): string {
  const lines = help.split("\n");
  const at = lines.findIndex((line) => line.trimStart().startsWith(label.trim()));
  assert(at !== -1, `no line for ${label} in:\n${help}`);
  // A long label puts the description on the next line.
  return lines[at].trim() === label.trim() ? lines[at] + lines[at + 1] : lines[at];
}

Deno.test("renderHelp() documents every command: usage, flags with env and default, an example", () => {
  for (const command of COMMAND_TABLE.commands) {
    const help = renderHelp(COMMAND_TABLE, command.path);
    const name = command.path.join(" ") || "(root)";
    assert(help.startsWith(command.summary + "\n"), name);
    assertIncludes(help, `Usage:\n  ${usageLine(command)}\n`);
    assert((command.examples ?? []).length > 0, `${name} has an example`);
    for (const example of command.examples!) assertIncludes(help, `  ${example}\n`);
    const flags: FlagSpec[] = [
      ...command.flags,
      ...(command.usesSettings ? SETTING_FLAG_LIST : []),
      GLOBAL_FLAGS.help,
    ];
    for (const flag of flags) {
      const line = flagLine(help, flagLabel(flag));
      assertIncludes(line, flag.description);
      if (flag.env) assertIncludes(line, `[env: ${flag.env}]`);
      if (flag.defaultText) assertIncludes(line, `[default: ${flag.defaultText}]`);
      if (flag.choices) assertIncludes(line, `[possible values: ${flag.choices.join(", ")}]`);
    }
    if (!command.usesSettings) assertExcludes(help, "--client-id");
  }
});

Deno.test("renderHelp() for a group lists its commands and points at their help", () => {
  const help = renderHelp(COMMAND_TABLE, ["token"]);
  assertIncludes(help, "Usage:\n  authgate token <command> [flags]\n");
  const lines = help.split("\n");
  for (const command of COMMAND_TABLE.commands.filter((c) => c.path[0] === "token")) {
    const line = lines.find((l) => l.startsWith(`  ${command.path.join(" ")} `));
    assert(line?.endsWith(command.summary), `${command.path.join(" ")} listed in:\n${help}`);
  }
  assertIncludes(help, "Run 'authgate help token <command>'");
});

Deno.test("renderHelp() with no words lists every command, the settings and the global flags", () => {
  const help = renderHelp(COMMAND_TABLE, []);
  for (const command of COMMAND_TABLE.commands.filter((c) => c.path.length > 0)) {
    assertIncludes(help, `  ${command.path.join(" ")} `);
  }
  for (const flag of SETTING_FLAG_LIST) assertIncludes(help, `[env: ${flag.env}]`);
  assertIncludes(help, "-h, --help");
  assertIncludes(help, "    --version");
});

Deno.test("renderHelp() gives a root command registered later its usage, flags and examples", () => {
  const login: CommandDefinition = {
    path: [],
    summary: "Log in and print a summary.",
    description: "Uses the browser, or the device flow over SSH.",
    flags: [{ name: "device", kind: "boolean", description: "Force the device flow." }],
    usesSettings: true,
    examples: ["authgate --device"],
    run: () => Promise.resolve(0),
  };
  const table: CommandTable = { ...COMMAND_TABLE, commands: [login, ...COMMAND_TABLE.commands] };
  const help = renderHelp(table, []);
  assert(help.startsWith("Log in and print a summary.\n"), help);
  assertIncludes(help, "Usage:\n  authgate [flags]\n  authgate <command> [flags]\n");
  assertIncludes(help, "Uses the browser, or the device flow over SSH.");
  assertIncludes(help, "--device");
  assertIncludes(help, "  authgate --device\n");
  assertIncludes(help, "  token get ");
  assertEquals(renderHelp(table, ["help"]).split("\n")[0], "Show help for a command.");
});

Deno.test("renderHelp() rejects an unknown command", () => {
  assertThrows(
    () => renderHelp(COMMAND_TABLE, ["token", "bogus"]),
    UsageError,
    'unknown command "token bogus"',
  );
});
