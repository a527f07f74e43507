import assert from "node:assert/strict";
import { releaseRunArgs } from "../../scripts/permissions.ts";

const FILE_LOCK = new URL("../../src/store/file_lock.ts", import.meta.url).href;

Deno.test("acquireFileLock() records the host name under the release permissions (no --allow-sys)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const script = `${dir}/take_lock.ts`;
    await Deno.writeTextFile(
      script,
      `import { acquireFileLock } from ${JSON.stringify(FILE_LOCK)};
const lock = await acquireFileLock(Deno.args[0], { timeoutMs: 1000 });
console.log(await Deno.readTextFile(Deno.args[0]));
await lock.release();`,
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: releaseRunArgs(script, [`${dir}/tokens.json.lock`]),
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    const owner = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(owner.pid > 0, true);
    const hostFile = await Deno.readTextFile("/etc/hostname").catch(() => "");
    assert.equal(owner.host, hostFile.trim());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
