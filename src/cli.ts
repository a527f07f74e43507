/**
 * The dispatcher: argv → command → exit code. Errors become one `Error:` line
 * (and a `Hint:`) on stderr; a stack trace never reaches the user.
 * @module
 */

import { parseArgv } from "./config/argv.ts";
import { userConfigFile } from "./config/default_token_file.ts";
import type { FlagSpec } from "./config/flag_spec.ts";
import { GLOBAL_FLAG_LIST, SETTING_FLAG_LIST, SETTING_FLAGS } from "./config/setting_flags.ts";
import { createSettingSource } from "./config/setting_source.ts";
import type { CommandContext, CommandDefinition, CommandTable } from "./config/command.ts";
import {
  acceptedFlags,
  checkArgs,
  childWords,
  commandLine,
  resolveWords,
} from "./config/command_tree.ts";
import { COMMAND_TABLE } from "./commands/registry.ts";
import type { Deps } from "./deps.ts";
import { TokenStoreError } from "./store/token_store.ts";
import { CliError, errorMessage, ExitCode, UsageError } from "./errors.ts";
import { failureHint } from "./failure_hint.ts";
import { HeldSecrets, redactingSink } from "./text/held_secrets.ts";

/** Every flag any command accepts, for the first parsing pass. */
function allFlags(table: CommandTable): FlagSpec[] {
  const byName = new Map<string, FlagSpec>();
  const specs = [
    ...GLOBAL_FLAG_LIST,
    ...SETTING_FLAG_LIST,
    ...table.commands.flatMap((c) => c.flags),
  ];
  for (const spec of specs) byName.set(spec.name, spec);
  return [...byName.values()];
}

/** A table, or a bare command list (no group summaries). */
type CommandsInput = CommandTable | readonly CommandDefinition[];

function asTable(input: CommandsInput): CommandTable {
  return "commands" in input ? input : { commands: input, groups: [] };
}

/**
 * Finds the command named by the leading positionals (the longest match).
 *
 * @param positionals The positionals of argv.
 * @param commands The command table.
 * @returns The command and the positionals after its path.
 * @throws {UsageError} for an unknown command, or a group named without one
 * of its commands (`authgate token`).
 */
export function resolveCommand(
  positionals: readonly string[],
  commands: CommandsInput,
): { command: CommandDefinition; args: string[] } {
  const table = asTable(commands);
  const resolved = resolveWords(positionals, table);
  if (resolved.kind === "command") return resolved;
  const program = commandLine(resolved.path);
  throw new UsageError(
    `'${program}' needs a command`,
    `one of: ${childWords(table, resolved.path).join(", ")} (run '${program} --help')`,
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
  if (error instanceof CliError || error instanceof TokenStoreError) {
    stderr.write(`Error: ${error.message}\n`);
    if (error.hint) stderr.write(`Hint: ${error.hint}\n`);
    return error instanceof CliError ? error.exitCode : ExitCode.FAILURE;
  }
  if (error instanceof Deno.errors.NotCapable) {
    stderr.write(`Error: not permitted: ${errorMessage(error)}\n`);
    return ExitCode.FAILURE;
  }
  stderr.write(`Error: ${errorMessage(error)}\n`);
  // A failure no command wrapped (token inspect's request): a transport failure or a server
  // fault still gets its hint.
  const hint = failureHint(error);
  if (hint) stderr.write(`Hint: ${hint}\n`);
  return ExitCode.FAILURE;
}

/** Prints the help of what `words` name (the help modules load only now). */
async function printHelp(table: CommandTable, words: readonly string[], deps: Deps) {
  const { runHelp } = await import("./commands/help.ts");
  return await runHelp(table, words, deps.stdout);
}

/**
 * Runs the CLI.
 *
 * @param argv The arguments after the program name.
 * @param processDeps The outside world.
 * @param commands The command table (tests may pass their own, or a bare list).
 * @returns The exit code.
 */
export async function runCli(
  argv: readonly string[],
  processDeps: Deps,
  commands: CommandsInput = COMMAND_TABLE,
): Promise<number> {
  const table = asTable(commands);
  // Every line on stderr passes the redaction of the secrets the command loads or sends.
  const secrets = new HeldSecrets();
  const deps = { ...processDeps, stderr: redactingSink(processDeps.stderr, secrets) };
  try {
    const { positionals, flags } = parseArgv(argv, allFlags(table));
    if (flags.get("help") === true) return await printHelp(table, positionals, deps);
    if (flags.get("version") === true && positionals.length === 0) {
      flags.delete("version");
      positionals.push("version");
    }
    const { command, args } = resolveCommand(positionals, table);
    const accepted = new Set(acceptedFlags(command).map((f) => f.name));
    for (const name of flags.keys()) {
      if (!accepted.has(name)) {
        throw new UsageError(
          `flag --${name} does not apply to '${commandLine(command.path)}'`,
          name === "version"
            ? "run 'authgate version'"
            : `run '${commandLine([...command.path, "--help"])}' for its flags`,
        );
      }
    }
    checkArgs(command, args);
    const warn = (message: string) => deps.stderr.write(`Warning: ${message}\n`);
    // On the command line a secret is in every local user's `ps`, whatever the command does.
    if (flags.get(SETTING_FLAGS.clientSecret.name)) {
      warn(
        "--client-secret is visible to other processes (ps); " +
          "use CLIENT_SECRET_FILE or the CLIENT_SECRET variable instead",
      );
    }
    const context: CommandContext = {
      deps,
      flags,
      args,
      source: createSettingSource(flags, deps.env, deps.cwd, {
        userConfigFile: userConfigFile(deps.os, deps.env),
        warn,
      }),
      secrets,
      warn,
    };
    return await command.run(context);
  } catch (error) {
    return reportError(error, deps.stderr);
  }
}
