/**
 * The default token file location: the per-user configuration directory, so a
 * script finds its token whatever its working directory.
 * @module
 */

/**
 * The per-user authgate configuration directory (`<user config dir>/authgate`),
 * or `undefined` when the environment names no home or configuration directory
 * (a scratch container).
 *
 * @param os The operating system, as `Deno.build.os`.
 * @param env Reads an environment variable.
 * @returns The directory, or `undefined`.
 */
export function userConfigDir(
  os: typeof Deno.build.os,
  env: (name: string) => string | undefined,
): string | undefined {
  const set = (name: string) => env(name) || undefined;
  if (os === "windows") {
    const appData = set("APPDATA");
    return appData ? `${appData}\\authgate` : undefined;
  }
  const home = set("HOME");
  if (os === "darwin") return home ? `${home}/Library/Application Support/authgate` : undefined;
  const config = set("XDG_CONFIG_HOME") ?? (home ? `${home}/.config` : undefined);
  return config ? `${config}/authgate` : undefined;
}

function inConfigDir(
  name: string,
  os: typeof Deno.build.os,
  env: (name: string) => string | undefined,
): string | undefined {
  const dir = userConfigDir(os, env);
  return dir && `${dir}${os === "windows" ? "\\" : "/"}${name}`;
}

/**
 * The per-OS default token file path, or `undefined` without a home directory.
 *
 * @param os The operating system, as `Deno.build.os`.
 * @param env Reads an environment variable.
 * @returns The path, or `undefined`.
 */
export function defaultTokenFile(
  os: typeof Deno.build.os,
  env: (name: string) => string | undefined,
): string | undefined {
  return inConfigDir("tokens.json", os, env);
}

/**
 * The user's own settings file (`<user config dir>/authgate/config.env`,
 * `KEY=VALUE` lines like `.env`), or `undefined` without a home directory.
 *
 * @param os The operating system, as `Deno.build.os`.
 * @param env Reads an environment variable.
 * @returns The path, or `undefined`.
 */
export function userConfigFile(
  os: typeof Deno.build.os,
  env: (name: string) => string | undefined,
): string | undefined {
  return inConfigDir("config.env", os, env);
}
