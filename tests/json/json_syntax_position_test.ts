import {
  describeJsonSyntaxError,
  jsonSyntaxErrorOffset,
  textPosition,
} from "../../src/json/json_syntax_position.ts";
import { assertEquals, assertExcludes } from "../support/assert.ts";

Deno.test("jsonSyntaxErrorOffset() finds the first offending character", () => {
  const cases: [string, number][] = [
    ['{"data": x-secret}', 9],
    ["secret", 0],
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['{"a": tru}', 9],
    ['{"a":"b\u0001"}', 7],
    ['{"a":"\\q"}', 7],
    ['{"a":"\\u12x4"}', 10],
    ['{"a":1} x', 8],
    ['{"data": {"a": "secret', 22],
    ["[1, 2", 5],
    ["-", 1],
    ["01", 1],
    ["1.e3", 2],
    ["", 0],
  ];
  for (const [text, offset] of cases) {
    assertEquals(jsonSyntaxErrorOffset(text), offset, text);
  }
});

Deno.test("jsonSyntaxErrorOffset() agrees with JSON.parse on valid text", () => {
  for (const text of ['{"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"]}', " 0 ", '""']) {
    JSON.parse(text);
    assertEquals(jsonSyntaxErrorOffset(text), undefined, text);
  }
});

Deno.test("textPosition() counts lines and columns from 1", () => {
  assertEquals(textPosition("ab\ncd", 0), { line: 1, column: 1 });
  assertEquals(textPosition("ab\ncd", 4), { line: 2, column: 2 });
});

Deno.test("describeJsonSyntaxError() gives a position and never the text", () => {
  const text = '{\n  "data": {\n    "c": at-SECRET-VALUE\n  }\n}\n';
  const message = describeJsonSyntaxError(text);
  assertEquals(message, "syntax error at line 3, column 10");
  assertExcludes(message, "SECRET");
});
