/**
 * The type of an extra claim's value, written as text.
 * @module
 */

import { type JsonValue, parseJsonLossless } from "../json/lossless_json.ts";

/**
 * A claim's value: the JSON value when `text` is JSON (numbers exact), else the text.
 *
 * @param text The value as written.
 * @returns The typed value.
 * @example
 * ```ts
 * claimValue("3"); // 3
 * claimValue("acme"); // "acme"
 * ```
 */
export function claimValue(text: string): JsonValue {
  try {
    return parseJsonLossless(text);
  } catch {
    return text;
  }
}
