import { parseArgv } from "../../src/config/argv.ts";
import type { FlagSpec } from "../../src/config/flag_spec.ts";
import { UsageError } from "../../src/ui/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const SPECS: FlagSpec[] = [
  { name: "client-id", kind: "string", description: "" },
  { name: "json", kind: "boolean", description: "" },
  { name: "help", short: "h", kind: "boolean", description: "" },
  { name: "extra-claims", kind: "list", description: "" },
  { name: "format", kind: "string", choices: ["plain", "json"], description: "" },
];

Deno.test("parseArgv() takes flags before and after the subcommand", () => {
  const before = parseArgv(["--client-id", "X", "token", "get"], SPECS);
  const after = parseArgv(["token", "get", "--client-id", "X"], SPECS);
  assertEquals(before, after);
  assertEquals(before.positionals, ["token", "get"]);
  assertEquals(before.flags.get("client-id"), "X");
});

Deno.test("parseArgv() accepts --flag=value and --flag value alike", () => {
  assertEquals(
    parseArgv(["--client-id=a=b"], SPECS).flags.get("client-id"),
    "a=b",
    "only the first = separates",
  );
  assertEquals(parseArgv(["--client-id", "--json"], SPECS).flags.get("client-id"), "--json");
  assertEquals(parseArgv(["--json=false"], SPECS).flags.get("json"), false);
  assertEquals(parseArgv(["-h"], SPECS).flags.get("help"), true);
});

Deno.test("parseArgv() ends flags at --", () => {
  const parsed = parseArgv(["help", "--", "--json", "-h"], SPECS);
  assertEquals(parsed.positionals, ["help", "--json", "-h"]);
  assertEquals(parsed.flags.size, 0);
});

Deno.test("parseArgv() collects a repeatable flag in order", () => {
  const parsed = parseArgv(["--extra-claims", "a=1", "token", "--extra-claims=b=2"], SPECS);
  assertEquals(parsed.flags.get("extra-claims"), ["a=1", "b=2"]);
});

Deno.test("parseArgv() suggests the closest flag for an unknown one", () => {
  const error = assertThrows(() => parseArgv(["--client-di", "x"], SPECS), UsageError);
  assertEquals([error.message, error.hint], [
    "unknown flag --client-di",
    "did you mean --client-id?",
  ]);
  assertEquals(error.exitCode, 2);
});

Deno.test("parseArgv() rejects a value outside a flag's choices, with a suggestion", () => {
  const error = assertThrows(() => parseArgv(["--format", "jsno"], SPECS), UsageError);
  assertEquals(error.message, 'invalid value "jsno" for --format: expected one of plain, json');
  assertEquals(error.hint, "did you mean --format json?");
});

Deno.test("parseArgv() names the flag whose value is missing", () => {
  assertThrows(
    () => parseArgv(["token", "--client-id"], SPECS),
    UsageError,
    "--client-id needs a value",
  );
});
