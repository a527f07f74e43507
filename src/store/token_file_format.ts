/**
 * The token file document, `{"data": {"<client_id>": "<entry JSON>"}}`, as the
 * Go client writes it. Pure: no I/O. The file is validated whole but kept as
 * its bytes plus the positions of its entries: reading decodes only the entry
 * asked for, and a write splices the one changed entry into the original
 * bytes, so other entries and unknown top-level keys (big integers included)
 * are written back byte-for-byte and a big file is never copied into objects.
 * @module
 */

import { JsonSyntaxError, scanObject, skipSpace, skipValue } from "../json/json_scanner.ts";

/** One entry of `data`: where its key (the client id) and its string value are. */
export interface EntrySpan {
  /** Just after the `{` or `,` before the member: its leading whitespace starts here. */
  leadStart: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** A parsed token file: its bytes and where things are in them. */
export interface TokenFileDocument {
  readonly bytes: Uint8Array;
  /** The root object's closing `}`. */
  readonly rootClose: number;
  /** The end of the root's last member value (undefined for `{}`). */
  readonly rootLastValueEnd?: number;
  /** The value of `data` (an object or `null`), when present. */
  readonly data?: { start: number; end: number };
  /** The entries of `data`, in file order (a later duplicate client id wins, as in `JSON.parse`). */
  readonly entries: readonly EntrySpan[];
}

/** The file is not a token file (corrupt, truncated or foreign). */
export class TokenFileFormatError extends Error {
  override name = "TokenFileFormatError";
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const COMMA = encoder.encode(",");

function decodeJsonString(bytes: Uint8Array, start: number, end: number): string {
  return JSON.parse(decoder.decode(bytes.subarray(start, end)));
}

/**
 * Parses a token file.
 *
 * @param bytes The file contents.
 * @returns The document.
 * @throws {TokenFileFormatError} when the bytes are not a token file.
 */
export function parseTokenFile(bytes: Uint8Array): TokenFileDocument {
  const start = skipSpace(bytes, 0);
  if (start === bytes.length) throw new TokenFileFormatError("the file is empty");
  let shapeError: string | undefined;
  let data: { start: number; end: number } | undefined;
  let entries: EntrySpan[] = [];
  let rootLastValueEnd: number | undefined;
  let end: number;
  try {
    if (bytes[start] !== 0x7b) {
      end = skipValue(bytes, start);
      shapeError = "not a JSON object";
    } else {
      end = scanObject(bytes, start, (keyStart, keyEnd, valueStart) => {
        const valueEnd = decodeJsonString(bytes, keyStart, keyEnd) === "data"
          ? scanData(bytes, valueStart, (found, error) => {
            data = { start: valueStart, end: 0 };
            entries = found;
            shapeError = error;
          })
          : skipValue(bytes, valueStart, 1);
        if (data?.start === valueStart) data.end = valueEnd;
        rootLastValueEnd = valueEnd;
        return valueEnd;
      });
    }
    const trailing = skipSpace(bytes, end);
    if (trailing !== bytes.length) {
      throw new JsonSyntaxError("unexpected data after JSON", trailing);
    }
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      // A position only: the text around it is secret.
      const { line, column } = bytePosition(bytes, error.offset);
      throw new TokenFileFormatError(
        `not JSON (${error.reason} at line ${line}, column ${column})`,
      );
    }
    throw error;
  }
  if (shapeError) throw new TokenFileFormatError(shapeError);
  return { bytes, rootClose: end - 1, rootLastValueEnd, data, entries };
}

/** The line and column (from 1; the column counts bytes) of `offset` in `bytes`. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Scans the value of `data`; reports its entries, or what is wrong with its shape. */
function scanData(
  bytes: Uint8Array,
  at: number,
  report: (entries: EntrySpan[], shapeError?: string) => void,
): number {
  if (bytes[at] !== 0x7b) {
    const end = skipValue(bytes, at, 1);
    const isNull = end - at === 4 && bytes[at] === 0x6e;
    report([], isNull ? undefined : `"data" is not an object`);
    return end;
  }
  const entries: EntrySpan[] = [];
  let shapeError: string | undefined;
  let leadStart = at + 1;
  // Keys stay undecoded: ten thousand small strings cost more memory than the lookups save.
  const end = scanObject(bytes, at, (keyStart, keyEnd, valueStart) => {
    const valueEnd = skipValue(bytes, valueStart, 2);
    if (bytes[valueStart] !== 0x22) {
      shapeError ??= `the entry for client id "${
        decodeJsonString(bytes, keyStart, keyEnd)
      }" is not a string`;
    }
    entries.push({ leadStart, keyStart, keyEnd, valueStart, valueEnd });
    // The next member's lead starts after the comma that follows this value.
    leadStart = skipSpace(bytes, valueEnd) + 1;
    return valueEnd;
  });
  report(entries, shapeError);
  return end;
}

/**
 * The entries of `clientId`, in file order (more than one only in a file with
 * a duplicate key; the last one counts).
 *
 * @param document The document.
 * @param clientId The client id.
 */
export function entriesOf(document: TokenFileDocument, clientId: string): EntrySpan[] {
  const { bytes } = document;
  const literal = encoder.encode(JSON.stringify(clientId));
  // Compared in place: a view or a string per entry would be ten thousand objects per lookup.
  const sameBytes = (start: number, end: number) => {
    if (end - start !== literal.length) return false;
    for (let i = 0; i < literal.length; i++) if (bytes[start + i] !== literal[i]) return false;
    return true;
  };
  const escaped = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (bytes[i] === 0x5c) return true;
    return false;
  };
  return document.entries.filter(({ keyStart, keyEnd }) =>
    sameBytes(keyStart, keyEnd) ||
    // A key written with escapes (`"\u0061"`) may still be the same client id.
    (escaped(keyStart, keyEnd) && decodeJsonString(bytes, keyStart, keyEnd) === clientId)
  );
}

