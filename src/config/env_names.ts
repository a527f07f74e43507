/**
 * Every environment variable the CLI reads. The permission set grants exactly
 * these (`--allow-env=...`), so reading any other is a bug a test catches.
 * @module
 */

import { BROWSER_ENV_NAMES } from "../platform/browser.ts";
import { SESSION_BUS_ENV_NAMES } from "../platform/keyring/keyring_presence.ts";
import { CI_ENV_NAMES, TERMINAL_ENV_NAMES } from "../ui/output_mode.ts";
import { FLOW_ENV_NAMES } from "../usecases/flow_selection.ts";
import { SETTING_FLAG_LIST } from "./setting_flags.ts";

/**
 * Platform variables: where the per-user configuration directory is, and where
 * the D-Bus session bus (the Linux keyring's transport) is.
 */
const PLATFORM_ENV_NAMES = [
  "HOME",
  "XDG_CONFIG_HOME",
  "APPDATA",
  ...SESSION_BUS_ENV_NAMES,
] as const;

/** The environment variables the CLI may read. */
export const ENV_NAMES: readonly string[] = [
  ...SETTING_FLAG_LIST.flatMap((spec) => spec.env ? [spec.env] : []),
  ...PLATFORM_ENV_NAMES,
  // The main flow: flow selection (SSH, display), BROWSER, output style (CI, TERM, NO_COLOR).
  ...FLOW_ENV_NAMES,
  ...BROWSER_ENV_NAMES,
  ...CI_ENV_NAMES,
  ...TERMINAL_ENV_NAMES,
];
