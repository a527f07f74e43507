/**
 * How status output is drawn: a spinner that redraws one line in an
 * interactive terminal, or plain lines everywhere else (CI logs, pipes, dumb
 * terminals). Pure: the caller passes the environment and terminal facts.
 * @module
 */

import { CI_ENV_NAMES } from "../config/env_names.ts";

/** Narrower than this and the spinner line would wrap: plain lines instead. */
export const MIN_INTERACTIVE_COLUMNS = 40;

/** The chosen output style. */
export interface OutputMode {
  /** Redraw a spinner line (and draw QR codes); else plain lines only. */
  interactive: boolean;
  /** Use ANSI colors (only ever in interactive mode, never with NO_COLOR). */
  color: boolean;
}

/** What the decision depends on. */
export interface OutputFacts {
  env(name: string): string | undefined;
  os: typeof Deno.build.os;
  /** Whether stderr, where status is drawn, is a terminal. */
  stderrIsTerminal: boolean;
  /** The terminal width, when known. */
  columns?: number;
}

/**
 * Whether the environment says this is a CI run.
 *
 * @param env Reads a variable.
 */
export function isCi(env: (name: string) => string | undefined): boolean {
  return CI_ENV_NAMES.some((name) => {
    const value = env(name)?.trim().toLowerCase();
    return value !== undefined && value !== "" && value !== "false" && value !== "0";
  });
}

/**
 * Chooses the output style: interactive only when stderr is a terminal, no CI
 * variable is set, `TERM` is neither `dumb` nor empty (Windows consoles leave
 * it unset and still draw), and the terminal is not tiny. Colors additionally
 * need `NO_COLOR` unset or empty (https://no-color.org).
 *
 * @param facts Environment and terminal facts.
 * @returns The output mode.
 */
export function chooseOutputMode(facts: OutputFacts): OutputMode {
  const term = facts.env("TERM") ?? "";
  const dumbTerm = term === "dumb" || (term === "" && facts.os !== "windows");
  const tiny = facts.columns !== undefined && facts.columns < MIN_INTERACTIVE_COLUMNS;
  const interactive = facts.stderrIsTerminal && !isCi(facts.env) && !dumbTerm && !tiny;
  const noColor = (facts.env("NO_COLOR") ?? "") !== "";
  return { interactive, color: interactive && !noColor };
}
