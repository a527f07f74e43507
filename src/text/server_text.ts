/**
 * Text that comes from a server (error descriptions, verification URIs, user
 * codes, claims, discovery failures) made safe for a terminal, and the
 * redaction of the secrets the CLI holds. Pure.
 *
 * A server controls every byte of such text. Printed raw, an ESC sequence
 * can recolour or rewrite the terminal, a CR can overwrite the line before
 * it (hiding a warning), a bidi override can make `evil.example/good.example`
 * read the other way round, and an `error_description` that echoes the
 * refresh token puts it in a CI log.
 * @module
 */

/** The most characters of one piece of server text that are shown. */
export const SERVER_TEXT_LIMIT = 300;

/** What a redacted secret is replaced with. */
export const REDACTED = "[redacted]";

/**
 * Secrets shorter than this are not redacted: replacing every `ab` in a
 * message would make it unreadable, and a token is never that short.
 */
export const MIN_REDACTED_LENGTH = 4;

/** Line breaks and tabs: shown as one space, so the words around them stay apart. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * Everything else a terminal may act on: the other C0 controls (ESC, BEL,
 * BS...), DEL, the C1 controls (U+009B is a CSI on some terminals), and the
 * Unicode bidirectional marks, embeddings, overrides and isolates.
 */
// deno-lint-ignore no-control-regex -- matching control characters is this module's job
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A character of an RFC 6750 token68 word (tokens, codes, secrets are made of these). */
const TOKEN_CHAR = /[A-Za-z0-9\-._~+/=]/;
const TRAILING_WORD = /[A-Za-z0-9\-._~+/=]+$/;

/**
 * The characters {@linkcode safeJsonText} escapes: those JSON allows raw
 * inside strings but a terminal acts on (`JSON.stringify` leaves them raw).
 */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes one piece of server text printable on one line: line breaks and tabs
 * become spaces, every other control character and bidi mark is removed, and
 * the text is cut to `limit` characters (code points, so no surrogate pair is
 * split), ending in `…` when cut; a cut never leaves half a token-like word.
 *
 * @param value The server's value (anything; non-strings are converted).
 * @param limit The most characters kept.
 * @returns The safe text.
 * @example
 * ```ts
 * serverText("bad\r\x1b[2Kgood"); // "bad [2Kgood"
 * ```
 */
export function serverText(value: unknown, limit: number = SERVER_TEXT_LIMIT): string {
  const clean = String(value).replace(BREAKS, " ").replace(CONTROLS, "");
  const chars = Array.from(clean);
  if (chars.length <= limit) return clean;
  const kept = chars.slice(0, limit - 1).join("");
  // A cut inside a word drops the word's start too: the start of an echoed
  // token would escape redaction, which matches whole secrets only.
  return (TOKEN_CHAR.test(chars[limit - 1]) ? kept.replace(TRAILING_WORD, "") : kept) + "…";
}

/**
 * Replaces every occurrence of each secret in `text` with `[redacted]`: as
 * written, and as JSON may escape it (`/` as `\/`). Longer secrets go
 * first, so one that contains another is redacted whole.
 *
 * @param text Any text on its way to the terminal.
 * @param secrets The secrets (shorter than {@linkcode MIN_REDACTED_LENGTH} are ignored).
 * @returns The text without them.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_REDACTED_LENGTH) continue;
    forms.add(secret);
    forms.add(secret.replaceAll("/", "\\/"));
  }
  let result = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    result = result.replaceAll(form, REDACTED);
  }
  return result;
}

/**
 * Makes valid JSON text safe for a terminal while keeping it valid JSON with
 * the same value: the characters a terminal acts on that JSON allows raw in
 * strings (DEL, C1, bidi marks, U+2028/2029) become `\uXXXX` escapes, and CR
 * (allowed only between tokens) is dropped. The other C0 controls cannot
 * occur raw in valid JSON.
 *
 * @param json Valid JSON text (a server's body, or `JSON.stringify` output).
 * @returns The same JSON value, printable.
 */
export function safeJsonText(json: string): string {
  return json.replaceAll("\r", "").replace(
    JSON_UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
