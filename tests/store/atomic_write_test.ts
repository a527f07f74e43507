import { releaseRunArgs } from "../../scripts/permissions.ts";
import {
  ensureParentDir,
  prepareAtomicWrite,
  removeLeftoverTemps,
} from "../../src/store/atomic_write.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { listDir, permissionBits, withTempDir } from "../support/temp_dir.ts";

/** Prepares (reserving `reserve` bytes) and commits `text` in one go. */
async function writeFileAtomic(path: string, text: string, reserve = 0): Promise<void> {
  const prepared = await prepareAtomicWrite(path, reserve);
  await prepared.commit([new TextEncoder().encode(text)]);
}

const MODULE = new URL("../../src/store/atomic_write.ts", import.meta.url).href;

Deno.test("prepareAtomicWrite().commit() replaces the content and leaves no temp file", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, "old content that is longer than the new one");
    await writeFileAtomic(path, "new");
    assertEquals(await Deno.readTextFile(path), "new");
    assertEquals(await listDir(dir), ["tokens.json"]);
  }));

Deno.test("prepareAtomicWrite().commit() writes multi-byte text exactly", () =>
  withTempDir(async (dir) => {
    const text = "µs ✓ 🔑\n".repeat(10_000);
    await writeFileAtomic(`${dir}/t.json`, text);
    assertEquals(await Deno.readTextFile(`${dir}/t.json`), text);
  }));

Deno.test("prepareAtomicWrite().commit() leaves the file with mode 0600, even over a 0644 file", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, "old", { mode: 0o644 });
    await Deno.chmod(path, 0o644);
    await writeFileAtomic(path, "new");
    assertEquals((await permissionBits(path)).toString(8), "600");
  }));

Deno.test("prepareAtomicWrite().commit() creates a missing parent directory with mode 0700", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/a/b/tokens.json`;
    await writeFileAtomic(path, "x");
    assertEquals(await Deno.readTextFile(path), "x");
    assertEquals((await permissionBits(`${dir}/a/b`)).toString(8), "700");
    assertEquals(await listDir(`${dir}/a/b`), ["tokens.json"]);
  }));

Deno.test("ensureParentDir() leaves an existing directory's mode alone", () =>
  withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/shared`, { mode: 0o755 });
    await Deno.chmod(`${dir}/shared`, 0o755);
    await ensureParentDir(`${dir}/shared/tokens.json`);
    assertEquals((await permissionBits(`${dir}/shared`)).toString(8), "755");
  }));

Deno.test("prepareAtomicWrite() claims the space before the content is known", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, "old");
    const prepared = await prepareAtomicWrite(path, 100_000);
    const names = await listDir(dir);
    assertEquals(names.length, 2);
    const temp = names.find((name) => name !== "tokens.json")!;
    assert(/^\.tokens\.json\.[0-9a-f-]{36}\.tmp$/.test(temp), temp);
    assertEquals((await Deno.stat(`${dir}/${temp}`)).size, 100_000);
    assertEquals((await permissionBits(`${dir}/${temp}`)).toString(8), "600");
    assertEquals(await Deno.readTextFile(path), "old");
    await prepared.commit([new TextEncoder().encode("ne"), new TextEncoder().encode("w")]);
    assertEquals(await Deno.readTextFile(path), "new");
    assertEquals(await listDir(dir), ["tokens.json"]);
  }));

Deno.test("prepareAtomicWrite().discard() removes the temp file and leaves the target", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/tokens.json`;
    await Deno.writeTextFile(path, "old");
    const prepared = await prepareAtomicWrite(path, 10);
    await prepared.discard();
    await prepared.discard();
    assertEquals(await listDir(dir), ["tokens.json"]);
    assertEquals(await Deno.readTextFile(path), "old");
  }));

Deno.test("removeLeftoverTemps() removes only this file's temp files", () =>
  withTempDir(async (dir) => {
    const names = [
      `.tokens.json.${crypto.randomUUID()}.tmp`,
      `.other.json.${crypto.randomUUID()}.tmp`,
      ".tokens.json.not-a-uuid.tmp",
      "tokens.json",
    ];
    for (const name of names) await Deno.writeTextFile(`${dir}/${name}`, "x");
    await removeLeftoverTemps(`${dir}/tokens.json`);
    assertEquals(await listDir(dir), names.slice(1).sort());
  }));

Deno.test("prepareAtomicWrite().commit() cleans up its temp file when the rename fails", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/target`;
    await Deno.mkdir(path);
    await Deno.writeTextFile(`${path}/keep`, "x");
    let failed = false;
    await writeFileAtomic(path, "new").catch(() => failed = true);
    assertEquals(failed, true);
    assertEquals(await listDir(dir), ["target"]);
  }));

