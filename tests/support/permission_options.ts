/**
 * What Deno records for a set of permission flags: the `permissions` object
 * of a compiled binary's metadata (Deno's `PermissionsOptions`), computed
 * from the flags, so a test compares what was embedded with the flags that
 * were meant, field by field.
 * @module
 */

/**
 * The hosts Deno lets a program import from when `--allow-import` is not
 * given (Deno 2.9's implicit allow list, `implicit_allow_import` in its
 * `cli/args`), recorded in the binary like an explicit flag.
 */
export const DENO_IMPLICIT_IMPORT_HOSTS = [
  "jsr.io:443",
  "deno.land:443",
  "esm.sh:443",
  "raw.esm.sh:443",
  "cdn.jsdelivr.net:443",
  "raw.githubusercontent.com:443",
  "gist.githubusercontent.com:443",
];

const FLAG = /^--(allow|deny|ignore)-([a-z]+)(?:=(.*))?$/;

/**
 * The permission options `flags` give, over the fields Deno records: a
 * field no flag sets is `null` (`allow_import`: the implicit hosts), a flag
 * without a value is `[]` (everything), `--flag=a,b` is `["a", "b"]`;
 * `prompt` is `false` with `--no-prompt`.
 *
 * @param flags Permission flags, as `scripts/permissions.ts` gives them.
 * @param fields The field names of the recorded object (every one is compared).
 * @returns The expected object.
 * @throws {Error} for a flag this model does not know (such as `--allow-all`).
 */
export function permissionOptionsFromFlags(
  flags: readonly string[],
  fields: readonly string[],
): Record<string, unknown> {
  const options: Record<string, unknown> = Object.fromEntries(fields.map((f) => [f, null]));
  options.allow_import = DENO_IMPLICIT_IMPORT_HOSTS;
  options.prompt = true;
  for (const flag of flags) {
    const match = FLAG.exec(flag);
    if (flag === "--no-prompt") options.prompt = false;
    else if (match && match[2] !== "all") {
      options[`${match[1]}_${match[2]}`] = match[3] === undefined ? [] : match[3].split(",");
    } else throw new Error(`unknown permission flag ${flag}`);
  }
  return options;
}
