/**
 * `deno task readme`: regenerates README's command reference from the command
 * table, the same definitions `--help` renders, so the two cannot drift. The
 * section between the BEGIN/END markers is replaced and the README is run
 * through `deno fmt`; tests/scripts/gen_readme_test.ts fails when README is stale.
 * @module
 */

import type { CommandDefinition, CommandTable } from "../src/config/command.ts";
import { commandLine } from "../src/config/command_tree.ts";
import { COMMAND_TABLE } from "../src/commands/registry.ts";
import type { FlagSpec } from "../src/config/flag_spec.ts";
import { GLOBAL_FLAG_LIST } from "../src/config/setting_flags.ts";
import { argLabel, usageLine } from "../src/ui/help.ts";

/** The markers around the generated section. */
export const BEGIN_MARKER =
  "<!-- BEGIN GENERATED COMMAND REFERENCE (scripts/gen_readme.ts; edit src/commands/registry.ts) -->";
export const END_MARKER = "<!-- END GENERATED COMMAND REFERENCE -->";

/** The README this script maintains. */
export const README = new URL("../README.md", import.meta.url);

const cell = (text: string) => text.replaceAll("|", "\\|");

function flagLabel(spec: FlagSpec): string {
  const names = [`--${spec.name}`, ...(spec.short ? [`-${spec.short}`] : [])].join(", ");
  return "`" + (spec.kind === "boolean" ? names : `${names} ${spec.valueName ?? "VALUE"}`) + "`";
}

function flagRow(spec: FlagSpec): string {
  const notes = [
    spec.choices && `one of ${spec.choices.map((c) => "`" + c + "`").join(", ")}`,
    spec.kind === "list" && "repeatable",
    spec.env && "env `" + spec.env + "`",
    spec.defaultText !== undefined && "default `" + spec.defaultText + "`",
  ].filter(Boolean);
  const description = notes.length ? `${spec.description} (${notes.join("; ")})` : spec.description;
  return `| ${cell(flagLabel(spec))} | ${cell(description)} |`;
}

/** Help paragraphs as Markdown: indented (preformatted) ones become code blocks. */
function markdownParagraphs(description: string): string[] {
  return description.trim().split(/\n\n+/).map((paragraph) => {
    if (!/^\s/.test(paragraph)) return paragraph;
    const lines = paragraph.split("\n");
    const indent = Math.min(...lines.map((line) => line.search(/\S/)));
    return "```\n" + lines.map((line) => line.slice(indent)).join("\n") + "\n```";
  });
}

function commandSection(command: CommandDefinition): string {
  const parts = [`### \`${commandLine(command.path)}\``, command.summary];
  if (command.description) parts.push(...markdownParagraphs(command.description));
  parts.push("```\n" + usageLine(command) + "\n```");
  const args = command.args ?? [];
  if (args.length) {
    parts.push(
      args.map((a) =>
        `- \`${argLabel(a)}\`: ${a.description}` +
        (a.choices ? ` One of ${a.choices.map((c) => "`" + c + "`").join(", ")}.` : "")
      ).join("\n"),
    );
  }
  if (command.flags.length) {
    parts.push(
      ["| flag | description |", "| --- | --- |", ...command.flags.map(flagRow)].join("\n"),
    );
  }
  parts.push(
    command.usesSettings
      ? "Also takes the [settings](#settings) flags, and `--help`."
      : "Takes no settings; `--help` shows this text.",
  );
  if (command.examples?.length) parts.push("```sh\n" + command.examples.join("\n") + "\n```");
  return parts.join("\n\n");
}

/**
 * The command reference as Markdown (before `deno fmt`).
 *
 * @param table The command table.
 * @returns The section between the markers.
 */
export function renderCommandReference(table: CommandTable): string {
  const global = GLOBAL_FLAG_LIST.map(flagRow);
  return [
    "## Command reference",
    "Generated from the same definitions as `authgate help`. Flags may come before or after " +
    "the command (`authgate --client-id X token get`), as `--flag value` or `--flag=value`; " +
    "`--` ends the flags.",
    ["| global flag | description |", "| --- | --- |", ...global].join("\n"),
    ...table.commands.map(commandSection),
  ].join("\n\n");
}

/**
 * Formats Markdown the way `deno fmt` does (the README must pass `deno fmt --check`).
 *
 * @param markdown The text.
 * @returns The formatted text.
 */
export async function formatMarkdown(markdown: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=md", "-"],
    cwd: new URL("..", import.meta.url),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(markdown));
  await writer.close();
  const output = await child.output();
  if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout);
}

/**
 * README with the generated section replaced.
 *
 * @param readme The current README text.
 * @param table The command table.
 * @returns The new README text, formatted.
 * @throws {Error} when the markers are missing.
 */
export async function regenerateReadme(readme: string, table: CommandTable): Promise<string> {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin === -1 || end < begin) {
    throw new Error(`README.md needs the markers ${BEGIN_MARKER} and ${END_MARKER}`);
  }
  const section = `${BEGIN_MARKER}\n\n${renderCommandReference(table)}\n\n`;
  return await formatMarkdown(readme.slice(0, begin) + section + readme.slice(end));
}

if (import.meta.main) {
  const before = await Deno.readTextFile(README);
  const after = await regenerateReadme(before, COMMAND_TABLE);
  if (after !== before) await Deno.writeTextFile(README, after);
  console.log(after === before ? "README.md is up to date" : "README.md regenerated");
}
