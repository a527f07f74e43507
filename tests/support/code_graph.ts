/**
 * The modules a program can load, from `deno info --json <entry>`: what
 * `deno compile` must embed. Starts at the roots and follows code
 * dependencies, static and dynamic (`import()`), but not type-only ones
 * (`import type` is erased, and Deno does not embed a module only types
 * reach); npm packages with their dependencies, transitively.
 * @module
 */

import { relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The parts of `deno info --json` the graph is read from. */
export interface DenoInfo {
  roots: string[];
  redirects: Record<string, string>;
  modules: {
    specifier: string;
    kind?: string;
    error?: string;
    /** `code`: loaded at run time (statically or by `import()`); `type`: types only. */
    dependencies?: { code?: { specifier: string }; type?: { specifier: string } }[];
  }[];
  npmPackages: Record<string, { dependencies: string[] }>;
}

/** The code graph of a program. */
export interface CodeGraph {
  /** Local modules, relative to the project root, `/`-separated. */
  localModules: string[];
  /** Modules fetched from elsewhere (`https:`, `jsr:`). */
  remoteModules: string[];
  /** npm packages (`name@version`), with their dependencies. */
  npmPackages: string[];
}

/** `name@version` of an npm module specifier (`npm:/name@1.2.3/sub/path`). */
function npmPackageId(specifier: string): string {
  const path = specifier.replace(/^npm:\/?/, "");
  const parts = path.split("/");
  return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * Reads the code graph out of `deno info --json`.
 *
 * @param info The parsed output.
 * @param root The project root (a directory path).
 * @returns Local and remote modules, npm packages.
 * @throws {Error} when a module of the graph could not be resolved.
 */
export function codeGraph(info: DenoInfo, root: string): CodeGraph {
  const modules = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const pending = [...info.roots];
  const graph = { localModules: [] as string[], remoteModules: [] as string[] };
  const npm = new Set<string>();
  for (let specifier = pending.pop(); specifier !== undefined; specifier = pending.pop()) {
    specifier = info.redirects[specifier] ?? specifier;
    if (seen.has(specifier) || specifier.startsWith("node:")) continue;
    seen.add(specifier);
    const module = modules.get(specifier);
    if (!module || module.error) {
      throw new Error(`deno info: ${specifier}: ${module?.error ?? "not in the graph"}`);
    }
    if (module.kind === "npm") npm.add(npmPackageId(specifier));
    else if (specifier.startsWith("file:")) {
      graph.localModules.push(relative(root, fileURLToPath(specifier)).replaceAll("\\", "/"));
    } else graph.remoteModules.push(specifier);
    for (const dependency of module.dependencies ?? []) {
      if (dependency.code) pending.push(dependency.code.specifier);
    }
  }
  const npmPending = [...npm];
  for (let id = npmPending.pop(); id !== undefined; id = npmPending.pop()) {
    const npmPackage = info.npmPackages[id];
    if (!npmPackage) throw new Error(`deno info: npm package ${id} is not resolved`);
    for (const dependency of npmPackage.dependencies) {
      if (npm.has(dependency)) continue;
      npm.add(dependency);
      npmPending.push(dependency);
    }
  }
  return { ...graph, npmPackages: [...npm] };
}
