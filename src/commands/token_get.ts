/**
 * `authgate token get`: print a valid access token for scripts, in the
 * format they need.
 * @module
 */

import { formatDuration } from "../config/duration.ts";
import type { FlagSpec } from "../config/flag_spec.ts";
import {
  ENV_SHELLS,
  type EnvShell,
  EXTRA_CLAIMS_FLAGS,
  type ExtraClaimsInput,
  readExtraClaimsFlags,
  SETTING_FLAGS,
  TOKEN_FORMATS,
  type TokenFormat,
} from "../config/setting_flags.ts";
import { isMachineClient } from "../config/choice_setting.ts";
import { parseDurationSetting } from "../config/setting_source.ts";
import { UsageError } from "../errors.ts";
import type { LazyConnectDeps } from "../oauth/oauth_client.ts";
import type { StoredToken } from "../token/stored_token.ts";
import type { Obtainer, Refresher } from "../token/token_services.ts";
import { getToken, UnsavedTokenError } from "../usecases/get_token.ts";
import type { CommandContext } from "../config/command.ts";
import { openConfiguredStore, resolveNetwork } from "./token_context.ts";

/** Flags of `token get`. */
export const TOKEN_GET_FLAGS: readonly FlagSpec[] = [
  {
    name: "format",
    kind: "string",
    valueName: "FORMAT",
    choices: TOKEN_FORMATS,
    defaultText: "plain",
    description:
      "Output: the token, JSON, shell variables, an HTTP header, or a kubectl ExecCredential.",
  },
  { name: "json", kind: "boolean", description: "Same as --format json." },
  {
    name: "shell",
    kind: "string",
    valueName: "SHELL",
    choices: ENV_SHELLS,
    defaultText: "sh",
    description: "Syntax of --format env (sh also serves bash and zsh).",
  },
  {
    name: "min-valid",
    kind: "string",
    valueName: "DURATION",
    description: "Refresh first unless the token stays valid at least this long.",
  },
  { name: "force-refresh", kind: "boolean", description: "Refresh even if the token is fresh." },
  {
    name: "offline",
    kind: "boolean",
    description: "Never use the network; exit 5 when the token needs a refresh.",
  },
  ...EXTRA_CLAIMS_FLAGS,
];

/** Parsed options of `token get`. */
export interface TokenGetOptions {
  format: TokenFormat;
  shell: EnvShell;
  /** Refresh unless the token is valid at least this long (ms). */
  minValidMs?: number;
  forceRefresh: boolean;
  offline: boolean;
  /** Sent on a refresh; never stored. Checked and read when the command runs. */
  extraClaims: ExtraClaimsInput;
}

/**
 * Reads `token get`'s options from parsed flags.
 *
 * @param flags Parsed flags.
 * @returns The options.
 * @throws {UsageError} for contradicting flags or a malformed value.
 */
export function parseTokenGetOptions(flags: CommandContext["flags"]): TokenGetOptions {
  const formatFlag = flags.get("format") as TokenFormat | undefined;
  if (flags.get("json") === true && formatFlag !== undefined && formatFlag !== "json") {
    throw new UsageError(`--json contradicts --format ${formatFlag}`, "give only one of them");
  }
  const format = flags.get("json") === true ? "json" : formatFlag ?? "plain";
  const shell = flags.get("shell") as EnvShell | undefined;
  if (shell !== undefined && format !== "env") {
    throw new UsageError("--shell applies only to --format env");
  }
  const minValid = flags.get("min-valid");
  const minValidMs = typeof minValid === "string"
    ? parseDurationSetting({ text: minValid, origin: "--min-valid" })
    : undefined;
  const forceRefresh = flags.get("force-refresh") === true;
  const offline = flags.get("offline") === true;
  if (forceRefresh && offline) {
    throw new UsageError("--force-refresh needs the network, which --offline forbids");
  }
  return {
    format,
    shell: shell ?? "sh",
    minValidMs,
    forceRefresh,
    offline,
    extraClaims: readExtraClaimsFlags(flags),
  };
}

