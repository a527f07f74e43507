import { StatusRenderer, type Ticker } from "../../src/ui/status_renderer.ts";
import { assert, assertEquals, assertExcludes } from "../support/assert.ts";

interface Harness {
  renderer: StatusRenderer;
  output(): string;
  tick(): void;
  advance(ms: number): void;
  running(): number;
}

function harness(mode: { interactive: boolean; color: boolean }, columns?: number): Harness {
  let text = "";
  let now = 1_000_000;
  const repaints = new Set<() => void>();
  const ticker: Ticker = (repaint) => {
    repaints.add(repaint);
    return () => repaints.delete(repaint);
  };
  const renderer = new StatusRenderer({
    sink: { write: (t) => (text += t) },
    mode,
    now: () => now,
    columns,
    ticker,
  });
  return {
    renderer,
    output: () => text,
    tick: () => repaints.forEach((repaint) => repaint()),
    advance: (ms) => (now += ms),
    running: () => repaints.size,
  };
}

const PLAIN = { interactive: false, color: false };
const TTY = { interactive: true, color: false };

Deno.test("StatusRenderer plain mode writes each line once, with no escape codes", () => {
  const h = harness(PLAIN);
  h.renderer.line("Using the device flow");
  const step = h.renderer.step("Waiting for approval", { deadline: 1_000_000 + 90_000 });
  h.tick();
  h.advance(5_000);
  h.tick();
  h.renderer.warning("slow down");
  step.succeed("Approved");
  h.renderer.close();
  assertEquals(
    h.output(),
    "Using the device flow\nWaiting for approval... (1m 30s left)\nWarning: slow down\nApproved\n",
  );
  assertEquals(h.running(), 0, "plain mode starts no timer");
});

Deno.test("StatusRenderer interactive step redraws one line with the time left", () => {
  const h = harness(TTY);
  const step = h.renderer.step("Waiting for approval", { deadline: 1_000_000 + 90_000 });
  assertEquals(h.output(), "⠋ Waiting for approval... 1m 30s left");
  h.advance(31_000);
  h.tick();
  assertEquals(
    h.output(),
    "⠋ Waiting for approval... 1m 30s left\r\x1b[2K⠙ Waiting for approval... 59s left",
  );
  step.succeed("Approved");
  assert(h.output().endsWith("\r\x1b[2K✓ Approved\n"), JSON.stringify(h.output()));
  assertEquals(h.running(), 0, "the repaint timer stops with the step");
});

Deno.test("StatusRenderer prints lines above an active spinner and redraws it", () => {
  const h = harness(TTY);
  h.renderer.step("Waiting");
  h.renderer.line("a line");
  assertEquals(h.output(), "⠋ Waiting...\r\x1b[2Ka line\n⠋ Waiting...");
});

Deno.test("StatusRenderer step ends exactly once; fail and end leave no spinner behind", () => {
  const h = harness(TTY);
  const step = h.renderer.step("Refreshing");
  step.fail("Refresh failed: boom");
  step.succeed("never printed");
  assertExcludes(h.output(), "never printed");
  assert(h.output().endsWith("✗ Refresh failed: boom\n"));
  const other = h.renderer.step("Other");
  other.end();
  assert(h.output().endsWith("⠋ Other...\r\x1b[2K"), JSON.stringify(h.output()));
  assertEquals(h.running(), 0);
});

Deno.test("StatusRenderer close() clears the spinner line (Ctrl-C, errors)", () => {
  const h = harness(TTY);
  h.renderer.step("Waiting");
  h.renderer.close();
  assertEquals(h.output(), "⠋ Waiting...\r\x1b[2K");
  assertEquals(h.running(), 0);
});

Deno.test("StatusRenderer cuts the spinner line to the terminal width", () => {
  const h = harness(TTY, 20);
  h.renderer.step("Waiting for the browser to call back");
  assertEquals(h.output(), "⠋ Waiting for the …");
  assert(h.output().length <= 19);
});

Deno.test("StatusRenderer colors marks only when colors are on", () => {
  const colored = harness({ interactive: true, color: true });
  colored.renderer.success("done");
  colored.renderer.warning("careful");
  assertEquals(colored.output(), "\x1b[32m✓\x1b[0m done\n\x1b[33mWarning:\x1b[0m careful\n");
  assertEquals(colored.renderer.emphasis("x"), "\x1b[1mx\x1b[0m");
  const mono = harness(TTY);
  mono.renderer.success("done");
  assertEquals(mono.output(), "✓ done\n");
  assertEquals(mono.renderer.emphasis("x"), "x");
});
