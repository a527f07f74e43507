import {
  BEGIN_MARKER,
  README,
  regenerateReadme,
  renderCommandReference,
} from "../../scripts/gen_readme.ts";
import { COMMAND_TABLE } from "../../src/commands/registry.ts";
import { SETTING_FLAG_LIST } from "../../src/config/setting_flags.ts";
import { ExitCode } from "../../src/errors.ts";
import { assert, assertEquals, assertIncludes } from "../support/assert.ts";

Deno.test("README's command reference is what scripts/gen_readme.ts generates (run 'deno task readme')", async () => {
  const readme = await Deno.readTextFile(README);
  assertEquals(await regenerateReadme(readme, COMMAND_TABLE), readme);
});

Deno.test("regenerateReadme() follows a change of the command table", async () => {
  const readme = await Deno.readTextFile(README);
  const renamed = {
    ...COMMAND_TABLE,
    commands: COMMAND_TABLE.commands.map((c) => ({ ...c, summary: `${c.summary} (changed)` })),
  };
  const after = await regenerateReadme(readme, renamed);
  assert(after !== readme);
  assertEquals(
    after.slice(0, after.indexOf(BEGIN_MARKER)),
    readme.slice(0, readme.indexOf(BEGIN_MARKER)),
  );
});

Deno.test("renderCommandReference() documents every command, its flags and examples", () => {
  const reference = renderCommandReference(COMMAND_TABLE);
  for (const command of COMMAND_TABLE.commands) {
    assertIncludes(reference, `### \`${["authgate", ...command.path].join(" ")}\``);
    for (const flag of command.flags) assertIncludes(reference, `\`--${flag.name}`);
    for (const example of command.examples ?? []) assertIncludes(reference, example);
  }
});

Deno.test("README's one exit code table lists every exit code", async () => {
  const readme = await Deno.readTextFile(README);
  const section = readme.slice(readme.indexOf("## Exit codes"));
  const table = section.slice(0, section.indexOf("\n\n", section.indexOf("| code")));
  for (const code of Object.values(ExitCode)) {
    assert(new RegExp(`^\\| ${code} +\\|`, "m").test(table), `exit code ${code} in:\n${table}`);
  }
  assertEquals(readme.split("## Exit codes").length, 2, "one exit code table");
});

Deno.test("README's settings table lists every setting flag and variable", async () => {
  const readme = await Deno.readTextFile(README);
  for (const flag of SETTING_FLAG_LIST) {
    assert(new RegExp(`^\\| \`--${flag.name}\` +\\| \`${flag.env}\``, "m").test(readme), flag.name);
  }
});