/**
 * A child process that writes `NEW` over the target and is killed: in "write"
 * mode after half of the temp file is written, in "rename" mode just before the
 * rename, in "timed" mode whenever the parent's kill lands.
 */
const CHILD = `
import { prepareAtomicWrite } from "${MODULE}";
const writeFileAtomic = async (path, text) =>
  (await prepareAtomicWrite(path, 0)).commit([new TextEncoder().encode(text)]);
const [target, mode, size] = Deno.args;
const say = (text) => Deno.stdout.writeSync(new TextEncoder().encode(text + "\\n"));
const hang = () => new Promise(() => setInterval(() => {}, 1000));
if (mode === "write") {
  const write = Deno.FsFile.prototype.write;
  Deno.FsFile.prototype.write = async function (bytes) {
    const half = await write.call(this, bytes.subarray(0, Math.ceil(bytes.length / 2)));
    await this.sync();
    say("mid-write " + half);
    return hang();
  };
}
if (mode === "rename") {
  Deno.rename = async () => {
    say("before-rename");
    return hang();
  };
}
say("start");
await writeFileAtomic(target, "N".repeat(Number(size)) + "\\n");
say("done");
`;

async function killChildAt(
  dir: string,
  mode: "write" | "rename" | "timed",
  size: number,
  delayMs = 0,
): Promise<string> {
  const script = `${dir}/child.mjs`;
  await Deno.writeTextFile(script, CHILD);
  const child = new Deno.Command(Deno.execPath(), {
    // The release permission set: what the binary may do is what writes the file.
    args: releaseRunArgs(script, [`${dir}/data/tokens.json`, mode, String(size)]),
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const marker = mode === "write" ? "mid-write" : mode === "rename" ? "before-rename" : "start";
  while (!seen.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  try {
    child.kill("SIGKILL");
  } catch {
    // Already exited: the write completed before the kill landed.
  }
  await reader.cancel();
  await child.status;
  return seen;
}

const OLD = "O".repeat(1_000) + "\n";

async function assertWhole(path: string, size: number): Promise<"old" | "new"> {
  const text = await Deno.readTextFile(path);
  if (text === OLD) return "old";
  assert(text === "N".repeat(size) + "\n", `partial file: ${text.length} bytes`);
  return "new";
}

/** Kills a child writer at a fixed point and checks the old file is still whole. */
function assertOldAfterKill(mode: "write" | "rename", size: number): Promise<void> {
  return withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/data`);
    await Deno.writeTextFile(`${dir}/data/tokens.json`, OLD);
    const seen = await killChildAt(dir, mode, size);
    assert(seen.includes(mode === "write" ? "mid-write" : "before-rename"), `child said: ${seen}`);
    assertEquals(await assertWhole(`${dir}/data/tokens.json`, size), "old");
  });
}

Deno.test(
  "prepareAtomicWrite().commit() killed mid-write leaves the old file whole",
  () => assertOldAfterKill("write", 4_000_000),
);

Deno.test(
  "prepareAtomicWrite().commit() killed before the rename leaves the old file whole",
  () => assertOldAfterKill("rename", 1_000),
);

Deno.test("prepareAtomicWrite().commit() killed at any moment leaves the old or the new file, never a mix", () =>
  withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/data`);
    const size = 16_000_000;
    for (const delayMs of [0, 1, 3, 8, 20]) {
      await Deno.writeTextFile(`${dir}/data/tokens.json`, OLD);
      await killChildAt(dir, "timed", size, delayMs);
      await assertWhole(`${dir}/data/tokens.json`, size);
    }
  }));
