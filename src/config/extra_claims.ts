/**
 * AuthGate's extra claims: `--extra-claims key=value` (repeatable) and
 * `--extra-claims-file PATH` (.env format). Values that parse as JSON keep
 * their type (large integers exactly), others are strings; flags override
 * file entries. The compact JSON object goes as the form field
 * `extra_claims` on authorization-code, device-code and refresh token
 * requests. Never stored.
 * @module
 */

import type { JsonValue } from "../json/lossless_json.ts";
import { errorMessage, UsageError } from "../errors.ts";
import type { FlagValue } from "./argv.ts";
import { DotenvSyntaxError, parseDotenv } from "./dotenv.ts";
import { type ExtraClaimsInput, readExtraClaimsFlags } from "./setting_flags.ts";

/** The largest extra claims file read. */
export const EXTRA_CLAIMS_FILE_LIMIT = 64 * 1024;

/** The form field that carries the claims. */
export const EXTRA_CLAIMS_FIELD = "extra_claims";

/** Claim names: anything but whitespace, `=`, `#` and quotes (URLs are common claim names). */
const CLAIM_KEY = /^[^\s=#"']+$/;

export type { ExtraClaimsInput } from "./setting_flags.ts";

/**
 * Splits `key=value` at the first `=` (the value is typed later, when read).
 * A malformed pair is named by its position and, when it has one, its key:
 * never the value or the whole text (a mistyped secret would land in a log).
 *
 * @param text One `--extra-claims` value.
 * @param index Its position among the `--extra-claims` values (0-based).
 * @returns The key and the value's text.
 * @throws {UsageError} when there is no `=` or no valid key.
 */
export function splitClaimPair(text: string, index: number): [string, string] {
  const eq = text.indexOf("=");
  const key = eq === -1 ? "" : text.slice(0, eq);
  if (!CLAIM_KEY.test(key)) {
    const what = `--extra-claims value #${index + 1}`;
    const problem = eq === -1
      ? 'has no "="'
      : key === ""
      ? "has an empty key"
      : `has an invalid key "${key}" (no whitespace, "#" or quotes)`;
    throw new UsageError(
      `invalid ${what}: it ${problem}; expected key=value`,
      "for example --extra-claims tenant=acme --extra-claims 'roles=[\"admin\"]'",
    );
  }
  return [key, text.slice(eq + 1)];
}

/**
 * Reads the extra claims inputs from parsed flags, checking the pairs' syntax.
 *
 * @param flags Parsed flags.
 * @returns The inputs.
 * @throws {UsageError} on a malformed pair.
 */
export function extraClaimsInput(flags: ReadonlyMap<string, FlagValue>): ExtraClaimsInput {
  const input = readExtraClaimsFlags(flags);
  input.pairs.forEach((pair, index) => splitClaimPair(pair, index));
  return input;
}

async function readLimited(path: string): Promise<string> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound ? "no such file" : errorMessage(error);
    throw new UsageError(`cannot read --extra-claims-file ${path}: ${reason}`);
  }
  try {
    const buffer = new Uint8Array(EXTRA_CLAIMS_FILE_LIMIT + 1);
    let size = 0;
    while (size < buffer.length) {
      const n = await file.read(buffer.subarray(size));
      if (n === null) break;
      size += n;
    }
    if (size > EXTRA_CLAIMS_FILE_LIMIT) {
      throw new UsageError(`--extra-claims-file ${path} is larger than 64 KiB`);
    }
    return new TextDecoder().decode(buffer.subarray(0, size));
  } finally {
    file.close();
  }
}

/**
 * Reads the file (if any) and merges the claims: file entries first, flags
 * override them.
 *
 * @param input The inputs from {@linkcode extraClaimsInput}.
 * @param cwd The directory relative file paths start from.
 * @returns The claims in order, empty when none were given.
 * @throws {UsageError} for an unreadable, oversized or malformed file (naming the line).
 */
export async function readExtraClaims(
  input: ExtraClaimsInput,
  cwd: string,
): Promise<Map<string, JsonValue>> {
  const claims = new Map<string, JsonValue>();
  if (input.pairs.length === 0 && input.file === undefined) return claims;
  const { claimValue } = await import("./claim_value.ts");
  if (input.file !== undefined) {
    const path = /^([A-Za-z]:)?[\\/]/.test(input.file) ? input.file : `${cwd}/${input.file}`;
    let entries: Map<string, string>;
    try {
      entries = parseDotenv(await readLimited(path), { key: CLAIM_KEY });
    } catch (error) {
      if (error instanceof DotenvSyntaxError) {
        throw new UsageError(`invalid --extra-claims-file ${input.file}: ${error.message}`);
      }
      throw error;
    }
    for (const [key, text] of entries) claims.set(key, claimValue(text));
  }
  for (const [key, text] of input.pairs.map((pair, index) => splitClaimPair(pair, index))) {
    claims.set(key, claimValue(text));
  }
  return claims;
}

/**
 * The form fields that carry the claims: `{ extra_claims: "<compact JSON>" }`,
 * or `undefined` when there are none (nothing is sent).
 *
 * @param claims The claims.
 * @returns Additional parameters for an oauth4webapi token request.
 */
export function extraClaimsParameters(
  claims: ReadonlyMap<string, JsonValue>,
): Record<string, string> | undefined {
  if (claims.size === 0) return undefined;
  return { [EXTRA_CLAIMS_FIELD]: JSON.stringify(Object.fromEntries(claims)) };
}

/**
 * The one call for commands that send token requests (refresh, code and
 * device grants): reads `--extra-claims` and `--extra-claims-file` from the
 * parsed flags and returns the additional form fields.
 *
 * @param flags Parsed flags.
 * @param cwd The working directory.
 * @returns `{ extra_claims }`, or `undefined` when no claims were given.
 * @throws {UsageError} on bad syntax (naming the value or the file's line).
 */
export async function resolveExtraClaimsParameters(
  flags: ReadonlyMap<string, FlagValue>,
  cwd: string,
): Promise<Record<string, string> | undefined> {
  return extraClaimsParameters(await readExtraClaims(extraClaimsInput(flags), cwd));
}
