/** The release permission set grants what the main flow needs, and no more. */

import { permissionFlags } from "../../scripts/permissions.ts";
import { ENV_NAMES } from "../../src/config/env_names.ts";
import { assert, assertEquals } from "../support/assert.ts";

Deno.test("permissionFlags() lets the CLI run the browser launchers only", () => {
  const run = permissionFlags().filter((flag) => flag.startsWith("--allow-run"));
  assertEquals(run, ["--allow-run=xdg-open,open,rundll32"]);
});

Deno.test("permissionFlags() with a scoped server host still allows the loopback callback", () => {
  assert(
    permissionFlags({ netHost: "auth.example.com" }).includes(
      "--allow-net=auth.example.com,127.0.0.1,[::1]",
    ),
  );
});

Deno.test("ENV_NAMES lists the variables the main flow reads", () => {
  for (
    const name of [
      "SSH_TTY",
      "SSH_CLIENT",
      "SSH_CONNECTION",
      "DISPLAY",
      "WAYLAND_DISPLAY",
      "BROWSER",
      "TERM",
      "NO_COLOR",
      "CI",
      "GITHUB_ACTIONS",
      "GITLAB_CI",
      "BUILDKITE",
      "CIRCLECI",
      "JENKINS_URL",
      "TF_BUILD",
    ]
  ) {
    assert(ENV_NAMES.includes(name), name);
  }
  assertEquals(new Set(ENV_NAMES).size, ENV_NAMES.length, "no duplicates");
});
