/**
 * Opens a URL in the user's browser: the programs named by `BROWSER` first,
 * then the platform launcher (`open` on macOS, `rundll32
 * url.dll,FileProtocolHandler` on Windows, `xdg-open` elsewhere).
 *
 * The CLI may only run its OS's launcher (the `--allow-run` list of
 * scripts/permissions.ts). A `BROWSER` program outside that list is refused
 * by Deno (NotCapable); that is said in a note and the platform launcher is
 * tried next, which on Linux honours `BROWSER` itself (xdg-open's generic mode).
 *
 * Only https URLs, or http to a loopback host, are opened (launch_policy.ts):
 * the launchers hand any other scheme to the OS.
 * @module
 */

import { checkLaunchUrl } from "./launch_policy.ts";

/** The variable naming the user's browser command(s). */
export const BROWSER_ENV_NAMES: readonly string[] = ["BROWSER"];

/** One way to open the URL. */
export interface LaunchCommand {
  program: string;
  args: string[];
  /** Where it came from, for messages. */
  origin: "BROWSER" | "platform";
}

/** The outcome of {@linkcode openBrowser}. */
export type LaunchResult =
  | { ok: true; program: string; notes: string[] }
  | { ok: false; reason: string; notes: string[] };

/**
 * Runs a launcher: resolves with its exit code, or undefined when it is still
 * running after the wait (it then counts as launched and is left alone).
 */
export type Spawner = (program: string, args: string[]) => Promise<number | undefined>;

/**
 * The commands to try, in order: each `BROWSER` entry (separated by `:`, `;`
 * on Windows; `%s` stands for the URL, else the URL is appended), then the
 * platform launcher.
 *
 * @param url The URL to open.
 * @param os The operating system.
 * @param browserEnv The value of `BROWSER`, if set.
 * @returns The commands.
 */
export function browserCommands(
  url: string,
  os: typeof Deno.build.os,
  browserEnv?: string,
): LaunchCommand[] {
  const commands: LaunchCommand[] = [];
  for (const entry of (browserEnv ?? "").split(os === "windows" ? ";" : ":")) {
    const words = entry.trim().split(/\s+/).filter((word) => word !== "");
    if (words.length === 0) continue;
    const hasPlaceholder = words.some((word) => word.includes("%s"));
    const args = words.slice(1).map((word) => word.replaceAll("%s", url));
    commands.push({
      program: words[0],
      args: hasPlaceholder ? args : [...args, url],
      origin: "BROWSER",
    });
  }
  if (os === "darwin") commands.push({ program: "open", args: [url], origin: "platform" });
  else if (os === "windows") {
    commands.push({
      program: "rundll32",
      args: ["url.dll,FileProtocolHandler", url],
      origin: "platform",
    });
  } else commands.push({ program: "xdg-open", args: [url], origin: "platform" });
  return commands;
}

/** How long a launcher may run before it counts as having opened the browser. */
const LAUNCH_WAIT_MS = 5_000;

/** The real spawner: no stdio (a launcher must not write into our output). */
export const spawnLauncher: Spawner = async (program, args) => {
  const child = new Deno.Command(program, {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stillRunning = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LAUNCH_WAIT_MS);
  });
  try {
    const status = await Promise.race([child.status, stillRunning]);
    if (status === undefined) child.unref();
    return status?.code;
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Opens `url`, trying each command of {@linkcode browserCommands} until one
 * starts and does not fail. A URL that {@linkcode checkLaunchUrl} refuses is
 * not handed to any program.
 *
 * @param url The URL.
 * @param platform The OS, the environment (for `BROWSER`), and the spawner.
 * @returns Which program opened it, or why none did; `notes` explain skipped commands.
 */
export async function openBrowser(
  url: string,
  platform: {
    os: typeof Deno.build.os;
    env(name: string): string | undefined;
    spawn?: Spawner;
  },
): Promise<LaunchResult> {
  const checked = checkLaunchUrl(url);
  if (!checked.ok) {
    return { ok: false, reason: `the URL is not opened: ${checked.reason}`, notes: [] };
  }
  const spawn = platform.spawn ?? spawnLauncher;
  const notes: string[] = [];
  for (const command of browserCommands(checked.href, platform.os, platform.env("BROWSER"))) {
    const label = command.origin === "BROWSER"
      ? `BROWSER program "${command.program}"`
      : command.program;
    try {
      const code = await spawn(command.program, command.args);
      if (code === undefined || code === 0) return { ok: true, program: command.program, notes };
      notes.push(`${label} exited with code ${code}`);
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable) {
        notes.push(`${label} is not one authgate may run (only the platform launcher is allowed)`);
      } else if (error instanceof Deno.errors.NotFound) {
        notes.push(`${label} was not found`);
      } else {
        notes.push(`${label} could not be started: ${(error as Error).message}`);
      }
    }
  }
  return { ok: false, reason: notes[notes.length - 1] ?? "no launcher", notes };
}
