/**
 * The token file document, `{"data": {"<client_id>": "<entry JSON>"}}`, as the
 * Go client writes it. Pure: parsing and serialising, no I/O. Entries of other
 * client ids and unknown top-level keys are carried through untouched.
 * @module
 */

import { describeJsonSyntaxError } from "../json/json_syntax_position.ts";

/** A parsed token file. */
export interface TokenFileDocument {
  /** Top-level keys other than `data`, kept as found. */
  other: Record<string, unknown>;
  /** Entries by client id (a null-prototype object): the stored, possibly encrypted, entry text. */
  data: Record<string, string>;
}

/** The file is not a token file (corrupt, truncated or foreign). */
export class TokenFileFormatError extends Error {
  override name = "TokenFileFormatError";
}

/**
 * Parses a token file's text.
 *
 * @param text The file contents.
 * @returns The document.
 * @throws {TokenFileFormatError} when the text is not a token file.
 */
export function parseTokenFile(text: string): TokenFileDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // V8's message quotes the text near the error: a position only, the text is secret.
    const reason = text.trim() === ""
      ? "the file is empty"
      : `not JSON (${describeJsonSyntaxError(text)})`;
    throw new TokenFileFormatError(reason);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TokenFileFormatError("not a JSON object");
  }
  const { data, ...other } = value as Record<string, unknown>;
  if (data === undefined || data === null) return { other, data: Object.create(null) };
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new TokenFileFormatError(`"data" is not an object`);
  }
  for (const [clientId, entry] of Object.entries(data)) {
    if (typeof entry !== "string") {
      throw new TokenFileFormatError(`the entry for client id "${clientId}" is not a string`);
    }
  }
  return { other, data: Object.assign(Object.create(null), data) };
}

/**
 * Serialises a document (indented like the Go client's output).
 *
 * @param document The document.
 * @returns The file text, ending with a newline.
 */
export function serializeTokenFile(document: TokenFileDocument): string {
  return JSON.stringify({ ...document.other, data: document.data }, null, 2) + "\n";
}
