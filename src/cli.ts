/**
 * The dispatcher: argv → command → exit code. Errors become one `Error:` line
 * (and a `Hint:`) on stderr; a stack trace never reaches the user.
 * @module
 */

import { parseArgv } from "./config/argv.ts";
import type { FlagSpec } from "./config/flag_spec.ts";
import { SETTING_FLAG_LIST } from "./config/setting_flags.ts";
import { createSettingSource } from "./config/setting_source.ts";
import { closestName } from "./config/suggest.ts";
import type { CommandContext, CommandDefinition } from "./commands/command.ts";
import { COMMANDS } from "./commands/registry.ts";
import type { Deps } from "./deps.ts";
import { CliError, errorMessage, ExitCode, UsageError } from "./ui/errors.ts";

/** Every flag any command accepts, for the first parsing pass. */
function allFlags(commands: readonly CommandDefinition[]): FlagSpec[] {
  const byName = new Map<string, FlagSpec>();
  for (const spec of [...SETTING_FLAG_LIST, ...commands.flatMap((c) => c.flags)]) {
    byName.set(spec.name, spec);
  }
  return [...byName.values()];
}

/**
 * Finds the command named by the leading positionals (the longest match).
 *
 * @param positionals The positionals of argv.
 * @param commands The command table.
 * @returns The command and the positionals after its path.
 * @throws {UsageError} for an unknown or incomplete command.
 */
export function resolveCommand(
  positionals: readonly string[],
  commands: readonly CommandDefinition[],
): { command: CommandDefinition; args: string[] } {
  const startsWith = (path: readonly string[], prefix: readonly string[]) =>
    prefix.every((word, i) => path[i] === word);
  let best: CommandDefinition | undefined;
  for (const command of commands) {
    if (startsWith(positionals, command.path) && command.path.length >= (best?.path.length ?? 0)) {
      best = command;
    }
  }
  // A root command takes no positionals: `authgate tokn` is a typo, not an argument.
  if (best && (best.path.length > 0 || positionals.length === 0)) {
    return { command: best, args: positionals.slice(best.path.length) };
  }
  // The longest prefix of the positionals that some command path continues.
  let depth = 0;
  while (
    depth < positionals.length &&
    commands.some((c) =>
      c.path.length > depth && startsWith(c.path, positionals.slice(0, depth + 1))
    )
  ) depth++;
  const prefix = positionals.slice(0, depth);
  const next = [
    ...new Set(
      commands.filter((c) => c.path.length > depth && startsWith(c.path, prefix)).map((c) =>
        c.path[depth]
      ),
    ),
  ];
  const typed = positionals[depth];
  const program = ["authgate", ...prefix].join(" ");
  if (typed === undefined) {
    throw new UsageError(
      `'${program}' needs a command`,
      `one of: ${next.join(", ")} (run '${program} --help')`,
    );
  }
  const guess = closestName(typed, next);
  throw new UsageError(
    `unknown command "${[...prefix, typed].join(" ")}"`,
    guess ? `did you mean '${program} ${guess}'?` : `run '${program} --help' for the commands`,
  );
}

/**
 * Prints an error the way every command does.
 *
 * @param error The thrown value.
 * @param stderr Where to print.
 * @returns The exit code.
 */
export function reportError(error: unknown, stderr: Deps["stderr"]): number {
  if (error instanceof CliError) {
    stderr.write(`Error: ${error.message}\n`);
    if (error.hint) stderr.write(`Hint: ${error.hint}\n`);
    return error.exitCode;
  }
  if (error instanceof Deno.errors.NotCapable) {
    stderr.write(`Error: not permitted: ${errorMessage(error)}\n`);
    return ExitCode.FAILURE;
  }
  stderr.write(`Error: ${errorMessage(error)}\n`);
  return ExitCode.FAILURE;
}

/**
 * Runs the CLI.
 *
 * @param argv The arguments after the program name.
 * @param deps The outside world.
 * @param commands The command table (tests may pass their own).
 * @returns The exit code.
 */
export async function runCli(
  argv: readonly string[],
  deps: Deps,
  commands: readonly CommandDefinition[] = COMMANDS,
): Promise<number> {
  try {
    const { positionals, flags } = parseArgv(argv, allFlags(commands));
    const { command, args } = resolveCommand(positionals, commands);
    if (args.length > 0 && !command.positionals) {
      throw new UsageError(
        `unexpected argument "${args[0]}" for '${["authgate", ...command.path].join(" ")}'`,
      );
    }
    const accepted = new Set(
      [...command.flags, ...(command.usesSettings ? SETTING_FLAG_LIST : [])].map((f) => f.name),
    );
    for (const name of flags.keys()) {
      if (!accepted.has(name)) {
        throw new UsageError(
          `flag --${name} does not apply to '${["authgate", ...command.path].join(" ")}'`,
        );
      }
    }
    const context: CommandContext = {
      deps,
      flags,
      args,
      source: createSettingSource(flags, deps.env, deps.cwd),
      warn: (message) => deps.stderr.write(`Warning: ${message}\n`),
    };
    return await command.run(context);
  } catch (error) {
    return reportError(error, deps.stderr);
  }
}
