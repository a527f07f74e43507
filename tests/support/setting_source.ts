/**
 * Builds a real {@linkcode SettingSource} over given flags, environment, a
 * `.env` file and the user's settings file in a temporary directory.
 * @module
 */

import type { FlagValue } from "../../src/config/argv.ts";
import { createSettingSource, type SettingSource } from "../../src/config/setting_source.ts";
import { withTempDir } from "./temp_dir.ts";

/** The three sources of a test's settings. */
export interface SourceInput {
  flags?: Record<string, FlagValue>;
  env?: Record<string, string>;
  /** The `.env` file's text; no file when absent. */
  dotenv?: string;
  /** The user's settings file's text (`config.env` beside `.env`); no file when absent. */
  userConfig?: string;
}

/** What a test receives. */
export interface SourceFixture {
  source: SettingSource;
  /** The working directory holding `.env`. */
  dir: string;
  /** Reads the fake environment. */
  env: (name: string) => string | undefined;
  /** The source's warnings so far. */
  warnings: string[];
}

/**
 * Runs `fn` with a setting source over `input`.
 *
 * @param input Flags, environment and `.env` text.
 * @param fn The test body.
 */
export function withSource<T>(
  input: SourceInput,
  fn: (fixture: SourceFixture) => T | Promise<T>,
): Promise<T> {
  return withTempDir(async (dir) => {
    if (input.dotenv !== undefined) await Deno.writeTextFile(`${dir}/.env`, input.dotenv);
    const userConfigFile = `${dir}/config.env`;
    if (input.userConfig !== undefined) await Deno.writeTextFile(userConfigFile, input.userConfig);
    const vars = input.env ?? {};
    const env = (name: string) => Object.hasOwn(vars, name) ? vars[name] : undefined;
    const flags = new Map(Object.entries(input.flags ?? {}));
    const warnings: string[] = [];
    const source = createSettingSource(flags, env, dir, {
      userConfigFile,
      warn: (message) => warnings.push(message),
    });
    return fn({ source, dir, env, warnings });
  });
}
