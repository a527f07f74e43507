import {
  entryClientId,
  entryText,
  parseTokenFile,
  serializeTokenFile,
  TokenFileFormatError,
  withEntry,
} from "../../src/store/token_file_format.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => parseTokenFile(bytes(text));

/** The file text after setting (or, `undefined`, removing) one entry. */
function edited(text: string | undefined, clientId: string, entry: string | undefined): string {
  const chunks = withEntry(text === undefined ? undefined : parse(text), clientId, entry);
  const decoder = new TextDecoder();
  return chunks.map((chunk) => decoder.decode(chunk)).join("");
}

/** The entries as `JSON.parse` reads them. */
function entries(text: string): Record<string, string> {
  const document = parse(text);
  return Object.fromEntries(
    document.entries.map((entry) => {
      const clientId = entryClientId(document, entry);
      return [clientId, entryText(document, clientId)!];
    }),
  );
}

Deno.test("parseTokenFile() reads the Go client's document", () => {
  const text = JSON.stringify(
    {
      data: { "client-a": '{"access_token":"a"}', "client-b": "v1:AAAA" },
    },
    null,
    2,
  );
  assertEquals(entries(text), { "client-a": '{"access_token":"a"}', "client-b": "v1:AAAA" });
  assertEquals(entryText(parse(text), "client-c"), undefined);
});

Deno.test("parseTokenFile() treats a missing or null data as no entries", () => {
  for (const text of ["{}", '{"data": null, "x": 1}', '{"x": [1, {"data": {"a": "b"}}]}']) {
    assertEquals(parse(text).entries, [], text);
  }
});

Deno.test("parseTokenFile() decodes escapes in client ids and entries", () => {
  const text = JSON.stringify({ data: { 'é\u2028"x': 'say "hi" \\ \u0001 ✓' } });
  assertEquals(entries(text), { 'é\u2028"x': 'say "hi" \\ \u0001 ✓' });
});

Deno.test("parseTokenFile() reads a later duplicate as JSON.parse does", () => {
  const text = '{"data": {"a": "1"}, "data": {"a": "2", "a": "3"}}';
  assertEquals(entryText(parse(text), "a"), JSON.parse(text).data.a);
  assertEquals(edited(text, "a", "4"), '{"data": {"a": "1"}, "data": {"a": "4"}}');
  assertEquals(edited(text, "a", undefined), '{"data": {"a": "1"}, "data": {}}');
});

Deno.test("parseTokenFile() rejects what is not a token file", () => {
  const cases: [string, string][] = [
    ["", "the file is empty"],
    ["  \n", "the file is empty"],
    ['{"data": {"client-a": "{\\"access', "not JSON ("],
    ['{"data": {}} x', "not JSON (unexpected data after JSON"],
    ['{"data": {}, }', "not JSON ("],
    ['{"a": 01}', "not JSON ("],
    ['{"a": "\\x"}', "not JSON (bad escape"],
    ['{"a": "\t"}', "not JSON (control character"],
    ['{"a": tru}', "not JSON ("],
    ['{"a": ' + "[".repeat(300) + "]".repeat(300) + "}", "not JSON (nested too deeply"],
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
    // A shape error does not hide that the text is not JSON at all.
    ['{"data": 7, "x": }', "not JSON ("],
  ];
  for (const [text, message] of cases) {
    assertThrows(() => parse(text), TokenFileFormatError, message, JSON.stringify(text));
  }
});

Deno.test("parseTokenFile() accepts every number form JSON allows", () => {
  const text = '{"n": [0, -0, 1.5, -2e10, 3E+2, 4e-3, 12345678901234567890123], "data": {}}';
  assertEquals(parse(text).entries, []);
});

Deno.test("serializeTokenFile() writes indented JSON ending with a newline", () => {
  assertEquals(serializeTokenFile({ c: "entry" }), '{\n  "data": {\n    "c": "entry"\n  }\n}\n');
});

