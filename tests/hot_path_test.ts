/**
 * The fresh `token get` path must not load protocol code or `node:` built-ins
 * (they cost start-up time on every call). This walks the static import graph
 * of src/main.ts, the code Deno loads before anything runs, and checks it.
 */

import { assert, assertEquals } from "./support/assert.ts";

const STATIC_IMPORT =
  /^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+"([^"]+)"|^import\s+"([^"]+)"/gm;

/** Static, non-type-only import specifiers of a module's source. */
export function staticImports(source: string): string[] {
  return [...source.matchAll(STATIC_IMPORT)].map((m) => m[1] ?? m[2]);
}

async function staticGraph(entry: URL): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = [entry.href];
  while (queue.length > 0) {
    const href = queue.pop()!;
    if (seen.has(href)) continue;
    seen.add(href);
    if (!href.startsWith("file:")) continue;
    for (const specifier of staticImports(await Deno.readTextFile(new URL(href)))) {
      queue.push(specifier.startsWith(".") ? new URL(specifier, href).href : specifier);
    }
  }
  return seen;
}

Deno.test("staticImports() skips type-only imports and dynamic imports", () => {
  const source = [
    'import type { A } from "./a.ts";',
    'import { b } from "./b.ts";',
    'export { c } from "./c.ts";',
    'import * as d from "oauth4webapi";',
    'const e = await import("./e.ts");',
    'import {\n  f,\n  type G,\n} from "./f.ts";',
  ].join("\n");
  assertEquals(staticImports(source), ["./b.ts", "./c.ts", "oauth4webapi", "./f.ts"]);
});

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