/** The outside world a refresher or obtainer of this command uses. */
function exchangeDeps(context: CommandContext): LazyConnectDeps {
  return { fetch: context.deps.fetch, now: context.deps.now, warn: context.warn };
}

/**
 * Builds the refresher lazily: the network settings and the protocol code are
 * loaded only when a refresh is due.
 *
 * @param context The command context.
 * @param token The token to refresh (without a configured server, its own server is used).
 * @param additionalParameters Extra form fields for the refresh request (`extra_claims`).
 */
async function prepareNetworkRefresher(
  context: CommandContext,
  token: StoredToken,
  additionalParameters?: Record<string, string>,
): Promise<Refresher> {
  const [network, { createTokenRefresher }] = await Promise.all([
    resolveNetwork(context, token),
    import("../oauth/token_refresher.ts"),
  ]);
  return createTokenRefresher(network, exchangeDeps(context), additionalParameters);
}

/**
 * Builds a machine client's obtainer lazily, like {@linkcode prepareNetworkRefresher}.
 *
 * @param context The command context.
 * @param token The due token, if any (without a configured server, its own server is used).
 * @param additionalParameters Extra form fields for the token request (`extra_claims`).
 */
async function prepareNetworkObtainer(
  context: CommandContext,
  token: StoredToken | undefined,
  additionalParameters?: Record<string, string>,
): Promise<Obtainer> {
  const [network, { createClientCredentialsObtainer }] = await Promise.all([
    resolveNetwork(context, token),
    import("../oauth/client_credentials.ts"),
  ]);
  return createClientCredentialsObtainer(network, exchangeDeps(context), {
    scope: context.source.lookup(SETTING_FLAGS.scope)?.text,
    additionalParameters,
  });
}

/**
 * Runs `token get`.
 *
 * @param options Parsed options.
 * @param context The command context.
 * @returns The exit code.
 */
export async function runTokenGet(
  options: TokenGetOptions,
  context: CommandContext,
): Promise<number> {
  const { deps } = context;
  const { settings, store } = await openConfiguredStore(context);
  let extraClaims: Record<string, string> | undefined;
  if (options.extraClaims.pairs.length || options.extraClaims.file) {
    const { extraClaimsParameters, readExtraClaims } = await import("../config/extra_claims.ts");
    extraClaims = extraClaimsParameters(await readExtraClaims(options.extraClaims, deps.cwd));
  }
  const minValidMs = options.minValidMs ?? 0;
  let token: StoredToken;
  try {
    ({ token } = await getToken(
      {
        clientId: settings.clientId,
        thresholdMs: Math.max(settings.refreshThresholdMs, minValidMs),
        force: options.forceRefresh,
        minValidMs,
        offline: options.offline,
      },
      {
        store,
        now: deps.now,
        prepareRefresher: (token) => prepareNetworkRefresher(context, token, extraClaims),
        prepareObtainer: isMachineClient(context.source)
          ? (token) => prepareNetworkObtainer(context, token, extraClaims)
          : undefined,
        warn: context.warn,
        // Fresh path: nothing after the decision may reach the network.
        dropNetwork: deps.dropNetwork,
      },
    ));
  } catch (error) {
    // The new token works: a script gets it, and the exit status says a login is due soon.
    if (error instanceof UnsavedTokenError) await printToken(error.token, options, context);
    throw error;
  }
  const now = deps.now();
  if (minValidMs > 0 && token.expiresAt - now < minValidMs) {
    context.warn(
      `the token is valid for ${formatDuration(Math.max(0, token.expiresAt - now))} only, ` +
        `less than --min-valid ${formatDuration(minValidMs)}`,
    );
  }
  await printToken(token, options, context);
  return 0;
}

async function printToken(
  token: StoredToken,
  options: TokenGetOptions,
  context: CommandContext,
): Promise<void> {
  const { deps } = context;
  if (options.format === "plain") {
    deps.stdout.write(token.accessToken + "\n");
  } else {
    const { formatToken } = await import("../ui/token_output.ts");
    deps.stdout.write(
      formatToken(token, { format: options.format, shell: options.shell, now: deps.now() }),
    );
  }
}
