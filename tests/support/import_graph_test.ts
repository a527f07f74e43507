import { assertEquals } from "./assert.ts";
import { importGraph, moduleImports } from "./import_graph.ts";
import { withTempDir } from "./temp_dir.ts";

Deno.test("moduleImports() tells static, type-only and dynamic imports apart", () => {
  const source = [
    'import type { A } from "./a.ts";',
    'import { b } from "./b.ts";',
    'export { c } from "./c.ts";',
    'import * as d from "oauth4webapi";',
    'const e = await import("./e.ts");',
    'import {\n  f,\n  type G,\n} from "./f.ts";',
    'export type { H } from "./h.ts";',
    'import "./i.ts";',
    '/** @throws {import("./j.ts").J} */',
  ].join("\n");
  assertEquals(moduleImports(source), [
    { specifier: "./a.ts", kind: "type" },
    { specifier: "./b.ts", kind: "static" },
    { specifier: "./c.ts", kind: "static" },
    { specifier: "oauth4webapi", kind: "static" },
    { specifier: "./e.ts", kind: "dynamic" },
    { specifier: "./f.ts", kind: "static" },
    { specifier: "./h.ts", kind: "type" },
    { specifier: "./i.ts", kind: "static" },
    { specifier: "./j.ts", kind: "dynamic" },
  ]);
});

Deno.test("importGraph() follows only the kinds asked for, from the entries", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/a.ts`,
      'import { b } from "./b.ts";\nimport type { C } from "./c.ts";\nimport("./d.ts");\n',
    );
    await Deno.writeTextFile(`${dir}/b.ts`, 'import "npm:x";\n');
    await Deno.writeTextFile(`${dir}/c.ts`, "");
    await Deno.writeTextFile(`${dir}/d.ts`, "");
    const entry = new URL(`file://${dir}/a.ts`);
    const name = (href: string) => href.replace(`file://${dir}/`, "");
    const names = (graph: Map<string, string[]>) =>
      [...graph].map(([from, to]) => [name(from), to.map(name)]).sort();
    assertEquals(names(await importGraph([entry], (kind) => kind === "static")), [
      ["a.ts", ["b.ts"]],
      ["b.ts", ["npm:x"]],
      ["npm:x", []],
    ]);
    assertEquals(names(await importGraph([entry], () => true)).map(([from]) => from), [
      "a.ts",
      "b.ts",
      "c.ts",
      "d.ts",
      "npm:x",
    ]);
  });
});
