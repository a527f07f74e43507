/**
 * Splits argv into positionals and flag values. Flags may appear anywhere
 * (before or after the subcommand), as `--flag value` or `--flag=value`;
 * `--` ends flags.
 * @module
 */

import { UsageError } from "../errors.ts";
import type { FlagSpec } from "./flag_spec.ts";
import { closestName } from "./suggest.ts";

/** A flag's parsed value: text, repeated texts, or a switch. */
export type FlagValue = string | string[] | boolean;

/** The result of {@linkcode parseArgv}. */
export interface ParsedArgv {
  positionals: string[];
  /** Flag values by long name, in the order given (later wins for strings). */
  flags: Map<string, FlagValue>;
}

function parseBoolean(spec: FlagSpec, text: string): boolean {
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  throw new UsageError(`invalid value "${text}" for --${spec.name}: expected true or false`);
}

/**
 * Parses argv against the known flags.
 *
 * @param argv The arguments after the program name.
 * @param specs Every flag any command accepts.
 * @returns Positionals and flag values.
 * @throws {UsageError} on an unknown flag or a missing value.
 */
export function parseArgv(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgv {
  const byName = new Map<string, FlagSpec>();
  for (const spec of specs) {
    byName.set(spec.name, spec);
    if (spec.short) byName.set(spec.short, spec);
  }
  const positionals: string[] = [];
  const flags = new Map<string, FlagValue>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const match = /^(?:--([^=]+)|-([^-=]))(?:=(.*))?$/s.exec(arg);
    if (!match) {
      positionals.push(arg);
      continue;
    }
    const name = match[1] ?? match[2];
    const dashes = match[1] ? "--" : "-";
    const spec = byName.get(name);
    if (!spec) {
      const guess = closestName(name, specs.map((s) => s.name));
      throw new UsageError(
        `unknown flag ${dashes}${name}`,
        guess ? `did you mean --${guess}?` : "run 'authgate --help' for the flags",
      );
    }
    const inline = match[3];
    if (spec.kind === "boolean") {
      flags.set(spec.name, inline === undefined ? true : parseBoolean(spec, inline));
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) {
        throw new UsageError(`flag --${spec.name} needs a value (${spec.valueName ?? "VALUE"})`);
      }
      value = argv[++i];
    }
    if (spec.choices && !spec.choices.includes(value)) {
      const guess = closestName(value, spec.choices);
      throw new UsageError(
        `invalid value "${value}" for --${spec.name}: expected one of ${spec.choices.join(", ")}`,
        guess ? `did you mean --${spec.name} ${guess}?` : undefined,
      );
    }
    if (spec.kind === "list") {
      const previous = flags.get(spec.name);
      flags.set(spec.name, [...(Array.isArray(previous) ? previous : []), value]);
    } else {
      flags.set(spec.name, value);
    }
  }
  return { positionals, flags };
}
