/**
 * Every command, declared once for dispatch, help, completion and README.
 * Command modules keep their static imports light (no protocol code, no
 * `node:` built-ins) and load the rest when they run, so the registry costs
 * little. Commands off the `token get` hot path are imported only when they
 * run, so their flags are declared here.
 * @module
 */

import type { FlagSpec } from "../config/flag_spec.ts";
import { COMPLETION_SHELLS, type CompletionShell } from "../config/setting_flags.ts";
import type { CommandDefinition, CommandGroup, CommandTable } from "../config/command.ts";
import { LOGIN_FLAGS, parseLoginOptions, runLogin } from "./login.ts";
import { parseTokenGetOptions, runTokenGet, TOKEN_GET_FLAGS } from "./token_get.ts";

const json = (what: string): FlagSpec => ({ name: "json", kind: "boolean", description: what });

/** Flags of `token status`. */
export const TOKEN_STATUS_FLAGS: readonly FlagSpec[] = [
  json("Print the facts as one line of JSON."),
];

/** Flags of `token inspect`. */
export const TOKEN_INSPECT_FLAGS: readonly FlagSpec[] = [
  {
    name: "raw",
    kind: "boolean",
    description: "Print the server's answer as received (still escaped and redacted).",
  },
];

/** Flags of `token decode`. */
export const TOKEN_DECODE_FLAGS: readonly FlagSpec[] = [
  {
    name: "field",
    kind: "string",
    valueName: "NAME",
    description: "Print only this claim: strings as they are, other values as JSON.",
  },
  { name: "id-token", kind: "boolean", description: "Decode the stored ID token instead." },
];

/** Flags of `token delete`. */
export const TOKEN_DELETE_FLAGS: readonly FlagSpec[] = [
  {
    name: "local-only",
    kind: "boolean",
    description: "Only delete the local copy; do not revoke the tokens at the server.",
  },
];

/** Flags of `version`. */
export const VERSION_FLAGS: readonly FlagSpec[] = [json("Print the facts as one line of JSON.")];

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
      "token needs a refresh; 6: the token was refreshed and printed but could not be saved " +
      "(it works, but the next refresh needs a login).",
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
    run: async (context) => {
      const { parseTokenStatusOptions, runTokenStatus } = await import("./token_status.ts");
      return await runTokenStatus(parseTokenStatusOptions(context.flags), context);
    },
  },
  {
    path: ["token", "inspect"],
    summary: "Ask the server about the stored access token and print its answer as JSON.",
    description:
      "Uses AuthGate's /oauth/tokeninfo, or RFC 7662 introspection when the server advertises " +
      "it. The token is not refreshed first. Exit status 1 when the server says the token is " +
      "not active. The answer stays valid JSON, with terminal control characters escaped and " +
      "every token the CLI holds (the access token too) replaced by [redacted].",
    flags: TOKEN_INSPECT_FLAGS,
    usesSettings: true,
    examples: ["authgate token inspect", "authgate token inspect | jq -r .scope"],
    run: async (context) => {
      const { parseTokenInspectOptions, runTokenInspect } = await import("./token_inspect.ts");
      return await runTokenInspect(parseTokenInspectOptions(context.flags), context);
    },
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
    run: async (context) => {
      const { parseTokenDecodeOptions, runTokenDecode } = await import("./token_decode.ts");
      return await runTokenDecode(parseTokenDecodeOptions(context.flags), context);
    },
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
    run: async (context) => {
      const { parseTokenDeleteOptions, runTokenDelete } = await import("./token_delete.ts");
      return await runTokenDelete(parseTokenDeleteOptions(context.flags), context);
    },
  },
  {
    path: ["version"],
    summary: "Print the version of authgate, of Deno, and the target platform.",
    flags: VERSION_FLAGS,
    usesSettings: false,
    examples: ["authgate version", "authgate --version --json"],
    run: async (context) => {
      const { parseVersionOptions, runVersion } = await import("./version.ts");
      return await runVersion(parseVersionOptions(context.flags), context);
    },
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
    run: async (context) => {
      const { runCompletion } = await import("./completion.ts");
      return await runCompletion(COMMAND_TABLE, context.args[0] as CompletionShell, context);
    },
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
    run: async (context) => {
      const { runHelp } = await import("./help.ts");
      return await runHelp(COMMAND_TABLE, context.args, context.deps.stdout);
    },
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
