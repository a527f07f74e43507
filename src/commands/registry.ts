/**
 * Every command, declared once for dispatch, help and completion. Command
 * modules keep their static imports light (no protocol code, no `node:`
 * built-ins) and load the rest when they run, so the registry costs little.
 * @module
 */

import type { CommandDefinition } from "./command.ts";
import { LOGIN_FLAGS, parseLoginOptions, runLogin } from "./login.ts";
import { parseTokenGetOptions, runTokenGet, TOKEN_GET_FLAGS } from "./token_get.ts";

/** All commands. */
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
    flags: TOKEN_GET_FLAGS,
    usesSettings: true,
    examples: ['curl -H "Authorization: Bearer $(authgate token get)" https://api.example.com/'],
    run: (context) => runTokenGet(parseTokenGetOptions(context.flags), context),
  },
];
