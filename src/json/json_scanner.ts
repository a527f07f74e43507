/**
 * A validating JSON scanner over UTF-8 bytes that builds no values: it finds
 * where each value starts and ends, so a caller can decode the one value it
 * needs and copy the rest of the text through untouched. Validation follows
 * RFC 8259 (what `JSON.parse` and Go's `encoding/json` accept); the bytes of
 * strings are not checked for UTF-8 validity, since they are carried, not read.
 * @module
 */

/** The text is not JSON. `offset` is the byte where the scanner stopped. */
export class JsonSyntaxError extends Error {
  override name = "JsonSyntaxError";

  constructor(readonly reason: string, readonly offset: number) {
    super(`${reason} at byte ${offset}`);
  }
}

/** Nesting deeper than this is refused (the scanner recurses; no token file needs it). */
export const MAX_DEPTH = 256;

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;

/** The characters that stand alone after a backslash: quote, backslash, slash, b f n r t. */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function isHex(byte: number): boolean {
  return isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/**
 * Skips JSON whitespace.
 *
 * @param bytes The text.
 * @param at Where to start.
 * @returns The index of the first byte that is not whitespace (or the length).
 */
export function skipSpace(bytes: Uint8Array, at: number): number {
  while (at < bytes.length && isSpace(bytes[at])) at++;
  return at;
}

/**
 * Skips one string literal.
 *
 * @param bytes The text.
 * @param at The index of the opening quote.
 * @returns The index just after the closing quote.
 * @throws {JsonSyntaxError} for a bad escape, a raw control character or an unterminated string.
 */
export function skipString(bytes: Uint8Array, at: number): number {
  if (bytes[at] !== QUOTE) throw new JsonSyntaxError("expected a string", at);
  for (let i = at + 1; i < bytes.length; i++) {
    const byte = bytes[i];
    // One test for the common byte keeps this loop (megabytes of entries) cheap.
    if (byte > BACKSLASH || (byte > QUOTE && byte < BACKSLASH)) continue;
    if (byte === QUOTE) return i + 1;
    if (byte < 0x20) throw new JsonSyntaxError("control character in a string", i);
    if (byte === BACKSLASH) i = skipEscape(bytes, i) - 1;
  }
  throw new JsonSyntaxError("unterminated string", at);
}

/** Checks the escape at `at` (a backslash); returns the index after it. */
function skipEscape(bytes: Uint8Array, at: number): number {
  const escaped = bytes[at + 1];
  if (escaped === 0x75) { // \uXXXX
    for (let k = 2; k < 6; k++) {
      if (!isHex(bytes[at + k])) throw new JsonSyntaxError("bad \\u escape", at);
    }
    return at + 6;
  }
  if (SIMPLE_ESCAPES.has(escaped)) return at + 2;
  throw new JsonSyntaxError("bad escape", at);
}

function skipDigits(bytes: Uint8Array, at: number): number {
  if (!isDigit(bytes[at])) throw new JsonSyntaxError("expected a digit", at);
  while (isDigit(bytes[at])) at++;
  return at;
}

function skipNumber(bytes: Uint8Array, at: number): number {
  let i = at;
  if (bytes[i] === 0x2d) i++; // -
  if (bytes[i] === 0x30) i++; // a leading 0 stands alone
  else i = skipDigits(bytes, i);
  if (bytes[i] === 0x2e) i = skipDigits(bytes, i + 1); // .
  if (bytes[i] === 0x65 || bytes[i] === 0x45) { // e E
    i++;
    if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
    i = skipDigits(bytes, i);
  }
  return i;
}

function skipWord(bytes: Uint8Array, at: number, word: string): number {
  for (let k = 0; k < word.length; k++) {
    if (bytes[at + k] !== word.charCodeAt(k)) throw new JsonSyntaxError("unexpected token", at);
  }
  return at + word.length;
}

/**
 * Calls `member` for each member of the object at `at`, in order.
 *
 * @param bytes The text.
 * @param at The index of `{`.
 * @param member Receives the key's span (quotes included) and the value's
 * start; returns the index just after the value (it may scan the value itself).
 * @returns The index just after the closing `}`.
 * @throws {JsonSyntaxError} when the object is not valid JSON.
 */
export function scanObject(
  bytes: Uint8Array,
  at: number,
  member: (keyStart: number, keyEnd: number, valueStart: number) => number,
): number {
  let i = skipSpace(bytes, at + 1);
  if (bytes[i] === CLOSE_OBJECT) return i + 1;
  for (;;) {
    const keyEnd = skipString(bytes, i);
    const colon = skipSpace(bytes, keyEnd);
    if (bytes[colon] !== COLON) throw new JsonSyntaxError("expected ':'", colon);
    i = skipSpace(bytes, member(i, keyEnd, skipSpace(bytes, colon + 1)));
    if (bytes[i] === CLOSE_OBJECT) return i + 1;
    if (bytes[i] !== COMMA) throw new JsonSyntaxError("expected ',' or '}'", i);
    i = skipSpace(bytes, i + 1);
  }
}

/**
 * Skips one value of any type, checking its syntax.
 *
 * @param bytes The text.
 * @param at The index of the value's first byte.
 * @param depth The nesting depth of `at` (for the limit).
 * @returns The index just after the value.
 * @throws {JsonSyntaxError} when the value is not valid JSON or nests deeper than {@linkcode MAX_DEPTH}.
 */
export function skipValue(bytes: Uint8Array, at: number, depth = 0): number {
  const byte = bytes[at];
  if (byte === QUOTE) return skipString(bytes, at);
  if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
    if (depth >= MAX_DEPTH) throw new JsonSyntaxError("nested too deeply", at);
    if (byte === OPEN_OBJECT) {
      return scanObject(bytes, at, (_k, _e, value) => skipValue(bytes, value, depth + 1));
    }
    let i = skipSpace(bytes, at + 1);
    if (bytes[i] === CLOSE_ARRAY) return i + 1;
    for (;;) {
      i = skipSpace(bytes, skipValue(bytes, i, depth + 1));
      if (bytes[i] === CLOSE_ARRAY) return i + 1;
      if (bytes[i] !== COMMA) throw new JsonSyntaxError("expected ',' or ']'", i);
      i = skipSpace(bytes, i + 1);
    }
  }
  if (byte === 0x74) return skipWord(bytes, at, "true");
  if (byte === 0x66) return skipWord(bytes, at, "false");
  if (byte === 0x6e) return skipWord(bytes, at, "null");
  if (byte === 0x2d || isDigit(byte)) return skipNumber(bytes, at);
  throw new JsonSyntaxError(at >= bytes.length ? "unexpected end" : "unexpected token", at);
}
