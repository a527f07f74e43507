import { chooseOutputMode, isCi, type OutputFacts } from "../../src/ui/output_mode.ts";
import { assertEquals } from "../support/assert.ts";

function facts(vars: Record<string, string>, rest: Partial<OutputFacts> = {}): OutputFacts {
  return {
    env: (name) => vars[name],
    os: "linux",
    stderrIsTerminal: true,
    columns: 120,
    ...rest,
  };
}

const XTERM = { TERM: "xterm-256color" };

Deno.test("chooseOutputMode() is interactive with colors in a plain terminal", () => {
  assertEquals(chooseOutputMode(facts(XTERM)), { interactive: true, color: true });
});

Deno.test("chooseOutputMode() draws plain lines when stderr is not a terminal", () => {
  assertEquals(
    chooseOutputMode(facts(XTERM, { stderrIsTerminal: false })),
    { interactive: false, color: false },
  );
});

Deno.test("chooseOutputMode() draws plain lines in CI", () => {
  for (
    const name of ["CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD"]
  ) {
    assertEquals(
      chooseOutputMode(facts({ ...XTERM, [name]: "true" })).interactive,
      false,
      name,
    );
  }
});

Deno.test("isCi() ignores CI variables that are empty, false or 0", () => {
  assertEquals(isCi((n) => ({ CI: "false" } as Record<string, string>)[n]), false);
  assertEquals(isCi((n) => ({ CI: "0" } as Record<string, string>)[n]), false);
  assertEquals(isCi((n) => ({ CI: "" } as Record<string, string>)[n]), false);
  assertEquals(isCi((n) => ({ CI: "1" } as Record<string, string>)[n]), true);
  assertEquals(isCi((n) => ({ JENKINS_URL: "http://ci" } as Record<string, string>)[n]), true);
});

Deno.test("chooseOutputMode() draws plain lines for TERM=dumb, and for no TERM except on Windows", () => {
  assertEquals(chooseOutputMode(facts({ TERM: "dumb" })).interactive, false);
  assertEquals(chooseOutputMode(facts({})).interactive, false);
  assertEquals(chooseOutputMode(facts({}, { os: "windows" })).interactive, true);
});

Deno.test("chooseOutputMode() draws plain lines in a tiny terminal", () => {
  assertEquals(chooseOutputMode(facts(XTERM, { columns: 39 })).interactive, false);
  assertEquals(chooseOutputMode(facts(XTERM, { columns: 40 })).interactive, true);
  assertEquals(chooseOutputMode(facts(XTERM, { columns: undefined })).interactive, true);
});

Deno.test("chooseOutputMode() keeps the spinner but drops colors with NO_COLOR", () => {
  assertEquals(
    chooseOutputMode(facts({ ...XTERM, NO_COLOR: "1" })),
    { interactive: true, color: false },
  );
  assertEquals(chooseOutputMode(facts({ ...XTERM, NO_COLOR: "" })).color, true);
});
