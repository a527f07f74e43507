/**
 * Draws a URL as a QR code with Unicode half blocks, so a phone can scan the
 * device flow's verification URL off the terminal. The `uqr` package (no
 * dependencies) is loaded only when a code is drawn.
 * @module
 */

/** Modules of quiet zone around the code (scanners want a light margin). */
const BORDER = 2;

/**
 * Renders `text` as a QR code, two module rows per text line: `█` is a light
 * module, a space a dark one. With `color`, every line is painted white on
 * black explicitly, so the code reads right on light terminal themes too;
 * without it, the code relies on a dark background (the common default).
 *
 * @param text The data (a URL).
 * @param options The widest the code may be, and whether colors are allowed.
 * @returns The lines, or undefined when the code would not fit.
 */
export async function renderQrCode(
  text: string,
  options: { maxColumns?: number; color: boolean },
): Promise<string | undefined> {
  const { encode, renderUnicodeCompact } = await import("uqr");
  const size = encode(text, { border: BORDER }).size;
  if (options.maxColumns !== undefined && size > options.maxColumns) return undefined;
  const lines = renderUnicodeCompact(text, { border: BORDER }).split("\n");
  return lines.map((line) => options.color ? `\x1b[97;40m${line}\x1b[0m` : line).join("\n");
}
