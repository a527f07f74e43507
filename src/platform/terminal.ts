/**
 * The terminal's width, for the status renderer.
 * @module
 */

/**
 * The terminal width in columns, or undefined without a terminal.
 *
 * @returns Columns.
 */
export function terminalColumns(): number | undefined {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return undefined;
  }
}
