import assert from "node:assert/strict";
import {
  authgateTaskCommand,
  permissionFlags,
  RELEASE_ENV_FILE,
  runPrograms,
} from "../../scripts/permissions.ts";
import { withAuthgateTask } from "../../scripts/sync_task.ts";
import { ENV_NAMES } from "../../src/config/env_names.ts";

Deno.test("permissionFlags() is read, write, scoped env, scoped run, sys=uid, net, no-prompt and nothing else", () => {
  assert.deepEqual(permissionFlags({ os: "linux" }), [
    "--allow-read",
    "--allow-write",
    `--allow-env=${ENV_NAMES.join(",")}`,
    "--allow-run=xdg-open,secret-tool",
    // The file checks tell the user's own files from someone else's.
    "--allow-sys=uid",
    "--allow-net",
    "--no-prompt",
  ]);
});

Deno.test("permissionFlags() grants sys for the uid only, never import or everything, and ffi only on Windows", () => {
  for (const os of ["linux", "darwin", "windows"] as const) {
    for (const flag of permissionFlags({ os })) {
      if (flag.startsWith("--allow-sys")) assert.equal(flag, "--allow-sys=uid");
      assert.doesNotMatch(flag, /^--allow-(import|all)|^-A$/, flag);
      if (os !== "windows") assert.doesNotMatch(flag, /^--allow-ffi/, flag);
    }
  }
  // Credential Manager has no helper that keeps the secret off argv: FFI, unscoped (system DLLs).
  assert.ok(permissionFlags({ os: "windows" }).includes("--allow-ffi"));
});

Deno.test("runPrograms() names the browser launcher and the keyring helper of each target OS", () => {
  assert.deepEqual(runPrograms("linux"), ["xdg-open", "secret-tool"]);
  assert.deepEqual(runPrograms("darwin"), ["open", "/usr/bin/security"]);
  assert.deepEqual(runPrograms("windows"), ["rundll32"]);
  assert.ok(permissionFlags({ os: "windows" }).includes("--allow-run=rundll32"));
  // One --allow-run flag: a second one would replace the first, not add to it.
  for (const os of ["linux", "darwin", "windows"] as const) {
    assert.equal(permissionFlags({ os }).filter((f) => f.startsWith("--allow-run")).length, 1);
  }
});

Deno.test("permissionFlags() scopes net to one host for in-house builds", () => {
  const flags = permissionFlags({ os: "linux", netHost: "auth.corp.example:8443" });
  // The browser flow's loopback callback server stays allowed.
  assert.ok(flags.includes("--allow-net=auth.corp.example:8443,127.0.0.1,[::1]"));
  assert.ok(!flags.includes("--allow-net"));
});

Deno.test("permissionFlags() lets the CLI read the session bus variables the keyring check needs", () => {
  assert.ok(ENV_NAMES.includes("DBUS_SESSION_BUS_ADDRESS"));
  assert.ok(ENV_NAMES.includes("XDG_RUNTIME_DIR"));
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

Deno.test("deno task authgate is one deno run of src/main.ts with the release flags (current in deno.json)", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.equal(
    config.tasks.authgate,
    authgateTaskCommand(),
    "deno.json is stale: run `deno task sync-task`",
  );
  const flags = authgateTaskCommand().split(" ");
  assert.deepEqual(flags.slice(0, 5), [
    "deno",
    "run",
    "--quiet",
    "--unstable-lazy-dynamic-imports",
    `--env-file=${RELEASE_ENV_FILE}`,
  ]);
  assert.equal(flags.at(-1), "src/main.ts");
  // The release set but for --allow-run (every OS's programs) and no FFI.
  const linux = permissionFlags({ os: "linux" });
  assert.deepEqual(
    flags.filter((f) => f.startsWith("--") && !f.startsWith("--allow-run")).slice(3),
    linux.filter((f) => !f.startsWith("--allow-run")),
  );
  assert.ok(flags.includes("--allow-run=xdg-open,secret-tool,open,/usr/bin/security,rundll32"));
});

Deno.test("deno.json enables no unstable feature: lazy-dynamic-imports there empties the binary", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.equal(config.unstable, undefined);
  for (const [name, command] of Object.entries(config.tasks as Record<string, string>)) {
    if (name !== "authgate") assert.doesNotMatch(command, /lazy-dynamic-imports/, name);
  }
});

Deno.test("withAuthgateTask() rewrites only the authgate task line", () => {
  const config = '{\n  "tasks": {\n    "authgate": "old \\"x\\"",\n    "test": "t"\n  }\n}\n';
  assert.equal(
    withAuthgateTask(config, 'deno run "a"'),
    '{\n  "tasks": {\n    "authgate": "deno run \\"a\\"",\n    "test": "t"\n  }\n}\n',
  );
  assert.throws(() => withAuthgateTask("{}", "x"), /no "authgate" task line/);
});
