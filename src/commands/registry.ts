/**
 * Every command, declared once for dispatch, help, completion and README.
 * Command modules keep their static imports light (no protocol code, no
 * `node:` built-ins) and load the rest when they run, so the registry costs
 * little.
 * @module
 */

import type { CommandDefinition, CommandGroup, CommandTable } from "./command.ts";
import { COMPLETION_SHELLS, type CompletionShell, runCompletion } from "./completion.ts";
import { runHelp } from "./help.ts";
import { parseTokenGetOptions, runTokenGet, TOKEN_GET_FLAGS } from "./token_get.ts";
import { parseVersionOptions, runVersion, VERSION_FLAGS } from "./version.ts";

/** All commands, in the order help lists them. */
export const COMMANDS: readonly CommandDefinition[] = [
  {
    path: ["token", "get"],
    summary: "Print a valid access token, refreshing it when it is about to expire.",
    flags: TOKEN_GET_FLAGS,
    usesSettings: true,
    examples: ['curl -H "Authorization: Bearer $(authgate token get)" https://api.example.com/'],
    run: (context) => runTokenGet(parseTokenGetOptions(context.flags), context),
  },
  {
    path: ["version"],
    summary: "Print the version of authgate, of Deno, and the target platform.",
    flags: VERSION_FLAGS,
    usesSettings: false,
    examples: ["authgate version", "authgate --version --json"],
    run: (context) => runVersion(parseVersionOptions(context.flags), context),
  },
  {
    path: ["completion"],
    summary: "Print a shell completion script.",
    description: "Load it in the current shell:\n\n" +
      "  bash:        source <(authgate completion bash)\n" +
      "  zsh:         source <(authgate completion zsh)   (after compinit)\n" +
      "  fish:        authgate completion fish | source\n" +
      "  PowerShell:  authgate completion powershell | Out-String | Invoke-Expression",
    flags: [],
    usesSettings: false,
    args: [{
      name: "shell",
      description: "The shell to complete for.",
      choices: COMPLETION_SHELLS,
    }],
    examples: ["authgate completion bash > ~/.local/share/bash-completion/completions/authgate"],
    run: (context) => runCompletion(COMMAND_TABLE, context.args[0] as CompletionShell, context),
  },
  {
    path: ["help"],
    summary: "Show help for a command.",
    flags: [],
    usesSettings: false,
    args: [{
      name: "command",
      description: "The command, such as 'token get'.",
      optional: true,
      variadic: true,
      completesCommands: true,
    }],
    examples: ["authgate help token get"],
    run: (context) => runHelp(COMMAND_TABLE, context.args, context),
  },
];

/** The words that only lead to commands, and the program itself (`[]`). */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    path: [],
    summary:
      "authgate: log in to an OAuth 2.0 / OpenID Connect server and hand fresh access tokens to scripts.",
  },
  { path: ["token"], summary: "Use and manage the stored token." },
];

/** The command-line surface. */
export const COMMAND_TABLE: CommandTable = { commands: COMMANDS, groups: COMMAND_GROUPS };
