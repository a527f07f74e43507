import assert from "node:assert/strict";
import { type ArchiveEntry, createArchive } from "../../../scripts/release/archive.ts";
import { crc32 } from "../../../scripts/release/zip.ts";
import { commandWorks, runTool } from "../../support/system_tools.ts";
import { withTempDir } from "../../support/temp_dir.ts";

const MTIME = new Date(Date.UTC(2026, 2, 14, 15, 9, 26));
const HAS_TAR = commandWorks("tar", ["--version"]);
const HAS_UNZIP = commandWorks("unzip", ["-v"]);
const HAS_PYTHON = commandWorks("python3", ["-c", "import zipfile"]);

/** A stand-in executable (incompressible bytes, odd length) and two documents. */
function standInEntries(executable: string): ArchiveEntry[] {
  const binary = new Uint8Array(70_001);
  crypto.getRandomValues(binary.subarray(0, 65_536));
  crypto.getRandomValues(binary.subarray(65_536));
  const text = (s: string) => new TextEncoder().encode(s);
  return [
    { name: executable, data: binary, mode: 0o755 },
    { name: "README.md", data: text("# authgate\n".repeat(50)), mode: 0o644 },
    { name: "LICENSE", data: text("MIT License\n"), mode: 0o644 },
  ];
}

async function assertExtracted(dir: string, entries: readonly ArchiveEntry[]): Promise<void> {
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    assert.deepEqual(await Deno.readFile(path), entry.data, entry.name);
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(path)).mode! & 0o777, entry.mode, entry.name);
    }
  }
}

Deno.test("crc32() matches the IEEE check value", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array()), 0);
});

Deno.test({
  name: "createArchive() writes a tar.gz that system tar lists and extracts byte for byte",
  ignore: !HAS_TAR,
  async fn() {
    await withTempDir(async (dir) => {
      const entries = standInEntries("authgate");
      await Deno.writeFile(`${dir}/a.tar.gz`, await createArchive("tar.gz", entries, MTIME));
      const list = await runTool("tar", ["-tvzf", "a.tar.gz"], { cwd: dir });
      assert.equal(list.code, 0, list.stderr);
      const lines = list.stdout.trim().split("\n");
      assert.deepEqual(lines.map((l) => l.split(/\s+/).at(-1)), [
        "authgate",
        "README.md",
        "LICENSE",
      ]);
      assert.match(lines[0], /^-rwxr-xr-x /);
      assert.match(lines[0], / 70001 /);
      await Deno.mkdir(`${dir}/out`);
      const extract = await runTool("tar", ["-xzf", "a.tar.gz", "-C", "out"], { cwd: dir });
      assert.equal(extract.code, 0, extract.stderr);
      await assertExtracted(`${dir}/out`, entries);
    });
  },
});

Deno.test({
  name: "createArchive() writes a zip that unzip tests and extracts byte for byte",
  ignore: !HAS_UNZIP,
  async fn() {
    await withTempDir(async (dir) => {
      const entries = standInEntries("authgate.exe");
      await Deno.writeFile(`${dir}/a.zip`, await createArchive("zip", entries, MTIME));
      const test = await runTool("unzip", ["-t", "a.zip"], { cwd: dir });
      assert.equal(test.code, 0, test.stdout + test.stderr);
      assert.match(test.stdout, /No errors detected/);
      const extract = await runTool("unzip", ["-q", "a.zip", "-d", "out"], { cwd: dir });
      assert.equal(extract.code, 0, extract.stderr);
      await assertExtracted(`${dir}/out`, entries);
      // The recorded time is the given one (DOS time: local fields, 2 s steps).
      const listing = await runTool("unzip", ["-Z", "-T", "a.zip"], { cwd: dir });
      assert.match(listing.stdout, /20260314\.150926 authgate\.exe/);
    });
  },
});

Deno.test({
  name: "createArchive() writes a zip that Python's zipfile verifies",
  ignore: !HAS_PYTHON,
  async fn() {
    await withTempDir(async (dir) => {
      await Deno.writeFile(
        `${dir}/a.zip`,
        await createArchive("zip", standInEntries("authgate.exe"), MTIME),
      );
      const check = await runTool("python3", ["-m", "zipfile", "-t", "a.zip"], { cwd: dir });
      assert.equal(check.code, 0, check.stderr);
      const list = await runTool("python3", ["-m", "zipfile", "-l", "a.zip"], { cwd: dir });
      assert.match(list.stdout, /authgate\.exe\s+2026-03-14 15:09:26\s+70001/);
    });
  },
});

Deno.test("createArchive() gives the same bytes for the same inputs", async () => {
  const entries = standInEntries("authgate");
  for (const format of ["tar.gz", "zip"] as const) {
    const first = await createArchive(format, entries, MTIME);
    const second = await createArchive(format, entries, MTIME);
    assert.deepEqual(first, second, format);
  }
});

Deno.test("createArchive() refuses a tar entry name longer than 100 bytes", async () => {
  const entry = { name: "x".repeat(101), data: new Uint8Array(1), mode: 0o644 };
  await assert.rejects(() => createArchive("tar.gz", [entry], MTIME), /name too long/);
});
