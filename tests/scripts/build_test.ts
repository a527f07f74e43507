import assert from "node:assert/strict";
import { describePlan, parseBuildArgs, planBuild } from "../../scripts/build.ts";
import { permissionFlags } from "../../scripts/permissions.ts";
import { BuildError } from "../../scripts/release/build_error.ts";
import { parseChecksums, sha256Hex } from "../../scripts/release/checksums.ts";
import { TARGETS } from "../../scripts/release/targets.ts";
import { ENV_NAMES } from "../../src/config/env_names.ts";
import { readCompiledPayload } from "../support/compiled_payload.ts";
import { commandWorks, runTool } from "../support/system_tools.ts";

const BUILD = new URL("../../scripts/build.ts", import.meta.url).href;
const VERSION = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)))
  .version as string;
/** A small ELF executable: `deno compile` appends the program to it like to denort. */
const STAND_IN_RUNTIME = "/usr/bin/true";
const CAN_STAND_IN = Deno.build.os === "linux" && commandWorks(STAND_IN_RUNTIME, []);

function runBuild(args: string[], env: Record<string, string> = {}) {
  return runTool(Deno.execPath(), ["run", "--allow-all", BUILD, ...args], {
    env: { NO_COLOR: "1", ...env },
  });
}

Deno.test("parseBuildArgs() builds every target unless --target names one", () => {
  assert.deepEqual(parseBuildArgs([]).targets, TARGETS);
  assert.equal(parseBuildArgs(["--target", "x86_64-apple-darwin"]).targets[0].arch, "amd64");
  assert.equal(parseBuildArgs(["--target=windows_amd64"]).targets[0].executable, "authgate.exe");
  assert.equal(
    parseBuildArgs(["--target", "linux-arm64"]).targets[0].triple,
    "aarch64-unknown-linux-gnu",
  );
});

Deno.test("parseBuildArgs() rejects an unknown target or option with a hint", () => {
  assert.throws(() => parseBuildArgs(["--target", "solaris"]), (error: BuildError) => {
    assert.equal(error.message, 'unknown target "solaris"');
    assert.match(error.hint!, /x86_64-pc-windows-msvc \(windows_amd64\)/);
    return true;
  });
  assert.throws(() => parseBuildArgs(["--targte", "x"]), (error: BuildError) => {
    assert.match(error.hint!, /^usage: deno task compile/);
    return true;
  });
});

Deno.test("planBuild() names archives authgate_<version>_<os>_<arch> and one checksums.txt", () => {
  const plan = planBuild(parseBuildArgs(["--out", "out/"]), "1.2.3");
  assert.deepEqual(plan.steps.map((s) => s.archive), [
    "out/authgate_1.2.3_linux_amd64.tar.gz",
    "out/authgate_1.2.3_linux_arm64.tar.gz",
    "out/authgate_1.2.3_darwin_amd64.tar.gz",
    "out/authgate_1.2.3_darwin_arm64.tar.gz",
    "out/authgate_1.2.3_windows_amd64.zip",
  ]);
  assert.equal(plan.checksums, "out/checksums.txt");
  assert.equal(plan.steps[4].executable, "out/x86_64-pc-windows-msvc/authgate.exe");
});

Deno.test("build --dry-run prints the exact commands and writes nothing", async () => {
  const parent = await Deno.makeTempDir();
  const out = `${parent}/never`;
  const run = await runBuild(["--dry-run", "--target", "linux_amd64", "--out", out]);
  assert.equal(run.code, 0, run.stderr);
  const plan = planBuild(parseBuildArgs(["--target", "linux_amd64", "--out", out]), VERSION);
  assert.equal(run.stdout, describePlan(plan, Deno.execPath()).join("\n") + "\n");
  const lines = run.stdout.trim().split("\n");
  assert.equal(lines.length, 4);
  assert.ok(lines[1].startsWith(`${Deno.execPath()} compile --quiet --frozen `));
  assert.ok(lines[1].endsWith(` ${permissionFlags({ os: "linux" }).join(" ")} src/main.ts`));
  assert.equal(
    lines[2],
    `# archive ${out}/authgate_${VERSION}_linux_amd64.tar.gz: authgate, README.md, LICENSE`,
  );
  await assert.rejects(() => Deno.stat(out), Deno.errors.NotFound);
  await Deno.remove(parent);
});

