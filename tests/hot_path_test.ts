/**
 * The fresh `token get` path must not load protocol code or `node:` built-ins
 * (they cost start-up time on every call). This walks the static import graph
 * of src/main.ts, the code Deno loads before anything runs, and checks it.
 */

import { assert, assertEquals } from "./support/assert.ts";
import { importGraph } from "./support/import_graph.ts";

async function staticGraph(entry: URL): Promise<Set<string>> {
  return new Set((await importGraph([entry], (kind) => kind === "static")).keys());
}

Deno.test("src/main.ts statically loads no protocol code and no node: built-ins", async () => {
  const graph = await staticGraph(new URL("../src/main.ts", import.meta.url));
  assert(graph.size > 10, `the walk found the graph (${graph.size} modules)`);
  const heavy = [...graph].filter((m) => !m.startsWith("file:") || m.includes("/src/oauth/"));
  assertEquals(heavy, []);
});

Deno.test("src/main.ts statically loads no keyring backend, key or encryption code", async () => {
  const graph = await staticGraph(new URL("../src/main.ts", import.meta.url));
  const keyring = [...graph].filter((m) =>
    (m.includes("/src/platform/keyring/") && !m.endsWith("/keyring_presence.ts")) ||
    /\/src\/store\/(keyring_store|master_key|encrypted_codec)\.ts$/.test(m)
  );
  assertEquals(keyring, []);
});
