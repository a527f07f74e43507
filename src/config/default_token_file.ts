/**
 * The default token file location: the per-user configuration directory, so a
 * script finds its token whatever its working directory.
 * @module
 */

/**
 * The per-OS default token file path, or `undefined` when the environment names
 * no home or configuration directory (a scratch container).
 *
 * @param os The operating system, as `Deno.build.os`.
 * @param env Reads an environment variable.
 * @returns The path, or `undefined`.
 */
export function defaultTokenFile(
  os: typeof Deno.build.os,
  env: (name: string) => string | undefined,
): string | undefined {
  const set = (name: string) => env(name) || undefined;
  if (os === "windows") {
    const appData = set("APPDATA");
    return appData ? `${appData}\\authgate\\tokens.json` : undefined;
  }
  const home = set("HOME");
  if (os === "darwin") {
    return home ? `${home}/Library/Application Support/authgate/tokens.json` : undefined;
  }
  const config = set("XDG_CONFIG_HOME") ?? (home ? `${home}/.config` : undefined);
  return config ? `${config}/authgate/tokens.json` : undefined;
}
