import { DotenvSyntaxError, parseDotenv, readDotenv } from "../../src/config/dotenv.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

Deno.test("parseDotenv() reads KEY=value lines in order", () => {
  const vars = parseDotenv("CLIENT_ID=abc\nSERVER_URL=https://auth.example.com\n");
  assertEquals([...vars], [["CLIENT_ID", "abc"], ["SERVER_URL", "https://auth.example.com"]]);
});

Deno.test("parseDotenv() accepts the export prefix and spaces around =", () => {
  const vars = parseDotenv("export CLIENT_ID=abc\n  export   SCOPE = openid email  \n");
  assertEquals(vars.get("CLIENT_ID"), "abc");
  assertEquals(vars.get("SCOPE"), "openid email");
});

Deno.test("parseDotenv() skips comments and blank lines, also with CRLF", () => {
  const vars = parseDotenv("# settings\r\n\r\n   \r\nA=1\r\n  # indented comment\r\nB=2\r\n");
  assertEquals([...vars], [["A", "1"], ["B", "2"]]);
});

Deno.test("parseDotenv() ends an unquoted value at an inline ' #' comment only", () => {
  const vars = parseDotenv("A=value # a comment\nB=val#ue\nC=x\t# tab comment\n");
  assertEquals(vars.get("A"), "value");
  assertEquals(vars.get("B"), "val#ue");
  assertEquals(vars.get("C"), "x");
});

Deno.test("parseDotenv() unquotes single and double quotes", () => {
  const vars = parseDotenv(`A="two words"\nB='two words'\nC="has # hash"\nD=""\nE=`);
  assertEquals(vars.get("A"), "two words");
  assertEquals(vars.get("B"), "two words");
  assertEquals(vars.get("C"), "has # hash");
  assertEquals(vars.get("D"), "");
  assertEquals(vars.get("E"), "");
});

Deno.test("parseDotenv() expands escapes in double quotes only", () => {
  const vars = parseDotenv(String.raw`A="a\nb\tc\r \\ end"` + "\n" + String.raw`B='a\nb'`);
  assertEquals(vars.get("A"), "a\nb\tc\r \\ end");
  assertEquals(vars.get("B"), String.raw`a\nb`);
});

Deno.test("parseDotenv() keeps an escaped quote inside a double-quoted value", () => {
  const vars = parseDotenv(String.raw`GREETING="say \"hi\" now"` + "\n" + String.raw`END="x\\"`);
  assertEquals(vars.get("GREETING"), 'say "hi" now');
  assertEquals(vars.get("END"), "x\\");
});

Deno.test("parseDotenv() allows a comment after a closing quote", () => {
  assertEquals(parseDotenv(`A="x y" # note`).get("A"), "x y");
  assertEquals(parseDotenv(`A='x' #note`).get("A"), "x");
});

Deno.test("parseDotenv() lets later keys win", () => {
  assertEquals(parseDotenv("A=1\nA=2\n").get("A"), "2");
});

Deno.test("parseDotenv() names the first bad line by number", () => {
  const cases: [string, number, string][] = [
    ["A=1\n\nNOT A SETTING\n", 3, "expected KEY=value"],
    ["# c\n1KEY=x\n", 2, `invalid key "1KEY"`],
    ["=x\n", 1, `invalid key ""`],
    ['A=1\nB="open\n', 2, "unterminated quoted value"],
    ["A='x' y\n", 1, "unexpected text after the closing quote"],
  ];
  for (const [text, line, reason] of cases) {
    const error = assertThrows(() => parseDotenv(text), DotenvSyntaxError, `line ${line}: `);
    assertEquals(error.line, line);
    assertEquals(error.message, `line ${line}: ${reason}`);
  }
});

Deno.test("readDotenv() reads a file of .env syntax", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/.env`, "CLIENT_ID=from-file\n");
    assertEquals([...readDotenv(`${dir}/.env`)], [["CLIENT_ID", "from-file"]]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("readDotenv() treats a missing file as empty", () => {
  const dir = Deno.makeTempDirSync();
  try {
    assertEquals(readDotenv(`${dir}/.env`).size, 0);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("readDotenv() throws DotenvSyntaxError for a bad file", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/.env`, "GOOD=1\nbad line\n");
    assertThrows(() => readDotenv(`${dir}/.env`), DotenvSyntaxError, "line 2");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
