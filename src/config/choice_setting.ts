/**
 * Settings with a fixed set of values (`--grant`, `--token-endpoint-auth-method`):
 * the flag parser checks a flag's value, this checks one from the environment
 * or a settings file too.
 * @module
 */

import { UsageError } from "../errors.ts";
import type { FlagSpec } from "./flag_spec.ts";
import { SETTING_FLAGS } from "./setting_flags.ts";
import type { SettingSource } from "./setting_source.ts";

/**
 * Reads a setting that must be one of `spec.choices`.
 *
 * @param source The settings source.
 * @param spec The setting, with its choices; the first choice is the default.
 * @returns The value.
 * @throws {UsageError} naming the origin when the value is not a choice.
 */
export function resolveChoice<T extends string>(
  source: SettingSource,
  spec: FlagSpec & { choices: readonly T[] },
): T {
  const setting = source.lookup(spec);
  if (!setting) return spec.choices[0];
  if (!(spec.choices as readonly string[]).includes(setting.text)) {
    throw new UsageError(
      `invalid ${setting.origin} "${setting.text}": expected one of ${spec.choices.join(", ")}`,
    );
  }
  return setting.text as T;
}

/** How the client obtains tokens: a person's login, or its own credentials. */
export type GrantKind = typeof SETTING_FLAGS.grant.choices[number];

/**
 * Whether the configured client is a machine client (`GRANT_TYPE=client_credentials`).
 *
 * @param source The settings source.
 * @throws {UsageError} when GRANT_TYPE is not one of its choices.
 */
export function isMachineClient(source: SettingSource): boolean {
  return resolveChoice(source, SETTING_FLAGS.grant) === "client_credentials";
}
