/**
 * Where JSON text stops being JSON, as a line and column. V8's `JSON.parse`
 * messages quote the text around the error (`Unexpected token 'x', "{"data":
 * x-secr"... is not valid JSON`), and a token file's text is secret, so
 * messages about such files use this position instead. Run only after
 * `JSON.parse` has failed: a small RFC 8259 scanner, no values built.
 * @module
 */

/** A position in the text, both 1-based (columns count UTF-16 code units). */
export interface TextPosition {
  line: number;
  column: number;
}

class Stop {
  constructor(readonly at: number) {}
}

/**
 * The byte-free position of the first JSON syntax error in `text`.
 *
 * @param text Text that `JSON.parse` rejected.
 * @returns The 0-based offset of the first offending character (`text.length`
 * when the text ends too early), or `undefined` when the scanner finds the
 * text valid or too deeply nested to scan.
 */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (at = i): never => {
    throw new Stop(at);
  };
  const skipSpace = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail();
    i++;
  };
  const literal = (word: string) => {
    for (const char of word) expect(char);
  };
  const digits = () => {
    const start = i;
    while (text[i] >= "0" && text[i] <= "9") i++;
    if (i === start) fail();
  };
  const number = () => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else digits();
    if (text[i] === ".") {
      i++;
      digits();
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      digits();
    }
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) fail();
      const code = text.charCodeAt(i);
      if (code === 0x22) return void i++;
      if (code < 0x20) fail();
      if (code !== 0x5c) {
        i++;
        continue;
      }
      i++;
      if (text[i] === "u") {
        for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) fail(i + k);
        i += 5;
      } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i])) {
        i++;
      } else {
        fail();
      }
    }
  };
  // Members of an object or an array, up to the closing bracket.
  const members = (close: string, member: () => void) => {
    i++;
    skipSpace();
    if (text[i] === close) return void i++;
    for (;;) {
      member();
      skipSpace();
      if (text[i] === close) return void i++;
      expect(",");
    }
  };
  const value = (): void => {
    skipSpace();
    const char = text[i];
    if (char === "{") {
      members("}", () => {
        skipSpace();
        string();
        skipSpace();
        expect(":");
        value();
      });
    } else if (char === "[") members("]", value);
    else if (char === '"') string();
    else if (char === "-" || (char >= "0" && char <= "9")) number();
    else if (char === "t") literal("true");
    else if (char === "f") literal("false");
    else if (char === "n") literal("null");
    else fail();
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    if (error instanceof RangeError) return undefined; // nested deeper than the stack
    throw error;
  }
}

/**
 * The line and column of an offset.
 *
 * @param text The text.
 * @param offset A 0-based offset into it.
 * @returns The 1-based position.
 */
export function textPosition(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/**
 * Describes why `text` is not JSON without quoting any of it.
 *
 * @param text Text that `JSON.parse` rejected.
 * @returns `syntax error at line 3, column 14`, or `syntax error` alone.
 */
export function describeJsonSyntaxError(text: string): string {
  const offset = jsonSyntaxErrorOffset(text);
  if (offset === undefined) return "syntax error";
  const { line, column } = textPosition(text, offset);
  return `syntax error at line ${line}, column ${column}`;
}
