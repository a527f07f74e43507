import assert from "node:assert/strict";
import { permissionFlags, runPrograms } from "../../scripts/permissions.ts";
import { ENV_NAMES } from "../../src/config/env_names.ts";

Deno.test("permissionFlags() is read, write, scoped env, scoped run, net, no-prompt and nothing else", () => {
  assert.deepEqual(permissionFlags({ os: "linux" }), [
    "--allow-read",
    "--allow-write",
    `--allow-env=${ENV_NAMES.join(",")}`,
    "--allow-run=xdg-open",
    "--allow-net",
    "--no-prompt",
  ]);
});

Deno.test("permissionFlags() never grants sys, ffi, import or everything", () => {
  for (const os of ["linux", "darwin", "windows"] as const) {
    for (const flag of permissionFlags({ os })) {
      assert.doesNotMatch(flag, /^--allow-(sys|ffi|import|all)|^-A$/, flag);
    }
  }
});

Deno.test("runPrograms() names the browser launcher of each target OS", () => {
  assert.deepEqual(runPrograms("linux"), ["xdg-open"]);
  assert.deepEqual(runPrograms("darwin"), ["open"]);
  assert.deepEqual(runPrograms("windows"), ["rundll32"]);
  assert.ok(permissionFlags({ os: "windows" }).includes("--allow-run=rundll32"));
});

Deno.test("permissionFlags() scopes net to one host for in-house builds", () => {
  const flags = permissionFlags({ os: "linux", netHost: "auth.corp.example:8443" });
  // The browser flow's loopback callback server stays allowed.
  assert.ok(flags.includes("--allow-net=auth.corp.example:8443,127.0.0.1,[::1]"));
  assert.ok(!flags.includes("--allow-net"));
});

Deno.test("ENV_NAMES lists the variables the main flow reads", () => {
  const loginNames = [
    ...["SSH_TTY", "SSH_CLIENT", "SSH_CONNECTION", "DISPLAY", "WAYLAND_DISPLAY", "BROWSER"],
    ...["TERM", "NO_COLOR", "CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI"],
    ...["JENKINS_URL", "TF_BUILD"],
  ];
  for (const name of loginNames) assert.ok(ENV_NAMES.includes(name), name);
  assert.equal(new Set(ENV_NAMES).size, ENV_NAMES.length, "no duplicates");
});
