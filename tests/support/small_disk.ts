/**
 * Write failures for subprocess tests: a tiny tmpfs that can be filled up
 * (needs root and mount(8), which these machines have), and a CLI run whose
 * file size limit (`ulimit -f`) makes every larger write fail with EFBIG
 * (any user: root obeys rlimits, unlike directory permissions).
 * @module
 */

import { cliCommandArgs, type CliRun } from "./run_cli.ts";
import { runTool } from "./system_tools.ts";

/**
 * Runs `body` with a directory on a fresh 256 KiB tmpfs, unmounted afterwards.
 *
 * @param body Receives the mount point.
 * @throws when the tmpfs cannot be mounted (not root, or no mount permission).
 */
export async function withSmallDisk(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "authgate-tmpfs-" });
  try {
    const mount = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", dir],
      stderr: "piped",
    }).output();
    if (!mount.success) {
      throw new Error(
        `a full disk is simulated with a tmpfs, which needs root: ${
          new TextDecoder().decode(mount.stderr).trim()
        }`,
      );
    }
    try {
      await body(dir);
    } finally {
      await new Deno.Command("umount", { args: [dir] }).output();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Fills the filesystem of `dir` with 4 KiB filler files until it is full,
 * then frees `leaveKiB` (room for a lock file, not for a token file's copy).
 *
 * @param dir A directory on the small disk.
 * @param leaveKiB How much to leave free, in KiB (a multiple of 4).
 */
export async function fillDisk(dir: string, leaveKiB = 0): Promise<void> {
  const page = new Uint8Array(4096);
  const fillers: string[] = [];
  for (let i = 0;; i++) {
    const path = `${dir}/filler-${i}`;
    try {
      await Deno.writeFile(path, page);
      fillers.push(path);
    } catch {
      await Deno.remove(path).catch(() => {});
      break;
    }
  }
  for (const path of fillers.slice(fillers.length - leaveKiB / 4)) await Deno.remove(path);
}

/**
 * Runs `authgate <args>` (release permissions, clean environment) with a file
 * size limit of 16 blocks (8 or 16 KiB, by the shell's block size) and
 * SIGXFSZ ignored, so a larger write fails with EFBIG instead of killing it.
 *
 * @param args CLI arguments.
 * @param env The child's environment.
 * @returns Exit code and output.
 */
export function runCliWithFileSizeLimit(
  args: readonly string[],
  env: Record<string, string>,
): Promise<CliRun> {
  return runTool("/bin/sh", [
    "-c",
    'trap "" XFSZ; ulimit -f 16; exec "$@"',
    "sh",
    Deno.execPath(),
    ...cliCommandArgs(args),
  ], {
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", NO_COLOR: "1", ...env },
  });
}
