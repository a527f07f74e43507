/**
 * Reads `.env` files (KEY=VALUE lines), the third source of settings after
 * flags and the environment.
 * @module
 */

import { readTrustedFile, type TrustPolicy } from "../platform/trusted_file.ts";

/** A `.env` line that could not be parsed. */
export class DotenvSyntaxError extends Error {
  override name = "DotenvSyntaxError";

  constructor(readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`);
  }
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** Index of the quote closing `raw[0]`; inside double quotes `\"` does not close. */
function closingQuote(raw: string, quote: string): number {
  for (let i = 1; i < raw.length; i++) {
    if (quote === '"' && raw[i] === "\\") i++;
    else if (raw[i] === quote) return i;
  }
  return -1;
}

function unquote(raw: string, line: number): string {
  const quote = raw[0];
  if (quote !== '"' && quote !== "'") {
    // An unquoted value ends at a " #" comment.
    const hash = raw.search(/\s#/);
    return (hash === -1 ? raw : raw.slice(0, hash)).trim();
  }
  const end = closingQuote(raw, quote);
  if (end === -1) throw new DotenvSyntaxError(line, "unterminated quoted value");
  const after = raw.slice(end + 1).trim();
  if (after !== "" && !after.startsWith("#")) {
    throw new DotenvSyntaxError(line, "unexpected text after the closing quote");
  }
  const body = raw.slice(1, end);
  if (quote === "'") return body;
  return body.replace(
    /\\([nrt"\\])/g,
    (_, c: string) => ({ n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" })[c]!,
  );
}

/** Options of {@linkcode parseDotenv}. */
export interface DotenvOptions {
  /** Which keys are valid (default: environment variable names, `[A-Za-z_][A-Za-z0-9_.]*`). */
  key?: RegExp;
}

/**
 * Parses `.env` text: `KEY=value`, optional `export ` prefix, single or double
 * quotes, `#` comments and blank lines. Later keys win.
 *
 * @param text The file's contents.
 * @param options Key syntax.
 * @returns The variables in file order.
 * @throws {DotenvSyntaxError} naming the first bad line.
 */
export function parseDotenv(text: string, options: DotenvOptions = {}): Map<string, string> {
  const keyPattern = options.key ?? KEY;
  const vars = new Map<string, string>();
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) return;
    const body = line.startsWith("export ") ? line.slice(7).trimStart() : line;
    const eq = body.indexOf("=");
    if (eq === -1) throw new DotenvSyntaxError(index + 1, "expected KEY=value");
    const key = body.slice(0, eq).trim();
    if (!keyPattern.test(key)) throw new DotenvSyntaxError(index + 1, `invalid key "${key}"`);
    vars.set(key, unquote(body.slice(eq + 1).trim(), index + 1));
  });
  return vars;
}

/**
 * The working directory's `.env`: a regular file (a FIFO there must not hang
 * the CLI), not a symlink (nobody names it deliberately: it is whatever the
 * working directory holds), owned by the user or root, not writable by others,
 * at most 1 MiB.
 */
export const DOTENV_POLICY: TrustPolicy = {
  what: ".env file",
  followSymlink: false,
  symlinkHint: "replace the link with a file, or set the variables in the environment",
  secret: false,
  maxBytes: 1024 * 1024,
};

/**
 * The user's own settings file: the same rules, but a symlink the user owns is
 * followed (dotfile managers link it).
 */
export const USER_SETTINGS_POLICY: TrustPolicy = {
  ...DOTENV_POLICY,
  what: "settings file",
  followSymlink: true,
};

/**
 * Reads and parses a file of `.env` syntax; a missing file is an empty set.
 *
 * @param path The file.
 * @returns The variables.
 * @throws {DotenvSyntaxError} when the file exists but does not parse.
 * @throws {import("../platform/trusted_file.ts").UntrustedFileError} when the
 * file is not a regular file, is a symlink, too large, or others may write it.
 */
export function readDotenv(path: string, policy: TrustPolicy = DOTENV_POLICY): Map<string, string> {
  const text = readTrustedFile(path, policy);
  return text === undefined ? new Map() : parseDotenv(text);
}
