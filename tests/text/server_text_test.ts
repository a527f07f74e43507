import {
  MIN_REDACTED_LENGTH,
  REDACTED,
  redactSecrets,
  safeJsonText,
  SERVER_TEXT_LIMIT,
  serverText,
} from "../../src/text/server_text.ts";
import { HeldSecrets, redactingSink } from "../../src/text/held_secrets.ts";
import { assert, assertEquals } from "../support/assert.ts";

Deno.test("serverText() turns line breaks into spaces and drops every other control", () => {
  assertEquals(serverText("one\r\ntwo\tthree"), "one  two three");
  assertEquals(serverText("bad\r\x1b[2Kgood\x07\x08"), "bad [2Kgood");
  assertEquals(serverText("a\u0000b\u007fc\u009bd\u0085e"), "abcd e", "NUL, DEL, C1 CSI, NEL");
  assertEquals(serverText("line\u2028sep\u2029para"), "line sep para");
});

Deno.test("serverText() drops bidi marks, embeddings, overrides and isolates", () => {
  const text =
    "evil\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c.example";
  assertEquals(serverText(text), "evil.example");
  assertEquals(serverText("Zoë 日本 ✓"), "Zoë 日本 ✓", "other Unicode stays");
});

Deno.test("serverText() caps the length in code points and marks the cut", () => {
  assertEquals(serverText("x".repeat(SERVER_TEXT_LIMIT)), "x".repeat(SERVER_TEXT_LIMIT));
  const cut = serverText("x ".repeat(SERVER_TEXT_LIMIT));
  assertEquals(Array.from(cut).length, SERVER_TEXT_LIMIT);
  assert(cut.endsWith(" x…"), cut);
  assertEquals(serverText("😀😀😀", 2), "😀…", "no surrogate pair is split");
  assertEquals(serverText(42), "42", "non-strings are converted");
});

Deno.test("serverText() never cuts a token-like word in half (its start would escape redaction)", () => {
  const token = "rt-" + "a".repeat(40);
  const text = `${"word ".repeat(56)}refresh token ${token} was revoked`;
  const cut = serverText(text);
  assert(cut.endsWith("refresh token …"), cut);
  assert(!cut.includes("rt-"), cut);
  assertEquals(serverText("abcdefghij", 5), "…", "a single long word goes whole");
});

Deno.test("redactSecrets() replaces each secret, longest first, also in its JSON-escaped form", () => {
  const refresh = "r3fr3sh/t0ken+value==";
  assertEquals(
    redactSecrets(`invalid_grant: token ${refresh} and "r3fr3sh\\/t0ken+value==" revoked`, [
      refresh,
    ]),
    `invalid_grant: token ${REDACTED} and "${REDACTED}" revoked`,
  );
  assertEquals(redactSecrets("abcdef-abc", ["abc", "abcdef"]), `${REDACTED}-abc`, "short ignored");
  assertEquals(
    redactSecrets("AAAA-BBBB", ["AAAA-BBBB", "AAAA"]),
    REDACTED,
    "a secret containing another is redacted whole",
  );
  assertEquals(redactSecrets("x", [""]), "x");
  assertEquals(MIN_REDACTED_LENGTH, 4);
});

Deno.test("safeJsonText() escapes what a terminal acts on and keeps the JSON value", () => {
  const value = { a: "x\u009b31my\u202ez\u2028", b: [1, "\u007f"], c: "\x1b[2J" };
  const json = JSON.stringify(value, null, 2).replaceAll("\n", "\r\n");
  const safe = safeJsonText(json);
  assertEquals(JSON.parse(safe), value);
  for (const char of ["\r", "\u007f", "\u009b", "\u202e", "\u2028", "\x1b"]) {
    assert(!safe.includes(char), `${JSON.stringify(char)} escaped in ${safe}`);
  }
  assert(safe.includes("\\u009b") && safe.includes("\\u202e") && safe.includes("\\u001b"), safe);
});

Deno.test("redactingSink() redacts the held secrets from every write", () => {
  const written: string[] = [];
  const secrets = new HeldSecrets();
  const sink = redactingSink({ write: (text) => written.push(text) }, secrets);
  sink.write("before: tok-123456\n");
  secrets.hold("tok-123456", undefined, "");
  sink.write("after: tok-123456\n");
  assertEquals(written, ["before: tok-123456\n", `after: ${REDACTED}\n`]);
  assertEquals(secrets.redact("tok-123456"), REDACTED);
});
