/**
 * What a completion script needs from the command table, flattened per node
 * of the command tree. Every shell's script is rendered from this one model.
 * @module
 */

import type { CommandTable } from "../../config/command.ts";
import {
  acceptedFlags,
  allPaths,
  childWords,
  commandAt,
  groupAt,
} from "../../config/command_tree.ts";
import type { FlagSpec } from "../../config/flag_spec.ts";
import { GLOBAL_FLAGS, SETTING_FLAG_LIST } from "../../config/setting_flags.ts";

/** A flag as completion sees it. */
export interface CompletionFlag {
  name: string;
  short?: string;
  description: string;
  takesValue: boolean;
  /** Values to offer. */
  choices?: readonly string[];
  /** Whether the value is a file path. */
  files: boolean;
}

/** A word that may follow a node (a subcommand or a group). */
export interface CompletionWord {
  name: string;
  summary: string;
}

/** One node of the tree: the root, a group or a command. */
export interface CompletionNode {
  /** Words after `authgate`, joined by one space (`""` for the root). */
  path: string;
  words: CompletionWord[];
  flags: CompletionFlag[];
  /** Fixed values of the positional arguments (`completion bash|zsh|...`). */
  argChoices: readonly string[];
  /** Whether the arguments are command words (`help token get`). */
  argCommands: boolean;
}

/** The model of a whole command table. */
export interface CompletionModel {
  nodes: CompletionNode[];
  /** Every flag that takes a value, once by name (the parser accepts flags anywhere). */
  valueFlags: CompletionFlag[];
}

const SAFE_WORD = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

function safeWord(word: string): string {
  // Words go into scripts unquoted (case labels, word lists): only plain ones.
  if (!SAFE_WORD.test(word)) throw new Error(`cannot complete the word "${word}"`);
  return word;
}

function toFlag(spec: FlagSpec): CompletionFlag {
  return {
    name: safeWord(spec.name),
    short: spec.short && safeWord(spec.short),
    description: spec.description,
    takesValue: spec.kind !== "boolean",
    choices: spec.choices?.map(safeWord),
    files: spec.valueName === "PATH",
  };
}

/**
 * Builds the completion model of `table`.
 *
 * @param table The command table.
 * @returns One node per path, the root first.
 * @throws {Error} if a command, flag or choice is not a plain word.
 */
export function completionModel(table: CommandTable): CompletionModel {
  const nodes = allPaths(table).map((path): CompletionNode => {
    const command = commandAt(table, path);
    const specs = command ? acceptedFlags(command) : [...SETTING_FLAG_LIST, GLOBAL_FLAGS.help];
    if (path.length === 0) specs.push(GLOBAL_FLAGS.version);
    const words = childWords(table, path).map((name) => {
      const child = [...path, name];
      const summary = commandAt(table, child)?.summary ?? groupAt(table, child)?.summary ?? "";
      return { name: safeWord(name), summary };
    });
    const args = command?.args ?? [];
    return {
      path: path.map(safeWord).join(" "),
      words,
      flags: specs.map(toFlag),
      argChoices: args.flatMap((a) => a.choices ?? []).map(safeWord),
      argCommands: args.some((a) => a.completesCommands),
    };
  });
  const valueFlags = new Map<string, CompletionFlag>();
  for (const flag of nodes.flatMap((n) => n.flags)) {
    if (flag.takesValue) valueFlags.set(flag.name, flag);
  }
  return { nodes, valueFlags: [...valueFlags.values()] };
}
