import { parseArgv } from "../../src/config/argv.ts";
import type { FlagSpec } from "../../src/config/flag_spec.ts";
import { UsageError } from "../../src/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const SPECS: FlagSpec[] = [
  { name: "client-id", kind: "string", valueName: "ID", description: "client" },
  { name: "refresh-threshold", kind: "string", valueName: "DURATION", description: "window" },
  { name: "scope", kind: "string", description: "scopes" },
  { name: "json", kind: "boolean", description: "json" },
  { name: "help", kind: "boolean", short: "h", description: "help" },
  { name: "extra-claims", kind: "list", valueName: "KEY=VALUE", description: "claims" },
];

function parse(...argv: string[]) {
  const { positionals, flags } = parseArgv(argv, SPECS);
  return { positionals, flags: Object.fromEntries(flags) };
}

Deno.test("parseArgv() accepts flags before, between and after positionals", () => {
  assertEquals(parse("--client-id", "abc", "token", "--scope", "s", "get", "--json"), {
    positionals: ["token", "get"],
    flags: { "client-id": "abc", scope: "s", json: true },
  });
});

Deno.test("parseArgv() reads --flag=value and --flag value alike", () => {
  assertEquals(parse("--client-id=abc").flags, { "client-id": "abc" });
  assertEquals(parse("--client-id", "abc").flags, { "client-id": "abc" });
});

Deno.test("parseArgv() keeps everything after the first = of --flag=value", () => {
  assertEquals(parse("--scope=a=b c").flags, { scope: "a=b c" });
  assertEquals(parse("--client-id=").flags, { "client-id": "" });
});

Deno.test("parseArgv() takes the next argument as the value even when it starts with -", () => {
  assertEquals(parse("--refresh-threshold", "-5m").flags, { "refresh-threshold": "-5m" });
});

Deno.test("parseArgv() lets the last string value win", () => {
  assertEquals(parse("--client-id", "a", "--client-id=b").flags, { "client-id": "b" });
});

Deno.test("parseArgv() reads booleans, including --json=false", () => {
  assertEquals(parse("--json").flags, { json: true });
  assertEquals(parse("--json=false").flags, { json: false });
  assertEquals(parse("--json=true").flags, { json: true });
  assertEquals(parse("--json=0").flags, { json: false });
  assertEquals(parse("--json=YES").flags, { json: true });
  assertEquals(parse("--json=no").flags, { json: false });
});

Deno.test("parseArgv() does not let a boolean swallow the next argument", () => {
  assertEquals(parse("--json", "false"), { positionals: ["false"], flags: { json: true } });
});

Deno.test("parseArgv() rejects a boolean value that is not true or false", () => {
  const error = assertThrows(() => parse("--json=maybe"), UsageError, `"maybe"`);
  assertEquals(error.message, `invalid value "maybe" for --json: expected true or false`);
  assertEquals(error.exitCode, 2);
});

Deno.test("parseArgv() accumulates list flags in order", () => {
  assertEquals(parse("--extra-claims", "a=1", "x", "--extra-claims=b=2").flags, {
    "extra-claims": ["a=1", "b=2"],
  });
  assertEquals(parse("--extra-claims=only").flags, { "extra-claims": ["only"] });
});

Deno.test("parseArgv() reads short aliases under the long name", () => {
  assertEquals(parse("-h").flags, { help: true });
});

Deno.test("parseArgv() ends flags at --", () => {
  assertEquals(parse("token", "--", "--json", "--nope", "x"), {
    positionals: ["token", "--json", "--nope", "x"],
    flags: {},
  });
});

Deno.test("parseArgv() treats a lone - as a positional", () => {
  assertEquals(parse("-").positionals, ["-"]);
});

Deno.test("parseArgv() rejects an unknown flag with a did-you-mean hint", () => {
  const error = assertThrows(() => parse("token", "get", "--jsn"), UsageError, "--jsn");
  assertEquals(error.message, "unknown flag --jsn");
  assertEquals(error.hint, "did you mean --json?");
  assertEquals(error.exitCode, 2);
  assertEquals(
    assertThrows(() => parse("--client_id=x"), UsageError).hint,
    "did you mean --client-id?",
  );
});

Deno.test("parseArgv() points to --help when no flag is close", () => {
  const error = assertThrows(() => parse("--completely-different"), UsageError);
  assertEquals(error.message, "unknown flag --completely-different");
  assertEquals(error.hint, "run 'authgate --help' for the flags");
  assertThrows(() => parse("-x"), UsageError, "unknown flag -x");
});

Deno.test("parseArgv() names the flag whose value is missing", () => {
  const error = assertThrows(() => parse("token", "get", "--client-id"), UsageError);
  assertEquals(error.message, "flag --client-id needs a value (ID)");
  assertEquals(error.exitCode, 2);
  assertThrows(() => parse("--scope"), UsageError, "flag --scope needs a value (VALUE)");
  assertThrows(() => parse("--extra-claims"), UsageError, "--extra-claims needs a value");
});

Deno.test("parseArgv() rejects a value outside a flag's choices, with a suggestion", () => {
  const specs: FlagSpec[] = [
    { name: "format", kind: "string", choices: ["plain", "json"], description: "" },
  ];
  const error = assertThrows(() => parseArgv(["--format", "jsno"], specs), UsageError);
  assertEquals(error.message, 'invalid value "jsno" for --format: expected one of plain, json');
  assertEquals(error.hint, "did you mean --format json?");
  assertEquals(parseArgv(["--format=json"], specs).flags.get("format"), "json");
});
