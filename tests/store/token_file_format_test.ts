import {
  parseTokenFile,
  serializeTokenFile,
  type TokenFileDocument,
  TokenFileFormatError,
} from "../../src/store/token_file_format.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

/** The document with `data` as a plain object (parseTokenFile returns a null-prototype one). */
function plain(document: TokenFileDocument): TokenFileDocument {
  return { other: document.other, data: { ...document.data } };
}

Deno.test("parseTokenFile() reads the Go client's document", () => {
  const text = JSON.stringify({
    data: { "client-a": '{"access_token":"a"}', "client-b": "v1:AAAA" },
  });
  assertEquals(plain(parseTokenFile(text)), {
    other: {},
    data: { "client-a": '{"access_token":"a"}', "client-b": "v1:AAAA" },
  });
});

Deno.test("parseTokenFile() keeps unknown top-level keys", () => {
  const text = '{"version": 3, "meta": {"by": "someone", "list": [1, 2]}, "data": {}}';
  assertEquals(plain(parseTokenFile(text)), {
    other: { version: 3, meta: { by: "someone", list: [1, 2] } },
    data: {},
  });
});

Deno.test("parseTokenFile() treats a missing or null data as no entries", () => {
  assertEquals(plain(parseTokenFile("{}")), { other: {}, data: {} });
  assertEquals(plain(parseTokenFile('{"data": null, "x": 1}')), { other: { x: 1 }, data: {} });
});

Deno.test("parseTokenFile() rejects what is not a token file", () => {
  const cases: [string, string][] = [
    ["", "the file is empty"],
    ["  \n", "the file is empty"],
    ['{"data": {"client-a": "{\\"access', "not JSON ("],
    ["[]", "not a JSON object"],
    ['"text"', "not a JSON object"],
    ["null", "not a JSON object"],
    ["42", "not a JSON object"],
    ['{"data": []}', `"data" is not an object`],
    ['{"data": "x"}', `"data" is not an object`],
    ['{"data": 7}', `"data" is not an object`],
    [
      '{"data": {"client-a": {"access_token": "a"}}}',
      `the entry for client id "client-a" is not a string`,
    ],
    ['{"data": {"ok": "x", "client-b": 5}}', `the entry for client id "client-b" is not a string`],
    ['{"data": {"client-c": null}}', `the entry for client id "client-c" is not a string`],
  ];
  for (const [text, message] of cases) {
    assertThrows(() => parseTokenFile(text), TokenFileFormatError, message, JSON.stringify(text));
  }
});

Deno.test("serializeTokenFile() writes indented JSON ending with a newline", () => {
  assertEquals(
    serializeTokenFile({ other: {}, data: { c: "entry" } }),
    '{\n  "data": {\n    "c": "entry"\n  }\n}\n',
  );
});

Deno.test("serializeTokenFile() carries other entries and unknown keys through verbatim", () => {
  const original = {
    version: 3,
    meta: { nested: [1, { deep: true }] },
    data: {
      "other-client": '{"access_token":"o","expires_at":"2025-01-15T20:00:00.123456789+08:00"}',
      "encrypted": "v1:bm9uY2UrY2lwaGVydGV4dA==",
      "mine": "old",
    },
  };
  const document = parseTokenFile(JSON.stringify(original));
  document.data.mine = "new";
  const reparsed = JSON.parse(serializeTokenFile(document));
  assertEquals(reparsed, { ...original, data: { ...original.data, mine: "new" } });
});

Deno.test("parseTokenFile() reverses serializeTokenFile()", () => {
  const document = { other: { x: "y" }, data: { a: "1", b: "2" } };
  assertEquals(plain(parseTokenFile(serializeTokenFile(document))), document);
});

Deno.test("parseTokenFile() keeps a client id named like an Object.prototype member as data", () => {
  const document = parseTokenFile('{"data": {"__proto__": "x", "constructor": "y"}}');
  assertEquals(Object.keys(document.data).sort(), ["__proto__", "constructor"]);
  assertEquals(document.data["__proto__"], "x");
  assertEquals(JSON.parse(serializeTokenFile(document)).data.constructor, "y");
});
