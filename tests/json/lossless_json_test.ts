import { isJsonObject, isRawJsonNumber, parseJsonLossless } from "../../src/json/lossless_json.ts";
import { assert, assertEquals, assertThrows } from "../support/assert.ts";

Deno.test("parseJsonLossless() keeps integers beyond 2^53 exactly", () => {
  const text = '{"id":12345678901234567890,"neg":-9007199254740993,"safe":9007199254740991}';
  const value = parseJsonLossless(text) as Record<string, unknown>;
  assertEquals(JSON.stringify(value), text);
  assertEquals(value.safe, 9007199254740991, "a safe integer stays a plain number");
  assert(isRawJsonNumber(value.id));
  assert(!isRawJsonNumber(value.safe));
});

Deno.test("parseJsonLossless() keeps the written form of other numbers", () => {
  const text = "[1.0,1e3,-0,0.1,1E400,3]";
  assertEquals(JSON.stringify(parseJsonLossless(text)), text);
});

Deno.test("parseJsonLossless() pretty-prints nested values with exact numbers", () => {
  const value = parseJsonLossless('{"a":{"b":[18446744073709551615,"x",true,null]}}');
  assertEquals(
    JSON.stringify(value, null, 2),
    '{\n  "a": {\n    "b": [\n      18446744073709551615,\n      "x",\n      true,\n      null\n    ]\n  }\n}',
  );
});

Deno.test("parseJsonLossless() rejects text that is not JSON", () => {
  assertThrows(() => parseJsonLossless("{nope"), SyntaxError);
  assertThrows(() => parseJsonLossless("12 34"), SyntaxError);
});

Deno.test("isJsonObject() is true only for plain objects", () => {
  assert(isJsonObject(parseJsonLossless("{}")));
  assert(!isJsonObject(parseJsonLossless("[]")));
  assert(!isJsonObject(parseJsonLossless("null")));
  assert(!isJsonObject(parseJsonLossless("12345678901234567890")));
  assert(!isJsonObject(parseJsonLossless('"s"')));
});
