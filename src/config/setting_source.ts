/**
 * Where a setting's value comes from: flag > environment > `.env` in the
 * working directory > default. Empty values count as unset.
 * @module
 */

import { UsageError } from "../ui/errors.ts";
import type { FlagValue } from "./argv.ts";
import { DotenvSyntaxError, readDotenv } from "./dotenv.ts";
import { parseDuration } from "./duration.ts";
import type { FlagSpec } from "./flag_spec.ts";

/** A setting's raw text and where it was found, for precise messages. */
export interface SettingText {
  text: string;
  /** `--scope`, `SCOPE`, or `SCOPE in .env`. */
  origin: string;
}

/**
 * Reads a non-negative duration setting (Go syntax), naming its origin when
 * it is malformed.
 *
 * @param setting The setting's text and origin.
 * @returns Milliseconds.
 * @throws {UsageError} when the text is not a non-negative duration.
 */
export function parseDurationSetting(setting: SettingText): number {
  const ms = parseDuration(setting.text);
  if (ms === undefined || ms < 0) {
    throw new UsageError(
      `invalid ${setting.origin} "${setting.text}": expected a duration such as 90s, 5m or 1h30m`,
    );
  }
  return ms;
}

const DOTENV_ORIGIN = " in .env";

/**
 * Whether a setting came from the working directory's `.env` (the one source
 * an untrusted directory controls).
 *
 * @param setting A looked-up setting.
 */
export function isFromDotenv(setting: SettingText): boolean {
  return setting.origin.endsWith(DOTENV_ORIGIN);
}

/** The three sources of settings. */
export interface SettingSource {
  /** Looks a setting up in flag, environment, then `.env` order. */
  lookup(spec: FlagSpec): SettingText | undefined;
}

/**
 * Builds a source over parsed flags, the environment and `<cwd>/.env`. The
 * `.env` file is read at most once, and only if a setting is not found before.
 *
 * @param flags Parsed flag values.
 * @param env Reads an environment variable.
 * @param cwd The directory holding `.env`.
 * @returns The source.
 */
export function createSettingSource(
  flags: ReadonlyMap<string, FlagValue>,
  env: (name: string) => string | undefined,
  cwd: string,
): SettingSource {
  let dotenv: Map<string, string> | undefined;
  const readDotenvOnce = () => {
    if (!dotenv) {
      try {
        dotenv = readDotenv(cwd);
      } catch (error) {
        if (error instanceof DotenvSyntaxError) {
          throw new UsageError(`invalid .env file in ${cwd}: ${error.message}`);
        }
        throw error;
      }
    }
    return dotenv;
  };
  return {
    lookup(spec) {
      const flag = flags.get(spec.name);
      if (typeof flag === "string" && flag !== "") return { text: flag, origin: `--${spec.name}` };
      if (flag === true && spec.kind === "boolean") {
        return { text: "true", origin: `--${spec.name}` };
      }
      if (!spec.env) return undefined;
      const fromEnv = env(spec.env);
      if (fromEnv) return { text: fromEnv, origin: spec.env };
      if (spec.notFromDotenv) return undefined;
      const fromFile = readDotenvOnce().get(spec.env);
      if (fromFile) return { text: fromFile, origin: `${spec.env}${DOTENV_ORIGIN}` };
      return undefined;
    },
  };
}
