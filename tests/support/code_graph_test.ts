import assert from "node:assert/strict";
import { codeGraph, type DenoInfo } from "./code_graph.ts";

const ROOT = "/project/";
const code = (specifier: string) => ({ code: { specifier } });

function info(modules: DenoInfo["modules"]): DenoInfo {
  return {
    roots: ["file:///project/src/main.ts"],
    redirects: { "npm:lib@1.0.0": "npm:/lib@1.0.0" },
    modules,
    npmPackages: {
      "lib@1.0.0": { dependencies: ["dep@2.0.0"] },
      "dep@2.0.0": { dependencies: [] },
      "dev@3.0.0": { dependencies: [] },
    },
  };
}

Deno.test("codeGraph() follows static and dynamic code imports, not type-only ones", () => {
  const graph = codeGraph(
    info([
      {
        specifier: "file:///project/src/main.ts",
        kind: "esm",
        dependencies: [code("file:///project/src/lazy.ts"), code("node:util"), {
          type: { specifier: "file:///project/src/types.ts" },
        }],
      },
      {
        specifier: "file:///project/src/lazy.ts",
        kind: "esm",
        dependencies: [code("npm:lib@1.0.0")],
      },
      { specifier: "file:///project/src/types.ts", kind: "esm" },
      { specifier: "npm:/lib@1.0.0", kind: "npm" },
    ]),
    ROOT,
  );
  assert.deepEqual(graph, {
    localModules: ["src/main.ts", "src/lazy.ts"],
    remoteModules: [],
    npmPackages: ["lib@1.0.0", "dep@2.0.0"],
  });
});

Deno.test("codeGraph() refuses a graph with an unresolved module", () => {
  assert.throws(
    () =>
      codeGraph(
        info([{ specifier: "file:///project/src/main.ts", error: "Module not found" }]),
        ROOT,
      ),
    /file:\/\/\/project\/src\/main.ts: Module not found/,
  );
});
