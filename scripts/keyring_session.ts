/**
 * A private, headless Linux keyring for tests and the keyring benchmark: its own D-Bus session bus
 * (`dbus-run-session`) with an unlocked gnome-keyring serving the Secret
 * Service, in a throwaway HOME, so tests never see (or touch) a real keyring
 * and each test starts empty. CLI subprocesses reach it through the
 * `DBUS_SESSION_BUS_ADDRESS` in {@linkcode KeyringSession.env}.
 *
 * The packages (Debian: libsecret-tools gnome-keyring dbus-x11) are installed
 * by `.ci/system-packages`; without them this fails loudly: a keyring test
 * never passes by skipping.
 * @module
 */

/** A running private keyring. */
export interface KeyringSession {
  /** The session bus address. */
  address: string;
  /** The gnome-keyring-daemon serving `org.freedesktop.secrets`. */
  daemonPid: number;
  /** Environment that points a child process at this keyring. */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  /** Runs `secret-tool` against this keyring (the test's own view of it). */
  secretTool(args: string[], stdin?: string): Promise<Deno.CommandOutput & { text: string }>;
  /** Ends the bus, the daemon and the temp HOME. */
  stop(): Promise<void>;
}

const MISSING_PACKAGES =
  "the real keyring tests need dbus-run-session, gnome-keyring-daemon, secret-tool and dbus-send " +
  "(Debian: apt-get install libsecret-tools gnome-keyring dbus-x11; .ci/system-packages does it)";

// Unlocks (creating) the login keyring with a throwaway password, waits until the daemon owns
// the Secret Service name, prints the bus address and its pid, then lives until stdin closes.
const SESSION_SCRIPT = `
set -e
printf %s "$1" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
secret-tool lookup service authgate-test-session username ready >/dev/null 2>&1 || true
pid=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus / \\
  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '{print $2}')
echo "$DBUS_SESSION_BUS_ADDRESS $pid"
read -r _ || true
kill -CONT "$pid" 2>/dev/null || true
kill "$pid" 2>/dev/null || true
`;

/**
 * Starts a private keyring session.
 *
 * @returns The session; call `stop()` in a `finally`.
 * @throws when the needed programs are missing or the keyring does not come up.
 */
export async function startKeyringSession(): Promise<KeyringSession> {
  const home = await Deno.makeTempDir({ prefix: "authgate-keyring-" });
  await Deno.mkdir(`${home}/run`, { mode: 0o700 });
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("dbus-run-session", {
      args: ["--", "sh", "-c", SESSION_SCRIPT, "sh", crypto.randomUUID()],
      clearEnv: true,
      env: {
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        HOME: home,
        XDG_RUNTIME_DIR: `${home}/run`,
        XDG_DATA_HOME: `${home}/data`,
        XDG_CONFIG_HOME: `${home}/config`,
        XDG_CACHE_HOME: `${home}/cache`,
      },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    await Deno.remove(home, { recursive: true });
    if (error instanceof Deno.errors.NotFound) throw new Error(MISSING_PACKAGES);
    throw error;
  }
  const stderr = new Response(child.stderr).text();
  const stdout = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let firstLine = "";
  while (!firstLine.includes("\n")) {
    const { value, done } = await stdout.read();
    if (done) break;
    firstLine += value;
  }
  const [address, pidText] = firstLine.trim().split(" ");
  const daemonPid = Number(pidText);

  const stop = async () => {
    await child.stdin.close().catch(() => {});
    await stdout.cancel().catch(() => {});
    await child.status;
    await stderr;
    await Deno.remove(home, { recursive: true });
  };
  if (!address?.startsWith("unix:") || !(daemonPid > 0)) {
    const diagnostics = (await Promise.all([stop(), stderr]))[1].trim().split("\n").slice(-3);
    throw new Error(`${MISSING_PACKAGES}; the keyring did not start: ${diagnostics.join(" | ")}`);
  }
  const env = { DBUS_SESSION_BUS_ADDRESS: address };
  return {
    address,
    daemonPid,
    env,
    stop,
    async secretTool(args, stdin) {
      const tool = new Deno.Command("secret-tool", {
        args,
        env,
        stdin: stdin === undefined ? "null" : "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      if (stdin !== undefined) {
        const writer = tool.stdin.getWriter();
        await writer.write(new TextEncoder().encode(stdin));
        await writer.close();
      }
      const output = await tool.output();
      return { ...output, text: new TextDecoder().decode(output.stdout) };
    },
  };
}
