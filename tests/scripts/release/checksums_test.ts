import assert from "node:assert/strict";
import { formatChecksums, parseChecksums, sha256Hex } from "../../../scripts/release/checksums.ts";
import { commandWorks, runTool } from "../../support/system_tools.ts";

const ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

Deno.test("sha256Hex() matches the FIPS 180-2 vector", async () => {
  assert.equal(await sha256Hex(new TextEncoder().encode("abc")), ABC_SHA256);
});

Deno.test("formatChecksums() writes sorted sha256sum lines and parseChecksums() reads them", () => {
  const sums = new Map([["b.zip", "1".repeat(64)], ["a.tar.gz", "2".repeat(64)]]);
  const text = formatChecksums(sums);
  assert.equal(text, `${"2".repeat(64)}  a.tar.gz\n${"1".repeat(64)}  b.zip\n`);
  assert.deepEqual(parseChecksums(text), new Map([...sums].reverse()));
});

Deno.test("parseChecksums() accepts the binary-mode marker and names a malformed line", () => {
  assert.deepEqual(parseChecksums(`${ABC_SHA256} *abc.txt\n`), new Map([["abc.txt", ABC_SHA256]]));
  assert.throws(
    () => parseChecksums(`${ABC_SHA256}  ok.zip\nnot a checksum\n`),
    /checksums line 2 is not/,
  );
});

Deno.test({
  name: "formatChecksums() output passes sha256sum -c on the files it names",
  ignore: !commandWorks("sha256sum", ["--version"]),
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const data = new TextEncoder().encode("stand-in archive\n");
      await Deno.writeFile(`${dir}/authgate_1.0.0_linux_amd64.tar.gz`, data);
      const text = formatChecksums(
        new Map([["authgate_1.0.0_linux_amd64.tar.gz", await sha256Hex(data)]]),
      );
      await Deno.writeTextFile(`${dir}/checksums.txt`, text);
      const check = await runTool("sha256sum", ["-c", "checksums.txt"], { cwd: dir });
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.equal(check.stdout, "authgate_1.0.0_linux_amd64.tar.gz: OK\n");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
