/**
 * `authgate` (no subcommand): the main flow. Uses the stored token (refreshed
 * when due) or logs in with the browser or the device flow, then verifies the
 * token and prints a summary on stderr. Nothing is written to stdout.
 * @module
 */

import type { FlagSpec } from "../config/flag_spec.ts";
import { isMachineClient } from "../config/choice_setting.ts";
import { EXTRA_CLAIMS_FLAGS, SETTING_FLAGS } from "../config/setting_flags.ts";
import { resolveStoreSettings } from "../config/store_settings.ts";
import { storeHoldingSecrets } from "../store/holding_store.ts";
import { openTokenStore } from "../store/open_store.ts";
import type { CommandContext } from "../config/command.ts";

/** Flags of the main flow. */
export const LOGIN_FLAGS: readonly FlagSpec[] = [
  {
    name: "device",
    kind: "boolean",
    description: "Use the device flow (RFC 8628) even where a browser could be opened.",
  },
  {
    name: "no-qr",
    kind: "boolean",
    description: "Do not draw the device flow's verification URL as a QR code.",
  },
  ...EXTRA_CLAIMS_FLAGS,
];

/** Parsed options of the main flow. */
export interface LoginOptions {
  device: boolean;
  qr: boolean;
}

/**
 * Reads the main flow's options from parsed flags.
 *
 * @param flags Parsed flags.
 * @returns The options.
 */
export function parseLoginOptions(flags: CommandContext["flags"]): LoginOptions {
  return { device: flags.get("device") === true, qr: flags.get("no-qr") !== true };
}

/**
 * Runs the main flow, showing its progress and summary on stderr.
 *
 * @param options Parsed options.
 * @param context The command context.
 * @returns The exit code.
 */
export async function runLogin(options: LoginOptions, context: CommandContext): Promise<number> {
  const { deps } = context;
  const settings = resolveStoreSettings(context.source, deps);
  // Sent on the code, device-code and refresh token requests; never stored.
  const { resolveExtraClaimsParameters } = await import("../config/extra_claims.ts");
  const additionalParameters = await resolveExtraClaimsParameters(context.flags, deps.cwd);
  // Loaded only now: the registry imports this module on every run, `token get` included.
  const [
    { resolveNetworkSettings },
    { login },
    { openBrowser },
    { listenForInterrupt },
    { sleep },
    { terminalColumns },
    { chooseOutputMode },
    { StatusRenderer },
    { loginProgress },
  ] = await Promise.all([
    import("../config/network_settings.ts"),
    import("../usecases/login.ts"),
    import("../platform/browser.ts"),
    import("../platform/interrupt.ts"),
    import("../platform/sleep.ts"),
    import("../platform/terminal.ts"),
    import("../ui/output_mode.ts"),
    import("../ui/status_renderer.ts"),
    import("../ui/login_progress.ts"),
  ]);
  const columns = deps.terminal.stderr ? terminalColumns() : undefined;
  const status = new StatusRenderer({
    sink: deps.stderr,
    mode: chooseOutputMode({
      env: deps.env,
      os: deps.os,
      stderrIsTerminal: deps.terminal.stderr,
      columns,
    }),
    now: deps.now,
    columns,
  });
  const store = storeHoldingSecrets(
    await openTokenStore(settings, {
      os: deps.os,
      env: deps.env,
      warn: (message) => status.warning(message),
      // A token another server issued is kept; this login adds one for the configured server.
      otherServer: "absent",
    }),
    context.secrets,
  );
  // Without a configured server, log in again where the stored token came from.
  const bound = settings.serverUrl ? undefined : (await store.load(settings.clientId))?.serverUrl;
  const network = resolveNetworkSettings(
    context.source,
    (message) => status.warning(message),
    bound,
  );
  context.secrets.hold(network.clientSecret);
  const progress = loginProgress(status, {
    qr: options.qr,
    columns,
    now: deps.now,
    store: store.description,
  });
  const interruption = listenForInterrupt(deps.os);
  try {
    const result = await login({
      clientId: settings.clientId,
      thresholdMs: settings.refreshThresholdMs,
      forceDevice: options.device,
      additionalParameters,
      machine: isMachineClient(context.source)
        ? { scope: context.source.lookup(SETTING_FLAGS.scope)?.text }
        : undefined,
    }, {
      store,
      network,
      onEvent: progress.show,
      now: deps.now,
      sleep,
      fetch: deps.fetch,
      env: deps.env,
      os: deps.os,
      openBrowser: (url) => openBrowser(url, { os: deps.os, env: deps.env }),
      signal: interruption.signal,
      holdSecret: (value) => context.secrets.hold(value),
    });
    progress.summary(result);
    return 0;
  } finally {
    status.close();
    interruption.dispose();
  }
}
