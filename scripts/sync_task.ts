/**
 * `deno task sync-task`: writes the command line of `deno task authgate` into
 * `deno.json` from `scripts/permissions.ts` (run it after adding a setting:
 * its variable joins `--allow-env`). A test fails while the two differ.
 * @module
 */

import { authgateTaskCommand } from "./permissions.ts";

const CONFIG = new URL("../deno.json", import.meta.url);

/**
 * Replaces the `authgate` task's command line in `deno.json`'s text, leaving
 * the rest of the file as it is.
 *
 * @param config The text of `deno.json`.
 * @param command The new command line.
 * @returns The new text.
 * @throws {Error} when the file has no `"authgate"` task line.
 */
export function withAuthgateTask(config: string, command: string): string {
  const line = /^(\s*"authgate": )"(?:[^"\\]|\\.)*"/m;
  if (!line.test(config)) throw new Error('deno.json has no "authgate" task line');
  return config.replace(line, (_, key) => `${key}${JSON.stringify(command)}`);
}

if (import.meta.main) {
  const config = await Deno.readTextFile(CONFIG);
  const updated = withAuthgateTask(config, authgateTaskCommand());
  if (updated !== config) await Deno.writeTextFile(CONFIG, updated);
  console.error(updated === config ? "deno.json: authgate task is current" : "deno.json: updated");
}
