/**
 * The command table seen as a tree of words: resolving argv's positionals to a
 * command or a group, the subcommands under a node, the flags a command
 * accepts. Dispatch, help, completion and README all walk it, so they agree.
 * @module
 */

import type { FlagSpec } from "./flag_spec.ts";
import { GLOBAL_FLAGS, SETTING_FLAG_LIST } from "./setting_flags.ts";
import { closestName } from "./suggest.ts";
import { UsageError } from "../errors.ts";
import type { CommandDefinition, CommandGroup, CommandTable } from "./command.ts";

/** What a list of words names: a command (with its arguments) or a group. */
export type Resolved =
  | { kind: "command"; command: CommandDefinition; args: string[] }
  | { kind: "group"; path: string[]; group?: CommandGroup };

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((word, i) => word === b[i]);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((word, i) => path[i] === word);
}

/** `authgate token get` for `["token", "get"]`. */
export function commandLine(path: readonly string[]): string {
  return ["authgate", ...path].join(" ");
}

/**
 * The command registered at exactly `path`.
 *
 * @param table The command table.
 * @param path Words after `authgate`.
 */
export function commandAt(
  table: CommandTable,
  path: readonly string[],
): CommandDefinition | undefined {
  return table.commands.find((c) => samePath(c.path, path));
}

/**
 * The words that may follow `path` (subcommands and groups), in table order.
 *
 * @param table The command table.
 * @param path Words after `authgate`.
 */
export function childWords(table: CommandTable, path: readonly string[]): string[] {
  const words: string[] = [];
  for (const command of table.commands) {
    if (command.path.length > path.length && startsWith(command.path, path)) {
      const word = command.path[path.length];
      if (!words.includes(word)) words.push(word);
    }
  }
  return words;
}

/**
 * The commands at or below `path` (not `path` itself), in table order.
 *
 * @param table The command table.
 * @param path Words after `authgate`.
 */
export function commandsUnder(table: CommandTable, path: readonly string[]): CommandDefinition[] {
  return table.commands.filter((c) => c.path.length > path.length && startsWith(c.path, path));
}

/**
 * Every node of the tree: the root, each group and each command path, in
 * table order.
 *
 * @param table The command table.
 * @returns Paths, the root (`[]`) first.
 */
export function allPaths(table: CommandTable): string[][] {
  const paths: string[][] = [[]];
  for (const command of table.commands) {
    for (let n = 1; n <= command.path.length; n++) {
      const path = command.path.slice(0, n);
      if (!paths.some((p) => samePath(p, path))) paths.push([...path]);
    }
  }
  return paths;
}

/**
 * The group declared at `path`, if any.
 *
 * @param table The command table.
 * @param path Words after `authgate`.
 */
export function groupAt(table: CommandTable, path: readonly string[]): CommandGroup | undefined {
  return table.groups.find((g) => samePath(g.path, path));
}

/**
 * The flags `command` accepts: its own, the settings if it uses them, and
 * `--help` (`--version` is accepted only where no command is named).
 *
 * @param command A command.
 * @returns Its flags, own flags first.
 */
export function acceptedFlags(command: CommandDefinition): FlagSpec[] {
  return [
    ...command.flags,
    ...(command.usesSettings ? SETTING_FLAG_LIST : []),
    GLOBAL_FLAGS.help,
  ];
}

function unknownCommand(table: CommandTable, path: readonly string[], typed: string): UsageError {
  const guess = closestName(typed, childWords(table, path));
  return new UsageError(
    `unknown command "${[...path, typed].join(" ")}"`,
    guess
      ? `did you mean '${commandLine([...path, guess])}'?`
      : `run '${commandLine([...path, "--help"])}' for the commands`,
  );
}

/**
 * Finds what the positionals name: the longest path of words in the tree.
 *
 * @param positionals The positionals of argv.
 * @param table The command table.
 * @returns A command and its remaining words, or a group (or the root, when no
 * command is registered there) that was named without a subcommand.
 * @throws {UsageError} for an unknown command, with the closest valid name.
 */
export function resolveWords(positionals: readonly string[], table: CommandTable): Resolved {
  const path: string[] = [];
  while (
    path.length < positionals.length &&
    childWords(table, path).includes(positionals[path.length])
  ) {
    path.push(positionals[path.length]);
  }
  const command = commandAt(table, path);
  const rest = positionals.slice(path.length);
  if (
    command && (rest.length === 0 || command.args?.length || childWords(table, path).length === 0)
  ) {
    return { kind: "command", command, args: rest };
  }
  if (rest.length > 0) throw unknownCommand(table, path, rest[0]);
  return { kind: "group", path, group: groupAt(table, path) };
}

/**
 * Checks a command's positional arguments against its `args` declaration.
 *
 * @param command The command.
 * @param args The words after its path.
 * @throws {UsageError} for a missing, surplus or invalid argument.
 */
export function checkArgs(command: CommandDefinition, args: readonly string[]): void {
  const specs = command.args ?? [];
  const helpHint = `run '${commandLine([...command.path, "--help"])}' for its usage`;
  const variadic = specs.some((s) => s.variadic);
  if (!variadic && args.length > specs.length) {
    throw new UsageError(
      `unexpected argument "${args[specs.length]}" for '${commandLine(command.path)}'`,
      helpHint,
    );
  }
  specs.forEach((spec, i) => {
    const values = spec.variadic ? args.slice(i) : args.slice(i, i + 1);
    if (values.length === 0 && !spec.optional) {
      throw new UsageError(
        `'${commandLine(command.path)}' needs the ${spec.name} argument`,
        helpHint,
      );
    }
    for (const value of spec.choices ? values : []) {
      if (!spec.choices!.includes(value)) {
        const guess = closestName(value, spec.choices!);
        throw new UsageError(
          `invalid ${spec.name} "${value}": expected one of ${spec.choices!.join(", ")}`,
          guess ? `did you mean '${guess}'?` : undefined,
        );
      }
    }
  });
}
