/**
 * The import graph of local modules, read from their source text: what each
 * module imports, and the modules reachable from some entries. Reads the
 * source rather than `deno info` because the checks built on it need the kind
 * of each import (a type-only import is erased at run time; `deno info` drops
 * it), and need no subprocess.
 * @module
 */

/** How a module refers to another. */
export type ImportKind = "static" | "type" | "dynamic";

/** One import of a module. */
export interface ModuleImport {
  /** The specifier as written (`./x.ts`, `oauth4webapi`). */
  specifier: string;
  /** `static`: loaded before the module runs; `type`: erased; `dynamic`: `import("...")`. */
  kind: ImportKind;
}

const DECLARATION =
  /^(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+"([^"]+)"|^import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm;

/**
 * The imports of a module's source: `import`/`export ... from` declarations
 * (`import type`/`export type` as `type`), side-effect imports, and
 * `import("...")` with a literal specifier (also a JSDoc `import("...").T`).
 *
 * @param source The module's text.
 * @returns Its imports, in source order.
 */
export function moduleImports(source: string): ModuleImport[] {
  return [...source.matchAll(DECLARATION)].map((m): ModuleImport => {
    if (m[4] !== undefined) return { specifier: m[4], kind: "dynamic" };
    if (m[3] !== undefined) return { specifier: m[3], kind: "static" };
    return { specifier: m[2], kind: m[1] ? "type" : "static" };
  });
}

/**
 * Walks the import graph from `entries`, following the imports `follow` accepts.
 * Relative specifiers resolve against the importing module; others (npm:,
 * node:, bare names) are nodes without edges.
 *
 * @param entries The modules to start from.
 * @param follow Which imports to follow.
 * @returns Each reached module (`href`) and the modules it imports.
 */
export async function importGraph(
  entries: readonly URL[],
  follow: (kind: ImportKind) => boolean,
): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  const queue = entries.map((entry) => entry.href);
  for (let href = queue.pop(); href !== undefined; href = queue.pop()) {
    if (graph.has(href)) continue;
    if (!href.startsWith("file:")) {
      graph.set(href, []);
      continue;
    }
    const targets = moduleImports(await Deno.readTextFile(new URL(href)))
      .filter((i) => follow(i.kind))
      .map((i) => i.specifier.startsWith(".") ? new URL(i.specifier, href).href : i.specifier);
    graph.set(href, [...new Set(targets)]);
    queue.push(...targets);
  }
  return graph;
}
