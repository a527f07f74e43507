import { formatVersion, readVersionInfo } from "../../src/commands/version.ts";
import { assertEquals } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";

const manifest = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));

Deno.test("readVersionInfo() reports deno.json's version, the Deno version and the target", async () => {
  assertEquals(await readVersionInfo(), {
    version: manifest.version,
    deno: Deno.version.deno,
    target: Deno.build.target,
  });
});

Deno.test("formatVersion() prints one fact a line, or JSON", () => {
  const info = { version: "1.2.3", deno: "2.9.6", target: "x86_64-unknown-linux-gnu" };
  assertEquals(
    formatVersion(info, false),
    "authgate 1.2.3\ndeno 2.9.6\ntarget x86_64-unknown-linux-gnu\n",
  );
  assertEquals(formatVersion(info, true), JSON.stringify(info) + "\n");
});

Deno.test("version and --version work with the release permissions", async () => {
  const plain = await runCliProcess(["version"]);
  assertEquals(plain, {
    code: 0,
    stdout:
      `authgate ${manifest.version}\ndeno ${Deno.version.deno}\ntarget ${Deno.build.target}\n`,
    stderr: "",
  });
  const json = await runCliProcess(["--version", "--json"]);
  assertEquals(json.code, 0, json.stderr);
  assertEquals(JSON.parse(json.stdout).version, manifest.version);
});

Deno.test("deno.json is part of the module graph, so deno compile embeds it", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL("../../src/main.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "null",
  }).output();
  const graph = JSON.parse(new TextDecoder().decode(output.stdout));
  const modules = graph.modules.filter((m: { specifier: string }) =>
    m.specifier.endsWith("/deno.json")
  );
  assertEquals(modules.map((m: { mediaType: string }) => m.mediaType), ["Json"]);
});
