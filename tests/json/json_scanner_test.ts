import { JsonSyntaxError, skipSpace, skipValue } from "../../src/json/json_scanner.ts";
import { assertEquals } from "../support/assert.ts";

/** Whether the scanner accepts `text` as one JSON value (with surrounding space). */
function scans(text: string): boolean {
  const bytes = new TextEncoder().encode(text);
  try {
    const end = skipValue(bytes, skipSpace(bytes, 0));
    return skipSpace(bytes, end) === bytes.length;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return false;
    throw error;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

Deno.test("skipValue() accepts exactly what JSON.parse accepts", () => {
  const cases = [
    "0",
    "-0",
    "1",
    "-1",
    "01",
    "1.",
    ".5",
    "1.5",
    "1e5",
    "1E+5",
    "1e-5",
    "1e",
    "-",
    "+1",
    "2.5e3",
    "12345678901234567890123",
    "true",
    "false",
    "null",
    "tru",
    "nul",
    "True",
    '""',
    '"a"',
    '"\\"',
    '"\\u00e9"',
    '"\\u00g9"',
    '"\\x"',
    '"\\/\\b\\f\\n\\r\\t"',
    '"\t"',
    '"\u007f"',
    '"é ✓"',
    "[]",
    "[1,]",
    "[,1]",
    "[1 2]",
    "[[[]]]",
    "{}",
    '{"a":1}',
    '{"a":1,}',
    '{"a" 1}',
    "{a:1}",
    '{"a":{"b":[1,{"c":null}]}}',
    " \n\t{} \r\n",
    "{} {}",
    "",
    " ",
    '{"a":"b"',
    '["a"',
    '"abc',
  ];
  for (const text of cases) assertEquals(scans(text), parses(text), JSON.stringify(text));
});

Deno.test("skipValue() ends where the value ends", () => {
  const bytes = new TextEncoder().encode('{"a": [1, "x\\"}"]} tail');
  assertEquals(skipValue(bytes, 0), 18);
});
