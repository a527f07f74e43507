import assert from "node:assert/strict";
import { permissionFlags } from "../../scripts/permissions.ts";
import { ENV_NAMES } from "../../src/config/env_names.ts";

Deno.test("permissionFlags() allows the keyring helper of the target OS, and FFI on Windows only", () => {
  const runFlags = (os: typeof Deno.build.os) =>
    permissionFlags({ os }).filter((flag) => /^--allow-(run|ffi)/.test(flag));
  assert.deepEqual(runFlags("linux"), ["--allow-run=secret-tool"]);
  assert.deepEqual(runFlags("darwin"), ["--allow-run=/usr/bin/security"]);
  assert.deepEqual(runFlags("windows"), ["--allow-ffi"]);
  assert.ok(!permissionFlags({ os: "linux" }).includes("--allow-all"));
});

Deno.test("permissionFlags() lets the CLI read the session bus variables the keyring check needs", () => {
  assert.ok(ENV_NAMES.includes("DBUS_SESSION_BUS_ADDRESS"));
  assert.ok(ENV_NAMES.includes("XDG_RUNTIME_DIR"));
  const env = permissionFlags().find((flag) => flag.startsWith("--allow-env="))!;
  assert.ok(env.split("=")[1].split(",").includes("DBUS_SESSION_BUS_ADDRESS"));
});
