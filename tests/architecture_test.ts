/**
 * The layers of src/ point one way. Every module may import its own layer and
 * the layers below it, never one above, and no module reaches itself through
 * its imports. This walks every module of src/ and every import it writes:
 * static, type-only (erased at run time, but still a dependence), and
 * `import("...")` with a literal specifier.
 */

import { assert, assertEquals } from "./support/assert.ts";
import { importGraph } from "./support/import_graph.ts";

/**
 * The layers, top to bottom (README's Development section shows the same
 * table). An entry is a folder (`commands/`) or a module (`main.ts`) of src/.
 */
const LAYERS: readonly { name: string; members: readonly string[] }[] = [
  { name: "entry", members: ["main.ts", "cli.ts"] },
  { name: "commands", members: ["commands/"] },
  { name: "presentation", members: ["ui/"] },
  { name: "use cases", members: ["usecases/"] },
  { name: "protocol, store", members: ["oauth/", "store/"] },
  { name: "token, config", members: ["token/", "config/"] },
  { name: "platform", members: ["platform/"] },
  { name: "text, json", members: ["text/", "json/"] },
  { name: "bottom", members: ["errors.ts", "failure_hint.ts", "deps.ts"] },
];

const SRC = new URL("../src/", import.meta.url);

/** A module's path under src/ (`commands/login.ts`), or undefined outside src/. */
function srcPath(href: string): string | undefined {
  return href.startsWith(SRC.href) ? href.slice(SRC.href.length) : undefined;
}

/** The index of a src/ module's layer in {@linkcode LAYERS} (0 is the top). */
function layerOf(path: string): number {
  const index = LAYERS.findIndex((layer) =>
    layer.members.some((member) => member.endsWith("/") ? path.startsWith(member) : path === member)
  );
  if (index < 0) throw new Error(`src/${path} is in no layer: add it to LAYERS`);
  return index;
}

async function srcModules(dir: URL): Promise<URL[]> {
  const modules: URL[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) modules.push(...await srcModules(url));
    else if (entry.name.endsWith(".ts")) modules.push(url);
  }
  return modules;
}

/** The import graph of src/ among src/ modules, by path under src/. */
async function srcGraph(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for (const [from, to] of await importGraph(await srcModules(SRC), () => true)) {
    const path = srcPath(from);
    if (path !== undefined) graph.set(path, to.flatMap((href) => srcPath(href) ?? []));
  }
  return graph;
}

/** Every import that points up the layer order, as `from -> to`. */
function upwardImports(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([from, to]) =>
    to.filter((target) => layerOf(target) < layerOf(from)).map((target) => `${from} -> ${target}`)
  ).sort();
}

/** The import circles: each strongly connected set of more than one module (or a self-import). */
function importCircles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm: one pass, each set found once.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const set: string[] = [];
    for (let member = stack.pop()!;; member = stack.pop()!) {
      onStack.delete(member);
      set.push(member);
      if (member === node) break;
    }
    if (set.length > 1 || (graph.get(node) ?? []).includes(node)) circles.push(set.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return circles;
}

Deno.test("every module of src/ is in a layer and no import points up the layers", async () => {
  const graph = await srcGraph();
  assert(graph.size > 100, `the walk found src/ (${graph.size} modules)`);
  assertEquals(upwardImports(graph), []);
});

Deno.test("src/ has no import circles", async () => {
  assertEquals(importCircles(await srcGraph()), []);
});

Deno.test("the checks catch an upward import and a circle", () => {
  const graph = new Map([
    ["errors.ts", ["commands/a.ts"]],
    ["commands/a.ts", ["commands/b.ts", "errors.ts"]],
    ["commands/b.ts", ["commands/a.ts"]],
  ]);
  assertEquals(upwardImports(graph), ["errors.ts -> commands/a.ts"]);
  assertEquals(importCircles(graph), [["commands/a.ts", "commands/b.ts", "errors.ts"]]);
});
