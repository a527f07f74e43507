import assert from "node:assert/strict";
import { DENO_IMPLICIT_IMPORT_HOSTS, permissionOptionsFromFlags } from "./permission_options.ts";

Deno.test("permissionOptionsFromFlags() gives every field, with Deno's defaults for the rest", () => {
  const fields = ["allow_read", "allow_env", "deny_net", "allow_import", "prompt"];
  assert.deepEqual(
    permissionOptionsFromFlags(["--allow-read", "--allow-env=A,B", "--no-prompt"], fields),
    {
      allow_read: [],
      allow_env: ["A", "B"],
      deny_net: null,
      allow_import: DENO_IMPLICIT_IMPORT_HOSTS,
      prompt: false,
    },
  );
  assert.throws(() => permissionOptionsFromFlags(["--allow-all"], fields), /--allow-all/);
});