Deno.test("withEntry() keeps every byte but the replaced value: big integers, odd spacing, escapes", () => {
  const before = '{ "serial" : 12345678901234567890123, "meta": {"x": [1.0, 1e3, -0]},\n' +
    '"data":{"other":"{\\"access_token\\":\\"\\u003c\\u0026\\"}",\t"mine": "old" ,"last":"z"} }\n';
  const after = edited(before, "mine", 'new "value"');
  assertEquals(after, before.replace('"mine": "old"', '"mine": "new \\"value\\""'));
  assertEquals(entries(after).mine, 'new "value"');
});

Deno.test("withEntry() carries other entries as views of the original bytes, not re-serialised", () => {
  const text = serializeTokenFile({ a: "1", mine: "2", z: "3" });
  const document = parse(text);
  const chunks = withEntry(document, "mine", "22");
  // Three chunks: the bytes before our value, our value, the bytes after it; the two
  // outer ones are the original buffer itself (no copy, nothing encoded again).
  assertEquals(chunks.length, 3);
  assertEquals([
    chunks[0].buffer === document.bytes.buffer,
    chunks[2].buffer === document.bytes.buffer,
  ], [true, true]);
  assertEquals(new TextDecoder().decode(chunks[1]), '"22"');
});

Deno.test("withEntry() adds an entry in the style of the existing ones", () => {
  const indented = serializeTokenFile({ a: "1" });
  assertEquals(edited(indented, "b", "2"), serializeTokenFile({ a: "1", b: "2" }));
  assertEquals(edited('{"data":{"a":"1"}}', "b", "2"), '{"data":{"a":"1","b":"2"}}');
  assertEquals(
    edited('{"v": 10000000000000000000001, "data": {"a":"1"}}', "b", "2"),
    '{"v": 10000000000000000000001, "data": {"a":"1","b":"2"}}',
  );
});

Deno.test("withEntry() adds an entry where there is no data yet", () => {
  assertEquals(edited(undefined, "c", "x"), serializeTokenFile({ c: "x" }));
  assertEquals(edited("{}", "c", "x"), serializeTokenFile({ c: "x" }));
  assertEquals(
    edited('{\n  "data": {}\n}\n', "c", "x"),
    serializeTokenFile({ c: "x" }),
  );
  assertEquals(
    edited('{"data": null, "v": 1}', "c", "x"),
    '{"data": {\n    "c": "x"\n  }, "v": 1}',
  );
  assertEquals(
    edited('{\n  "v": 98765432109876543210\n}\n', "c", "x"),
    '{\n  "v": 98765432109876543210,\n  "data": {\n    "c": "x"\n  }\n}\n',
  );
});

Deno.test("withEntry() removes an entry and keeps the rest byte-for-byte", () => {
  const text = serializeTokenFile({ a: "1", b: "2", c: "3" });
  assertEquals(edited(text, "a", undefined), serializeTokenFile({ b: "2", c: "3" }));
  assertEquals(edited(text, "b", undefined), serializeTokenFile({ a: "1", c: "3" }));
  assertEquals(edited(text, "c", undefined), serializeTokenFile({ a: "1", b: "2" }));
  assertEquals(edited(serializeTokenFile({ a: "1" }), "a", undefined), '{\n  "data": {}\n}\n');
  assertEquals(edited('{"x": 1}', "a", undefined), '{"x": 1}');
});

Deno.test("parseTokenFile() keeps a client id named like an Object.prototype member as data", () => {
  const text = '{"data": {"__proto__": "x", "constructor": "y"}}';
  assertEquals(entries(text), JSON.parse('{"__proto__": "x", "constructor": "y"}'));
  assertEquals(entryText(parse('{"data": {}}'), "constructor"), undefined);
  assertEquals(JSON.parse(edited(text, "constructor", "z")).data.constructor, "z");
});

Deno.test("parseTokenFile() and withEntry() agree with JSON.parse on a generated file", () => {
  const data: Record<string, string> = {};
  for (let i = 0; i < 200; i++) data[`client-${i}`] = JSON.stringify({ access_token: `t${i}"<>&` });
  const text = JSON.stringify({ meta: { n: 1 }, data }, null, 2);
  assertEquals(entries(text), data);
  const after = JSON.parse(edited(text, "client-7", "new"));
  assertEquals(after, { meta: { n: 1 }, data: { ...data, "client-7": "new" } });
});
