/**
 * `authgate version` / `authgate --version`: the program's version (from
 * deno.json, also inside compiled binaries), the Deno version and the target.
 * @module
 */

import type { CommandContext } from "../config/command.ts";

/** Parsed options of `version`. */
export interface VersionOptions {
  json: boolean;
}

/** What `version` reports. */
export interface VersionInfo {
  /** authgate's version, as in deno.json. */
  version: string;
  /** The Deno runtime's version. */
  deno: string;
  /** The target triple, as `Deno.build.target`. */
  target: string;
}

/**
 * Reads `version`'s options from parsed flags.
 *
 * @param flags Parsed flags.
 * @returns The options.
 */
export function parseVersionOptions(flags: CommandContext["flags"]): VersionOptions {
  return { json: flags.get("json") === true };
}

/**
 * The running program's version facts. deno.json is imported as a JSON
 * module (lazily, off the hot path); `deno compile` embeds it like any module.
 *
 * @returns The facts.
 */
export async function readVersionInfo(): Promise<VersionInfo> {
  const { default: manifest } = await import("../../deno.json", { with: { type: "json" } });
  return { version: manifest.version, deno: Deno.version.deno, target: Deno.build.target };
}

/**
 * Formats the facts: `authgate X`, `deno Y`, `target Z` lines, or JSON.
 *
 * @param info The facts.
 * @param json Whether to print JSON.
 * @returns The text, ending with a newline.
 */
export function formatVersion(info: VersionInfo, json: boolean): string {
  if (json) return JSON.stringify(info) + "\n";
  return `authgate ${info.version}\ndeno ${info.deno}\ntarget ${info.target}\n`;
}

/**
 * Runs `version`.
 *
 * @param options Parsed options.
 * @param context The command context.
 * @returns The exit code.
 */
export async function runVersion(options: VersionOptions, context: CommandContext) {
  context.deps.stdout.write(formatVersion(await readVersionInfo(), options.json));
  return 0;
}
