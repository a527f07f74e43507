/**
 * Every environment variable the CLI reads. The permission set grants exactly
 * these (`--allow-env=...`), so reading any other is a bug a test catches.
 * The login flow's and the status output's variables are listed here, and
 * their modules (src/usecases/flow_selection.ts, src/ui/output_mode.ts) take
 * them from here: config sits below both layers.
 * @module
 */

import { BROWSER_ENV_NAMES } from "../platform/browser.ts";
import { SESSION_BUS_ENV_NAMES } from "../platform/keyring/keyring_presence.ts";
import { SETTING_FLAG_LIST } from "./setting_flags.ts";

/** Variables that tell an SSH session and a graphical display. */
export const FLOW_ENV_NAMES: readonly string[] = [
  "SSH_TTY",
  "SSH_CLIENT",
  "SSH_CONNECTION",
  "DISPLAY",
  "WAYLAND_DISPLAY",
];

/** Variables that mark a CI run (any of them set, and not "false"/"0"). */
export const CI_ENV_NAMES: readonly string[] = [
  "CI",
  "CONTINUOUS_INTEGRATION",
  "GITHUB_ACTIONS",
  "GITLAB_CI",
  "BUILDKITE",
  "CIRCLECI",
  "JENKINS_URL",
  "TF_BUILD",
  "TRAVIS",
  "TEAMCITY_VERSION",
  "BITBUCKET_BUILD_NUMBER",
  "DRONE",
  "CODEBUILD_BUILD_ID",
  "APPVEYOR",
];

/** Terminal variables: `TERM` (dumb or empty means plain) and `NO_COLOR`. */
export const TERMINAL_ENV_NAMES: readonly string[] = ["TERM", "NO_COLOR"];

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
