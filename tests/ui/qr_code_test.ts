import { encode } from "uqr";
import { renderQrCode } from "../../src/ui/qr_code.ts";
import { assert, assertEquals } from "../support/assert.ts";

const URL_ = "http://127.0.0.1:8080/device?user_code=BCDF-GHJK";

/** Reads the half-block drawing back into module rows (true = dark). */
function modules(drawing: string): boolean[][] {
  const rows: boolean[][] = [];
  for (const line of drawing.split("\n")) {
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (const char of line) {
      top.push(char === " " || char === "▄");
      bottom.push(char === " " || char === "▀");
    }
    rows.push(top, bottom);
  }
  return rows;
}

Deno.test("renderQrCode() draws exactly the modules of the URL's QR code", async () => {
  const drawing = await renderQrCode(URL_, { color: false });
  assert(drawing !== undefined);
  const expected = encode(URL_, { border: 2 });
  const drawn = modules(drawing).slice(0, expected.size);
  assertEquals(drawn, expected.data);
});

Deno.test("renderQrCode() refuses to draw wider than the terminal", async () => {
  const size = encode(URL_, { border: 2 }).size;
  assertEquals(await renderQrCode(URL_, { color: false, maxColumns: size - 1 }), undefined);
  assert(await renderQrCode(URL_, { color: false, maxColumns: size }));
});

Deno.test("renderQrCode() paints white on black explicitly with colors", async () => {
  const drawing = (await renderQrCode(URL_, { color: true }))!;
  for (const line of drawing.split("\n")) {
    assert(line.startsWith("\x1b[97;40m") && line.endsWith("\x1b[0m"), JSON.stringify(line));
  }
});
