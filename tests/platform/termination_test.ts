/**
 * SIGINT/SIGTERM with a registered cleanup, in a child process under the
 * release permissions: the cleanup runs and the exit code is 130/143; with no
 * cleanup registered (any more) the signal has its default effect.
 */

import { releaseRunArgs } from "../../scripts/permissions.ts";
import { assertEquals } from "../support/assert.ts";
import { withTempDir } from "../support/temp_dir.ts";

const TERMINATION = new URL("../../src/platform/termination.ts", import.meta.url).href;

const CHILD = `import { cleanUpOnTermination } from ${JSON.stringify(TERMINATION)};
const stopFirst = cleanUpOnTermination(() => console.log("first cleanup"));
const stopSecond = cleanUpOnTermination(() => console.log("second cleanup"));
stopFirst();
if (Deno.args[0] === "none") stopSecond();
console.log("ready");
setTimeout(() => {}, 60_000);`;

async function signalChild(mode: "registered" | "none", signal: Deno.Signal) {
  return await withTempDir(async (dir) => {
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(script, CHILD);
    const child = new Deno.Command(Deno.execPath(), {
      args: releaseRunArgs(script, [mode]),
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = child.stdout.getReader();
    let text = "";
    while (!text.includes("ready\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    child.kill(signal);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += new TextDecoder().decode(chunk.value);
    }
    const status = await child.status;
    return { code: status.code, signal: status.signal, stdout: text };
  });
}

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  Deno.test(`cleanUpOnTermination(): ${signal} runs the registered cleanups and exits ${code}`, async () => {
    assertEquals(await signalChild("registered", signal), {
      code,
      signal: null,
      stdout: "ready\nsecond cleanup\n",
    });
  });

  Deno.test(`cleanUpOnTermination(): with none registered, ${signal} keeps its default effect`, async () => {
    const result = await signalChild("none", signal);
    assertEquals({ signal: result.signal, stdout: result.stdout }, { signal, stdout: "ready\n" });
  });
}
