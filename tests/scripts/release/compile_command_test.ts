import assert from "node:assert/strict";
import { permissionFlags } from "../../../scripts/permissions.ts";
import { compileArgs, shellCommand } from "../../../scripts/release/compile_command.ts";
import { findTarget, TARGETS } from "../../../scripts/release/targets.ts";

Deno.test("compileArgs() compiles src/main.ts for the target with its OS's permission set", () => {
  const target = findTarget("darwin_arm64")!;
  assert.deepEqual(compileArgs(target, { output: "dist/aarch64-apple-darwin/authgate" }), [
    "compile",
    "--quiet",
    "--frozen",
    "--exclude-unused-npm",
    "--include",
    "deno.json",
    "--env-file=scripts/release.env",
    "--target",
    "aarch64-apple-darwin",
    "--output",
    "dist/aarch64-apple-darwin/authgate",
    ...permissionFlags({ os: "darwin" }),
    "src/main.ts",
  ]);
});

Deno.test("compileArgs() scopes net and swaps the defaults module for an in-house build", () => {
  const args = compileArgs(findTarget("linux_amd64")!, {
    output: "out/authgate",
    netHost: "auth.corp.example",
    importMap: "out/.build/import_map.json",
  });
  assert.deepEqual(args.slice(args.indexOf("--import-map"), args.indexOf("--import-map") + 2), [
    "--import-map",
    "out/.build/import_map.json",
  ]);
  assert.ok(args.includes("--allow-net=auth.corp.example,127.0.0.1,[::1]"));
  assert.ok(!args.includes("--allow-net"));
});

Deno.test("compileArgs() gives every target its own triple and run permission", () => {
  const runFlags = TARGETS.map((t) => compileArgs(t, { output: "x" }))
    .map((
      args,
    ) => [args[args.indexOf("--target") + 1], args.find((a) => a.startsWith("--allow-run="))]);
  assert.deepEqual(runFlags, [
    ["x86_64-unknown-linux-gnu", "--allow-run=xdg-open,secret-tool"],
    ["aarch64-unknown-linux-gnu", "--allow-run=xdg-open,secret-tool"],
    ["x86_64-apple-darwin", "--allow-run=open,/usr/bin/security"],
    ["aarch64-apple-darwin", "--allow-run=open,/usr/bin/security"],
    ["x86_64-pc-windows-msvc", "--allow-run=rundll32"],
  ]);
});

Deno.test("shellCommand() leaves plain words bare and quotes the rest", () => {
  assert.equal(
    shellCommand(["deno", "--allow-env=A,B", "dir with space/x", "it's"]),
    `deno --allow-env=A,B 'dir with space/x' 'it'\\''s'`,
  );
});
