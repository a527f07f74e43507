/**
 * The file rules, attacked as the CLI runs for real (subprocess, release
 * permissions, a temporary HOME): a token file or directory others may
 * write, a file or symlink planted by another user, a FIFO where the token
 * file, its lock or `.env` should be, a file over the size cap, a file that
 * does not parse. The tests run as root, which bypasses permission checks but
 * not the CLI's own mode and owner checks; "another user" is `nobody`
 * (uid 65534), set with chown.
 */

import { runCliProcess } from "../support/run_cli.ts";
import { assert, assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import { FIXTURE_CLIENT_ID, fixtureToken, writeTokenFile } from "../support/token_fixture.ts";
import { permissionBits, withTempDir } from "../support/temp_dir.ts";
import { runTool } from "../support/system_tools.ts";

const HOUR = 3_600_000;
const NOBODY = 65534;
/** How long a run may take before it counts as hung (the CLI must answer at once). */
const HANG_GUARD_MS = 15_000;

/** Runs the CLI, killed if it hangs; returns the run and how long it took. */
async function cli(args: string[], env: Record<string, string>, cwd?: string) {
  const started = Date.now();
  const run = await runCliProcess(args, {
    env: { CLIENT_ID: FIXTURE_CLIENT_ID, ...env },
    cwd,
    signal: AbortSignal.timeout(HANG_GUARD_MS),
  });
  return { ...run, ms: Date.now() - started };
}

/** A HOME with a fresh token at TOKEN_FILE `<dir>/tokens/tokens.json`. */
async function tokenHome(dir: string) {
  await Deno.mkdir(`${dir}/tokens`, { mode: 0o700 });
  const path = `${dir}/tokens/tokens.json`;
  const token = fixtureToken(HOUR);
  await writeTokenFile(path, [token]);
  return { path, token, env: { HOME: dir, TOKEN_FILE: path } };
}

async function mkfifo(path: string) {
  const result = await runTool("mkfifo", [path]);
  assertEquals(result.code, 0, result.stderr);
}

function assertRefused(run: { code: number; stdout: string; stderr: string }, text: string) {
  assertEquals(run.code, 1, run.stderr);
  assertEquals(run.stdout, "");
  assertIncludes(run.stderr, text);
  assert(/^Hint: /m.test(run.stderr), run.stderr);
}

Deno.test("a token file others may write (0666) is refused, its token never printed", () =>
  withTempDir(async (dir) => {
    const home = await tokenHome(dir);
    await Deno.chmod(home.path, 0o666);
    const run = await cli(["token", "get"], home.env);
    assertRefused(
      run,
      `Error: refusing token file ${home.path}: it is writable by group or others (mode 0666)`,
    );
    assertExcludes(run.stderr, home.token.accessToken);
  }));

Deno.test("a token file in a directory others may write (0777) is refused", () =>
  withTempDir(async (dir) => {
    const home = await tokenHome(dir);
    await Deno.chmod(`${dir}/tokens`, 0o777);
    const run = await cli(["token", "get"], home.env);
    assertRefused(run, `directory ${dir}/tokens is writable by group or others (mode 0777)`);
  }));

Deno.test("a token file readable by others (0644) is narrowed to 0600 with one warning", () =>
  withTempDir(async (dir) => {
    const home = await tokenHome(dir);
    await Deno.chmod(home.path, 0o644);
    const run = await cli(["token", "get"], home.env);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stdout, `${home.token.accessToken}\n`);
    assertEquals(
      run.stderr,
      `Warning: token file ${home.path} was readable by group or others (mode 0644); changed to 0600 (anyone who could read it may have copied the tokens)\n`,
    );
    assertEquals(await permissionBits(home.path), 0o600);
  }));

Deno.test("a token file owned by another user is refused", () =>
  withTempDir(async (dir) => {
    const home = await tokenHome(dir);
    await Deno.chown(home.path, NOBODY, NOBODY);
    const run = await cli(["token", "get"], home.env);
    assertRefused(run, `it is owned by another user (uid ${NOBODY})`);
    assertExcludes(run.stderr, home.token.accessToken);
  }));

Deno.test("a symlink planted by another user in a shared sticky directory is never followed", () =>
  withTempDir(async (dir) => {
    // A /tmp of our own: world-writable with the sticky bit.
    const shared = `${dir}/tmp`;
    await Deno.mkdir(shared);
    await Deno.chmod(shared, 0o1777);
    const attacker = `${shared}/attacker.json`;
    const planted = fixtureToken(HOUR, { accessToken: "attacker-access-token" });
    await writeTokenFile(attacker, [planted]);
    await Deno.chown(attacker, NOBODY, NOBODY);
    const link = `${shared}/tokens.json`;
    await Deno.symlink(attacker, link);
    const chown = await runTool("chown", ["-h", `${NOBODY}:${NOBODY}`, link]);
    assertEquals(chown.code, 0, chown.stderr);

    const run = await cli(["token", "get"], { HOME: dir, TOKEN_FILE: link });
    assertRefused(
      run,
      `refusing token file ${link}: it is a symbolic link owned by another user (uid ${NOBODY})`,
    );
    assertExcludes(run.stdout + run.stderr, "attacker-access-token");
  }));