/**
 * The client id of an entry.
 *
 * @param document The document.
 * @param entry One of its entries.
 */
export function entryClientId(document: TokenFileDocument, entry: EntrySpan): string {
  return decodeJsonString(document.bytes, entry.keyStart, entry.keyEnd);
}

/**
 * The stored text of one entry.
 *
 * @param document The document.
 * @param clientId The client id.
 * @returns The entry's (possibly encrypted) text, or undefined when there is none.
 */
export function entryText(document: TokenFileDocument, clientId: string): string | undefined {
  const span = entriesOf(document, clientId).at(-1);
  return span && decodeJsonString(document.bytes, span.valueStart, span.valueEnd);
}

/**
 * The text of a new token file holding `entries` (indented like the Go client's output).
 *
 * @param entries Entry texts by client id.
 * @returns The file text, ending with a newline.
 */
export function serializeTokenFile(entries: Record<string, string>): string {
  return JSON.stringify({ data: entries }, null, 2) + "\n";
}

/**
 * The bytes of the document with the entry of `clientId` replaced, added, or
 * (`text` undefined) removed. Every byte outside the changed entry is the
 * original's; the result is a list of chunks (mostly views of the original).
 *
 * @param document The current document, or undefined when there is no file yet.
 * @param clientId The client id.
 * @param text The new entry text, or undefined to remove the entry.
 * @returns The new file contents, in chunks.
 */
export function withEntry(
  document: TokenFileDocument | undefined,
  clientId: string,
  text: string | undefined,
): Uint8Array[] {
  const fresh =
    () => [encoder.encode(serializeTokenFile(text === undefined ? {} : { [clientId]: text }))];
  if (!document) return fresh();
  const { bytes, entries } = document;
  const literal = text === undefined ? undefined : encoder.encode(JSON.stringify(text));
  const matches = entriesOf(document, clientId);
  const last = matches.at(-1);
  if (literal && last && matches.length === 1) {
    // The refresh case: one value replaced, every other byte as it was.
    return [bytes.subarray(0, last.valueStart), literal, bytes.subarray(last.valueEnd)];
  }
  const key = encoder.encode(JSON.stringify(clientId));
  const data = document.data;
  if (!data || bytes[data.start] !== 0x7b || entries.length === 0) {
    if (!literal) return [bytes];
    const object = encoder.encode(
      `{\n    ${JSON.stringify(clientId)}: ${JSON.stringify(text)}\n  }`,
    );
    if (data) return [bytes.subarray(0, data.start), object, bytes.subarray(data.end)];
    if (document.rootLastValueEnd === undefined) return fresh();
    const end = document.rootLastValueEnd;
    return [bytes.subarray(0, end), encoder.encode(`,\n  "data": `), object, bytes.subarray(end)];
  }
  // Rebuild `data` from the original members' bytes, leaving out or replacing ours.
  const leadOf = (entry: EntrySpan) => bytes.subarray(entry.leadStart, entry.keyStart);
  const kept: { lead: Uint8Array; member: Uint8Array[] }[] = [];
  for (const entry of entries) {
    if (!matches.includes(entry)) {
      kept.push({ lead: leadOf(entry), member: [bytes.subarray(entry.keyStart, entry.valueEnd)] });
    } else if (entry === last && literal) {
      kept.push({
        lead: leadOf(entry),
        member: [bytes.subarray(entry.keyStart, entry.valueStart), literal],
      });
    }
  }
  const tail = entries[entries.length - 1];
  if (literal && !last) {
    const separator = bytes.subarray(tail.keyEnd, tail.valueStart);
    kept.push({ lead: leadOf(tail), member: [key, separator, literal] });
  }
  const chunks: Uint8Array[] = [bytes.subarray(0, data.start + 1)];
  for (const [i, { lead, member }] of kept.entries()) {
    // The first member keeps the original first one's lead (what follows the brace).
    chunks.push(...(i === 0 ? [leadOf(entries[0])] : [COMMA, lead]), ...member);
  }
  // What stood between the last member and the closing brace (a newline and indent, or nothing).
  if (kept.length > 0) chunks.push(bytes.subarray(tail.valueEnd, data.end - 1));
  chunks.push(bytes.subarray(data.end - 1));
  return chunks;
}
