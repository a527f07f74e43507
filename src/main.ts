/**
 * The authgate executable. Kept tiny: the fresh `token get` path must start
 * fast, so everything heavier is imported lazily further in.
 * @module
 */

import { runCli } from "./cli.ts";
import { processDeps } from "./deps.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args, processDeps()));
}
