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
import { parseTokenDecodeOptions, runTokenDecode, TOKEN_DECODE_FLAGS } from "./token_decode.ts";
import { parseTokenDeleteOptions, runTokenDelete, TOKEN_DELETE_FLAGS } from "./token_delete.ts";
import { LOGIN_FLAGS, parseLoginOptions, runLogin } from "./login.ts";
import { parseTokenGetOptions, runTokenGet, TOKEN_GET_FLAGS } from "./token_get.ts";
import { parseTokenInspectOptions, runTokenInspect, TOKEN_INSPECT_FLAGS } from "./token_inspect.ts";
import { parseTokenStatusOptions, runTokenStatus, TOKEN_STATUS_FLAGS } from "./token_status.ts";
import { parseVersionOptions, runVersion, VERSION_FLAGS } from "./version.ts";

/** All commands, in the order help lists them. */
export const COMMANDS: readonly CommandDefinition[] = [
  {
    path: [],
    summary:
      "Log in (browser or device flow, chosen automatically) unless the stored token is valid or can be refreshed; then verify it and print a summary.",
    flags: LOGIN_FLAGS,
    usesSettings: true,
    examples: ["authgate", "authgate --device", "ssh host authgate  # device flow, QR code"],
    run: (context) => runLogin(parseLoginOptions(context.flags), context),
  },
  {
    path: ["token", "get"],
    summary: "Print a valid access token, refreshing it when it is about to expire.",
    description:
      "While the token is fresh nothing but the token file is touched. Inside the refresh window " +
      "(REFRESH_THRESHOLD, or --min-valid when longer) it is refreshed first, one process at a " +
      "time; if that fails while the token is still valid, it is printed with a warning.\n\n" +
      "--format env prints AUTHGATE_ACCESS_TOKEN, AUTHGATE_TOKEN_TYPE and AUTHGATE_EXPIRES_AT " +
      "assignments for eval; exec-credential makes authgate a kubectl exec credential plugin " +
      "(client.authentication.k8s.io/v1). Extra claims are sent on the refresh request only; " +
      "add --force-refresh to get a token that carries them now.\n\n" +
      "Exit status 4: an interactive login is needed (run 'authgate'); 5: --offline and the " +
      "token needs a refresh.",
    flags: TOKEN_GET_FLAGS,
    usesSettings: true,
    examples: [
      'curl -H "Authorization: Bearer $(authgate token get)" https://api.example.com/',
      'curl -H "$(authgate token get --format header)" https://api.example.com/',
      'eval "$(authgate token get --format env)"',
      "authgate token get --json | jq -r .expires_at",
      "authgate token get --min-valid 30m --offline || authgate",
    ],
    run: (context) => runTokenGet(parseTokenGetOptions(context.flags), context),
  },
  {
    path: ["token", "status"],
    summary: "Show what is stored: client id, store, expiry, refresh window (offline).",
    description:
      "Reads the store only: no network, no refresh. Exit status 4 when no token is stored.",
    flags: TOKEN_STATUS_FLAGS,
    usesSettings: true,
    examples: ["authgate token status", "authgate token status --json | jq .expires_in_seconds"],
    run: (context) => runTokenStatus(parseTokenStatusOptions(context.flags), context),
  },
  {
    path: ["token", "inspect"],
    summary: "Ask the server about the stored access token and print its answer as JSON.",
    description:
      "Uses AuthGate's /oauth/tokeninfo, or RFC 7662 introspection when the server advertises " +
      "it. The token is not refreshed first. Exit status 1 when the server says the token is " +
      "not active.",
    flags: TOKEN_INSPECT_FLAGS,
    usesSettings: true,
    examples: ["authgate token inspect", "authgate token inspect | jq -r .scope"],
    run: (context) => runTokenInspect(parseTokenInspectOptions(context.flags), context),
  },
  {
    path: ["token", "decode"],
    summary: "Print the claims of the stored JWT access token (or ID token), decoded locally.",
    description:
      "The signature is not verified: use it to read claims, not to trust them. Nothing is " +
      "sent anywhere and nothing is refreshed. Large integers are printed exactly. An opaque " +
      "(non-JWT) token cannot be decoded: ask the server with 'authgate token inspect'.",
    flags: TOKEN_DECODE_FLAGS,
    usesSettings: true,
    examples: ["authgate token decode", "authgate token decode --field sub"],
    run: (context) => runTokenDecode(parseTokenDecodeOptions(context.flags), context),
  },
  {
    path: ["token", "delete"],
    summary: "Log out: revoke the tokens at the server, then delete the stored token.",
    description:
      "The refresh and the access token are revoked at once (RFC 7009); if that fails, a " +
      "warning says so and the local copy is deleted anyway. Only this client id's entry " +
      "is removed from the store.",
    flags: TOKEN_DELETE_FLAGS,
    usesSettings: true,
    examples: ["authgate token delete", "authgate token delete --local-only"],
    run: (context) => runTokenDelete(parseTokenDeleteOptions(context.flags), context),
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
