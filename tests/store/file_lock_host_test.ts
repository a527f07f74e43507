/**
 * The lock under the release permissions (no `--allow-sys`, no `/proc`): the
 * owner record, and the OS lock that tells a waiter whether its owner lives.
 */

import assert from "node:assert/strict";
import { releaseRunArgs } from "../../scripts/permissions.ts";

const FILE_LOCK = new URL("../../src/store/file_lock.ts", import.meta.url).href;

/** A script that takes the lock at argv[0], prints its record, then holds it for argv[1] ms. */
const TAKE_LOCK = `import { acquireFileLock } from ${JSON.stringify(FILE_LOCK)};
const started = Date.now();
const lock = await acquireFileLock(Deno.args[0], { timeoutMs: Number(Deno.args[2] ?? 1000) });
console.log(JSON.stringify({ waitedMs: Date.now() - started, record: await Deno.readTextFile(Deno.args[0]) }));
await new Promise((resolve) => setTimeout(resolve, Number(Deno.args[1])));
await lock.release();`;

async function withScript(body: (script: string, dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    const script = `${dir}/take_lock.ts`;
    await Deno.writeTextFile(script, TAKE_LOCK);
    await body(script, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function takeLock(script: string, args: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: releaseRunArgs(script, args),
    stdout: "piped",
    stderr: "piped",
  });
}

function parseOutput(output: Deno.CommandOutput): { waitedMs: number; record: string } {
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

Deno.test("acquireFileLock() records the host name under the release permissions (no --allow-sys)", () =>
  withScript(async (script, dir) => {
    const output = await takeLock(script, [`${dir}/tokens.json.lock`, "0"]).output();
    const owner = JSON.parse(parseOutput(output).record);
    assert.equal(owner.pid > 0, true);
    assert.equal(owner.oslock, true);
    const hostFile = await Deno.readTextFile("/etc/hostname").catch(() => "");
    assert.equal(owner.host, hostFile.trim());
  }));

Deno.test("acquireFileLock() under the release permissions: a live holder is waited for, a killed one taken over at once", () =>
  withScript(async (script, dir) => {
    const path = `${dir}/tokens.json.lock`;
    const holder = takeLock(script, [path, "60000"]).spawn();
    try {
      // The holder prints once it has the lock.
      const reader = holder.stdout.getReader();
      await reader.read();
      reader.releaseLock();
      const live = await takeLock(script, [path, "0", "300"]).output();
      assert.match(new TextDecoder().decode(live.stderr), /locked by another authgate process/);
    } finally {
      holder.kill("SIGKILL");
      await holder.output().catch(() => {});
    }
    const next = parseOutput(await takeLock(script, [path, "0", "20000"]).output());
    assert.ok(next.waitedMs < 1_000, `took over after ${next.waitedMs} ms`);
  }));
