/**
 * Help text, generated from the command table and the flag specs: usage,
 * description, arguments, every flag with its environment variable and
 * default, examples. Loaded only when help is asked for.
 * @module
 */

import type { ArgSpec, CommandDefinition, CommandTable } from "../config/command.ts";
import {
  commandAt,
  commandLine,
  commandsUnder,
  groupAt,
  resolveWords,
} from "../config/command_tree.ts";
import type { FlagSpec } from "../config/flag_spec.ts";
import { GLOBAL_FLAG_LIST, GLOBAL_FLAGS, SETTING_FLAG_LIST } from "../config/setting_flags.ts";

/** The longest left column before descriptions move to their own line. */
const MAX_LABEL = 34;

/** `-h, --help` or `    --format FORMAT`. */
export function flagLabel(spec: FlagSpec): string {
  const names = spec.short ? `-${spec.short}, --${spec.name}` : `    --${spec.name}`;
  return spec.kind === "boolean" ? names : `${names} ${spec.valueName ?? "VALUE"}`;
}

/** The facts after a flag's description: values, repeatability, env, default. */
export function flagNotes(spec: FlagSpec): string[] {
  const notes: string[] = [];
  if (spec.choices) notes.push(`[possible values: ${spec.choices.join(", ")}]`);
  if (spec.kind === "list") notes.push("[repeatable]");
  if (spec.env) notes.push(`[env: ${spec.env}]`);
  if (spec.defaultText !== undefined) notes.push(`[default: ${spec.defaultText}]`);
  return notes;
}

function table2(rows: readonly (readonly [string, string])[]): string {
  const width = Math.min(MAX_LABEL, Math.max(0, ...rows.map(([left]) => left.length)));
  return rows.map(([left, right]) =>
    left.length > width
      ? `  ${left}\n  ${" ".repeat(width + 2)}${right}\n`
      : `  ${left.padEnd(width)}  ${right}\n`
  ).join("");
}

function flagSection(title: string, specs: readonly FlagSpec[]): string {
  if (specs.length === 0) return "";
  const rows = specs.map((s) =>
    [flagLabel(s), [s.description, ...flagNotes(s)].join(" ")] as const
  );
  return `\n${title}:\n${table2(rows)}`;
}

/** `<shell>`, `[command...]`. */
export function argLabel(spec: ArgSpec): string {
  const name = spec.variadic ? `${spec.name}...` : spec.name;
  return spec.optional ? `[${name}]` : `<${name}>`;
}

/** The usage line of a command: `authgate completion <shell> [flags]`. */
export function usageLine(command: CommandDefinition): string {
  return [commandLine(command.path), ...(command.args ?? []).map(argLabel), "[flags]"].join(" ");
}

function commandList(table: CommandTable, path: readonly string[]): string {
  const rows = commandsUnder(table, path).map((c) => [c.path.join(" "), c.summary] as const);
  return rows.length ? `\nCommands:\n${table2(rows)}` : "";
}

/** The width descriptions are wrapped at. */
const WIDTH = 80;

/** Wraps a paragraph at word boundaries; indented (preformatted) paragraphs stay. */
function wrap(paragraph: string): string {
  if (/^\s/m.test(paragraph)) return paragraph;
  const lines: string[] = [];
  let line = "";
  for (const word of paragraph.split(/\s+/)) {
    if (line && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line].join("\n");
}

function paragraphs(text: string | undefined): string {
  return text ? `\n${text.trim().split(/\n\n+/).map(wrap).join("\n\n")}\n` : "";
}

function examples(command: CommandDefinition | undefined): string {
  const lines = command?.examples ?? [];
  return lines.length ? `\nExamples:\n${lines.map((line) => `  ${line}\n`).join("")}` : "";
}

function commandHelp(command: CommandDefinition): string {
  const args = command.args ?? [];
  const argRows = args.map((a) =>
    [
      argLabel(a),
      [a.description, ...(a.choices ? [`[possible values: ${a.choices.join(", ")}]`] : [])]
        .join(" "),
    ] as const
  );
  return `${command.summary}\n\nUsage:\n  ${usageLine(command)}\n` +
    paragraphs(command.description) +
    (argRows.length ? `\nArguments:\n${table2(argRows)}` : "") +
    flagSection("Flags", command.flags) +
    flagSection("Settings", command.usesSettings ? SETTING_FLAG_LIST : []) +
    flagSection("Global flags", [GLOBAL_FLAGS.help]) +
    examples(command);
}

function rootHelp(table: CommandTable): string {
  const root = commandAt(table, []);
  const tagline = root?.summary ?? groupAt(table, [])?.summary ?? "authgate";
  const usage = [...(root ? [usageLine(root)] : []), "authgate <command> [flags]"];
  return `${tagline}\n\nUsage:\n${usage.map((u) => `  ${u}\n`).join("")}` +
    paragraphs(root?.description) +
    commandList(table, []) +
    flagSection("Flags", root?.flags ?? []) +
    flagSection("Settings", SETTING_FLAG_LIST) +
    flagSection("Global flags", GLOBAL_FLAG_LIST) +
    examples(root) +
    `\nRun 'authgate help <command>' for a command's flags and examples.\n`;
}

function groupHelp(table: CommandTable, path: readonly string[]): string {
  const summary = groupAt(table, path)?.summary ?? `The '${commandLine(path)}' commands.`;
  return `${summary}\n\nUsage:\n  ${commandLine(path)} <command> [flags]\n` +
    commandList(table, path) +
    `\nRun '${commandLine(["help", ...path])} <command>' for a command's flags and examples.\n`;
}

/**
 * The help for what `words` name: a command, a group, or (no words) the
 * whole program.
 *
 * @param table The command table.
 * @param words Words after `authgate`, such as `["token", "get"]`.
 * @returns The help text, ending with a newline.
 * @throws {import("../errors.ts").UsageError} for an unknown command.
 */
export function renderHelp(table: CommandTable, words: readonly string[]): string {
  if (words.length === 0) return rootHelp(table);
  const resolved = resolveWords(words, table);
  if (resolved.kind === "group") {
    return resolved.path.length ? groupHelp(table, resolved.path) : rootHelp(table);
  }
  return resolved.command.path.length ? commandHelp(resolved.command) : rootHelp(table);
}