Deno.test("the default token file is never a symlink; a TOKEN_FILE you name may be one you own", () =>
  withTempDir(async (dir) => {
    const home = await tokenHome(dir);
    const configDir = `${dir}/.config/authgate`;
    await Deno.mkdir(configDir, { recursive: true, mode: 0o700 });
    await Deno.symlink(home.path, `${configDir}/tokens.json`);

    const byDefault = await cli(["token", "get"], { HOME: dir });
    assertRefused(
      byDefault,
      `refusing token file ${configDir}/tokens.json: it is a symbolic link`,
    );
    assertIncludes(byDefault.stderr, "--token-file or TOKEN_FILE");

    const named = await cli(["token", "get"], {
      HOME: dir,
      TOKEN_FILE: `${configDir}/tokens.json`,
    });
    assertEquals(named.code, 0, named.stderr);
    assertEquals(named.stdout, `${home.token.accessToken}\n`);
    // A write goes to the target, so the link survives.
    const deleted = await cli(["token", "delete", "--local-only"], {
      HOME: dir,
      TOKEN_FILE: `${configDir}/tokens.json`,
    });
    assertEquals(deleted.code, 0, deleted.stderr);
    assert((await Deno.lstat(`${configDir}/tokens.json`)).isSymlink, "the link is kept");
  }));

Deno.test("a FIFO at TOKEN_FILE ends at once with a clear error", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await mkfifo(path);
    const run = await cli(["token", "get"], { HOME: dir, TOKEN_FILE: path });
    assertRefused(run, `refusing token file ${path}: it is not a regular file (a fifo)`);
    assert(run.ms < 5_000, `took ${run.ms} ms`);
  }));

Deno.test("a FIFO at <file>.lock ends at once with a clear error", () =>
  withTempDir(async (dir) => {
    const home = await tokenHome(dir);
    await mkfifo(`${home.path}.lock`);
    const run = await cli(["token", "delete", "--local-only"], home.env);
    assertRefused(run, `refusing lock file ${home.path}.lock: it is not a regular file (a fifo)`);
    assert(run.ms < 5_000, `took ${run.ms} ms`);
  }));

Deno.test("a FIFO as .env in the working directory ends at once with a clear error", () =>
  withTempDir(async (dir) => {
    await mkfifo(`${dir}/.env`);
    const run = await cli(["token", "get"], { HOME: dir }, dir);
    assertRefused(run, `refusing .env file ${dir}/.env: it is not a regular file (a fifo)`);
    assert(run.ms < 5_000, `took ${run.ms} ms`);
  }));

Deno.test("a token file over the 64 MiB cap is refused without being read whole", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, "", { mode: 0o600 });
    await Deno.truncate(path, 64 * 1024 * 1024 + 1);
    const run = await cli(["token", "get"], { HOME: dir, TOKEN_FILE: path });
    assertRefused(run, `refusing token file ${path}: it is larger than 64 MiB`);
  }));

Deno.test("a token file that does not parse is reported by position, never by content", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, '{\n  "data": {\n    "c": at-SECRET-TOKEN-TEXT\n  }\n}\n', {
      mode: 0o600,
    });
    const run = await cli(["token", "get"], { HOME: dir, TOKEN_FILE: path });
    assertEquals(run.code, 1, run.stderr);
    assertIncludes(
      run.stderr,
      `Error: token file ${path} is not valid: not JSON (unexpected token at line 3, column 10); fix or remove it`,
    );
    assertExcludes(run.stderr, "SECRET");
  }));

Deno.test("a symlinked directory above the default token file (a dotfiles ~/.config) is fine", () =>
  withTempDir(async (dir) => {
    const dotfiles = `${dir}/dotfiles/config/authgate`;
    await Deno.mkdir(dotfiles, { recursive: true, mode: 0o700 });
    const token = fixtureToken(HOUR);
    await writeTokenFile(`${dotfiles}/tokens.json`, [token]);
    await Deno.symlink(`${dir}/dotfiles/config`, `${dir}/.config`);
    const run = await cli(["token", "get"], { HOME: dir });
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stdout, `${token.accessToken}\n`);
    const deleted = await cli(["token", "delete", "--local-only"], { HOME: dir });
    assertEquals(deleted.code, 0, deleted.stderr);
    assert((await Deno.lstat(`${dir}/.config`)).isSymlink, "the directory link is kept");
  }));

Deno.test("a TOKEN_FILE symlink you own is not followed from a directory others may write", () =>
  withTempDir(async (dir) => {
    const home = await tokenHome(dir);
    const open = `${dir}/open`;
    await Deno.mkdir(open);
    await Deno.chmod(open, 0o777); // anyone could swap the link while it is followed
    await Deno.symlink(home.path, `${open}/tokens.json`);
    const run = await cli(["token", "get"], { HOME: dir, TOKEN_FILE: `${open}/tokens.json` });
    assertRefused(run, `directory ${open} is writable by group or others (mode 0777)`);
  }));