Deno.test("build fails with one clear line when the compile runtime cannot be downloaded", async () => {
  // A Deno cache without the downloaded runtimes (the npm packages are shared),
  // and a proxy that refuses: the download fails on every machine.
  const denoDir = await Deno.makeTempDir();
  const out = await Deno.makeTempDir();
  try {
    const info = await runTool(Deno.execPath(), ["info", "--json"]);
    await Deno.symlink(`${JSON.parse(info.stdout).denoDir}/npm`, `${denoDir}/npm`);
    const run = await runBuild(["--target", "windows_amd64", "--out", out], {
      DENO_DIR: denoDir,
      HTTPS_PROXY: "http://127.0.0.1:9",
      https_proxy: "http://127.0.0.1:9",
      NO_PROXY: "",
    });
    assert.equal(run.code, 1);
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 2, run.stderr);
    assert.match(
      lines[0],
      /^Error: cannot download the deno compile runtime denort-x86_64-pc-windows-msvc\.zip \(Deno [\d.]+\): \S/,
    );
    assert.match(lines[1], /^Hint: .*dl\.deno\.land/);
  } finally {
    await Deno.remove(denoDir, { recursive: true });
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test({
  name: "build on a stand-in runtime compiles, archives and checksums both Linux targets",
  ignore: !CAN_STAND_IN,
  async fn() {
    const out = await Deno.makeTempDir();
    try {
      for (const target of ["linux_amd64", "linux_arm64"]) {
        const run = await runBuild(["--target", target, "--out", `${out}/${target}`], {
          DENORT_BIN: STAND_IN_RUNTIME,
        });
        assert.equal(run.code, 0, run.stderr);
      }
      const dir = `${out}/linux_arm64`;
      const archive = `authgate_${VERSION}_linux_arm64.tar.gz`;
      const sums = parseChecksums(await Deno.readTextFile(`${dir}/checksums.txt`));
      assert.deepEqual([...sums.keys()], [archive]);
      assert.equal(sums.get(archive), await sha256Hex(await Deno.readFile(`${dir}/${archive}`)));

      const list = await runTool("tar", ["-tzf", archive], { cwd: dir });
      assert.equal(list.stdout, "authgate\nREADME.md\nLICENSE\n");
      await runTool("tar", ["-xzf", archive, "authgate"], { cwd: dir });
      const binary = await Deno.readFile(`${dir}/authgate`);
      const metadata = readCompiledPayload(binary)?.metadata;
      assert.ok(metadata, "the program is embedded");
      assert.equal(metadata.entrypoint_key, "src/main.ts");
      assert.equal(metadata.log_level, "ERROR"); // --quiet travels with the binary
      assert.equal(metadata.app_version, VERSION);
      const p = metadata.permissions;
      assert.deepEqual(
        [p.allow_read, p.allow_write, p.allow_env, p.allow_run, p.allow_net, p.prompt],
        [[], [], [...ENV_NAMES], ["xdg-open", "secret-tool"], [], false],
      );
      assert.deepEqual([p.allow_sys, p.allow_ffi], [["uid"], null]);
      // deno.json rides along: `authgate version` reads the version the same way as from source.
      assert.ok(new TextDecoder().decode(binary).includes(`"version": "${VERSION}"`));
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "build --server-url on a stand-in runtime embeds the server as default and scopes net to it",
  ignore: !CAN_STAND_IN,
  async fn() {
    const out = await Deno.makeTempDir();
    try {
      const run = await runBuild(
        ["--target", "linux_amd64", "--out", out, "--server-url", "https://auth.corp.example"],
        { DENORT_BIN: STAND_IN_RUNTIME },
      );
      assert.equal(run.code, 0, run.stderr);
      const binary = await Deno.readFile(`${out}/x86_64-unknown-linux-gnu/authgate`);
      // Plus loopback, for the browser flow's callback server.
      assert.deepEqual(readCompiledPayload(binary)?.metadata.permissions.allow_net, [
        "auth.corp.example",
        "127.0.0.1",
        "[::1]",
      ]);
      assert.ok(
        new TextDecoder().decode(binary).includes(
          'BUILD_DEFAULTS: BuildDefaults = { serverUrl: "https://auth.corp.example" }',
        ),
      );
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
