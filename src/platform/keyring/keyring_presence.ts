/**
 * Decides, without starting any process, whether an OS keyring can possibly
 * answer here. `auto` mode asks this first so the fresh `token get` path in a
 * container or CI job (no session bus, so no Secret Service) pays a couple of
 * environment reads instead of a helper process.
 * @module
 */

/**
 * Why no OS keyring can answer in this environment, or `undefined` when one may.
 *
 * Linux and BSD reach the Secret Service over the D-Bus session bus, which
 * libsecret finds through `DBUS_SESSION_BUS_ADDRESS` or `$XDG_RUNTIME_DIR/bus`;
 * with neither, `secret-tool` could only fail. macOS and Windows always have
 * their keyring service; whether it answers is learnt by asking.
 *
 * @param os The operating system, as `Deno.build.os`.
 * @param env Reads an environment variable.
 * @param exists Whether a path exists (default: a real `lstat`).
 * @returns A short reason, or `undefined`.
 */
export function keyringAbsenceReason(
  os: typeof Deno.build.os,
  env: (name: string) => string | undefined,
  exists: (path: string) => boolean = pathExists,
): string | undefined {
  if (os === "darwin" || os === "windows") return undefined;
  if (env("DBUS_SESSION_BUS_ADDRESS")) return undefined;
  const runtimeDir = env("XDG_RUNTIME_DIR");
  if (runtimeDir && exists(`${runtimeDir}/bus`)) return undefined;
  return "no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set";
}

function pathExists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The variables a Secret Service helper needs to reach the session bus, taken
 * from the (injected) environment so the helper sees what the CLI saw.
 *
 * @param env Reads an environment variable.
 * @returns The variables that are set.
 */
export function sessionBusEnv(env: (name: string) => string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of SESSION_BUS_ENV_NAMES) {
    const value = env(name);
    if (value) result[name] = value;
  }
  return result;
}

/** The variables {@linkcode keyringAbsenceReason} and {@linkcode sessionBusEnv} read. */
export const SESSION_BUS_ENV_NAMES = ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"] as const;
