/**
 * `deno task authgate`: runs `src/main.ts` with the release permission set,
 * forwarding arguments, stdio and the exit code.
 * @module
 */

import { ENTRY_POINT, permissionFlags } from "./permissions.ts";

// The child gets Ctrl-C from the terminal itself; we only wait for its exit code.
Deno.addSignalListener("SIGINT", () => {});
const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "--quiet", ...permissionFlags(), ENTRY_POINT.pathname, ...Deno.args],
  stdin: "inherit",
  stdout: "inherit",
  stderr: "inherit",
}).spawn();
const status = await child.status;
Deno.exit(status.signal === "SIGINT" ? 130 : status.code);
