/**
 * JSON that keeps every number exactly as written. `JSON.parse` turns
 * `12345678901234567890` into `12345678901234567000`; claims such as numeric
 * user ids and `--extra-claims` values must survive unchanged.
 *
 * Built on two V8 built-ins (TC39 "JSON.parse source text access"): the
 * reviver's third argument gives each number's source text, and
 * `JSON.rawJSON()` makes `JSON.stringify` write that text back verbatim. Only
 * numbers whose source differs from their `Number` form (beyond 2^53, `1.0`,
 * `1e3`, `-0`) are kept as raw text; every other value is a plain JS value. No
 * dependency, and the same engine runs in `deno compile` binaries.
 * @module
 */

/** A parsed JSON value; numbers that `Number` cannot hold exactly are raw JSON objects. */
export type JsonValue = unknown;

interface SourceContext {
  source?: string;
}

/** The parts of the built-in `JSON` that Deno's type library does not declare yet. */
interface JsonWithSource {
  parse(
    text: string,
    reviver: (this: unknown, key: string, value: unknown, context?: SourceContext) => unknown,
  ): unknown;
  rawJSON(text: string): unknown;
  isRawJSON(value: unknown): boolean;
}

const NATIVE = JSON as unknown as JsonWithSource;

/**
 * Parses JSON text, keeping numbers exact.
 *
 * @param text JSON text.
 * @returns The value; `JSON.stringify` writes its numbers as they were written.
 * @throws {SyntaxError} when `text` is not JSON.
 * @example
 * ```ts
 * JSON.stringify(parseJsonLossless('{"id": 12345678901234567890}')); // {"id":12345678901234567890}
 * ```
 */
export function parseJsonLossless(text: string): JsonValue {
  return NATIVE.parse(text, (_key, value, context) => {
    const source = context?.source;
    if (typeof value === "number" && source !== undefined && String(value) !== source) {
      return NATIVE.rawJSON(source);
    }
    return value;
  });
}

/**
 * Whether `value` is a number kept as raw JSON text by {@linkcode parseJsonLossless}.
 *
 * @param value A parsed value.
 */
export function isRawJsonNumber(value: unknown): boolean {
  return NATIVE.isRawJSON(value);
}

/**
 * Whether `value` is a JSON object (not an array, not null, not a raw number).
 *
 * @param value A parsed value.
 */
export function isJsonObject(value: JsonValue): value is Record<string, JsonValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !NATIVE.isRawJSON(value);
}
