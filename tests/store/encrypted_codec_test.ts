import assert from "node:assert/strict";
import {
  createEncryptedCodec,
  EntryDecryptError,
  importEntryKey,
  openEntry,
  sealEntry,
} from "../../src/store/encrypted_codec.ts";
import { goOpen, goSeal } from "../support/go_format.ts";

const RAW_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const ENTRY = JSON.stringify({
  access_token: "at-vector",
  refresh_token: "rt-vector",
  token_type: "Bearer",
  expires_at: "2030-01-01T00:00:00Z",
  client_id: "vector-client",
});
/** Sealed by node:crypto with RAW_KEY and nonce 00..0b: a fixed Go-format vector. */
const GO_VECTOR =
  "v1:AAECAwQFBgcICQoLPCC3eKaAsWjSNfjg1IdaV6G38xmGHjwIVxXHqT8bZdRzdd2U8LV98xHKXdeq" +
  "9VwVmDwD+TWkgfYd40VyfY2qmolMo1jp82QEfSbPHM2jLI1A+qAQExAMCYnfpO5KwIq95shoy5RwnCquJg6CckURJZhL" +
  "QMiPrED0OaA+qaDcTHjeMXSpxvqoP2GEJtUfp0u5BLy+bLdZc47aEZg1L2k=";

Deno.test("openEntry() opens the fixed Go-format vector", async () => {
  assert.equal(await openEntry(await importEntryKey(RAW_KEY), GO_VECTOR), ENTRY);
  // The vector is what the independent implementation produces for that nonce.
  assert.equal(goSeal(RAW_KEY, ENTRY, RAW_KEY.subarray(0, 12)), GO_VECTOR);
});

Deno.test("openEntry() opens values sealed by an independent Go-format implementation", async () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const text = "ünïcödé entry ✓ " + "x".repeat(5000);
  assert.equal(await openEntry(await importEntryKey(key), goSeal(key, text)), text);
});

Deno.test("sealEntry() produces the Go layout: v1: + base64(12-byte nonce || ciphertext || tag)", async () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const sealed = await sealEntry(await importEntryKey(key), ENTRY);
  assert.match(sealed, /^v1:[A-Za-z0-9+/]+={0,2}$/);
  const bytes = atob(sealed.slice(3)).length;
  assert.equal(bytes, 12 + new TextEncoder().encode(ENTRY).length + 16);
  assert.equal(goOpen(key, sealed), ENTRY);
  assert.ok(!sealed.includes("at-vector"));
});

Deno.test("sealEntry() uses a fresh nonce for every value", async () => {
  const key = await importEntryKey(RAW_KEY);
  const [a, b] = [await sealEntry(key, ENTRY), await sealEntry(key, ENTRY)];
  assert.notEqual(a.slice(3, 19), b.slice(3, 19));
});

Deno.test("openEntry() refuses a wrong key, a modified value and foreign text", async () => {
  const key = await importEntryKey(RAW_KEY);
  const other = await importEntryKey(crypto.getRandomValues(new Uint8Array(32)));
  const isDecryptError = (pattern: RegExp) => (error: Error) =>
    error instanceof EntryDecryptError && pattern.test(error.message) &&
    !error.message.includes("at-vector");
  await assert.rejects(openEntry(other, GO_VECTOR), isDecryptError(/cannot be decrypted/));
  const flipped = GO_VECTOR.slice(0, 40) + (GO_VECTOR[40] === "A" ? "B" : "A") +
    GO_VECTOR.slice(41);
  await assert.rejects(openEntry(key, flipped), isDecryptError(/cannot be decrypted/));
  await assert.rejects(openEntry(key, ENTRY), isDecryptError(/no v1: prefix/));
  await assert.rejects(openEntry(key, "v1:not base64!"), isDecryptError(/not valid base64/));
  await assert.rejects(openEntry(key, "v1:AAECAwQF"), isDecryptError(/too short/));
});

Deno.test("importEntryKey() accepts exactly 32 bytes", () => {
  assert.throws(() => importEntryKey(new Uint8Array(16)), RangeError);
});

Deno.test("createEncryptedCodec() seals with the writing key and opens with the reading key", async () => {
  const asked: string[] = [];
  const key = await importEntryKey(RAW_KEY);
  const codec = createEncryptedCodec({
    keyForReading: () => (asked.push("read"), Promise.resolve(key)),
    keyForWriting: () => (asked.push("write"), Promise.resolve(key)),
  });
  const sealed = await codec.encode(ENTRY);
  assert.equal(await codec.decode(sealed), ENTRY);
  assert.deepEqual(asked, ["write", "read"]);
});
