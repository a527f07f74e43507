/**
 * Where a setting's value comes from: flag > environment > `.env` in the
 * working directory > default. Empty values count as unset.
 * @module
 */

import { UsageError } from "../errors.ts";
import type { FlagValue } from "./argv.ts";
import type { TrustPolicy } from "../platform/trusted_file.ts";
import { DOTENV_POLICY, DotenvSyntaxError, readDotenv, USER_SETTINGS_POLICY } from "./dotenv.ts";
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

/** Where settings come from, in order. */
export interface SettingSource {
  /** Looks a setting up: flag, environment, the working directory's `.env`, the user's file. */
  lookup(spec: FlagSpec): SettingText | undefined;
}

/** Options of {@linkcode createSettingSource}. */
export interface SettingSourceOptions {
  /** The user's own settings file (`<user config dir>/authgate/config.env`), if any. */
  userConfigFile?: string;
  /** Receives one line (no prefix) when the working directory's `.env` sets a trusted setting. */
  warn?: (message: string) => void;
}

/** A file of `.env` syntax, read at most once and only when a lookup gets to it. */
function lazyEnvFile(
  path: string,
  label: string,
  policy: TrustPolicy,
): () => Map<string, string> {
  let vars: Map<string, string> | undefined;
  return () => {
    if (!vars) {
      try {
        vars = readDotenv(path, policy);
      } catch (error) {
        if (error instanceof DotenvSyntaxError) {
          throw new UsageError(`invalid ${label}: ${error.message}`);
        }
        throw error;
      }
    }
    return vars;
  };
}

/**
 * Builds a source over parsed flags, the environment, `<cwd>/.env` and the
 * user's own settings file. Each file is read at most once, and only if a
 * setting is not found before. A working directory belongs to whoever wrote
 * it (a cloned repository), so its `.env` may not set a `trusted` setting
 * (the server, the client, the secret, the redirect, the token file or store):
 * such a value is ignored, with one warning.
 *
 * @param flags Parsed flag values.
 * @param env Reads an environment variable.
 * @param cwd The directory holding `.env`.
 * @param options The user's settings file and the warning sink.
 * @returns The source.
 */
export function createSettingSource(
  flags: ReadonlyMap<string, FlagValue>,
  env: (name: string) => string | undefined,
  cwd: string,
  options: SettingSourceOptions = {},
): SettingSource {
  const dotenv = lazyEnvFile(`${cwd}/.env`, `.env file in ${cwd}`, DOTENV_POLICY);
  const userFile = options.userConfigFile;
  const userVars = userFile
    ? lazyEnvFile(userFile, `settings file ${userFile}`, USER_SETTINGS_POLICY)
    : () => new Map();
  const warned = new Set<string>();
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
      const fromDotenv = dotenv().get(spec.env);
      if (fromDotenv && !spec.trusted) return { text: fromDotenv, origin: `${spec.env} in .env` };
      if (fromDotenv && !warned.has(spec.env)) {
        warned.add(spec.env);
        options.warn?.(
          `ignoring ${spec.env} in ${cwd}/.env: a working directory's .env may not choose the ` +
            `server, client, token file or store; set ${spec.env} in the environment or in ` +
            (userFile ?? "your settings file"),
        );
      }
      const fromUser = userVars().get(spec.env);
      if (fromUser) return { text: fromUser, origin: `${spec.env} in ${userFile}` };
      return undefined;
    },
  };
}
