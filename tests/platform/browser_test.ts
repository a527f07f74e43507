import {
  browserCommands,
  openBrowser,
  type Spawner,
  spawnLauncher,
} from "../../src/platform/browser.ts";
import { assertEquals, assertIncludes } from "../support/assert.ts";

const URL_ = "http://127.0.0.1:9/auth?a=1&b=2";

Deno.test("browserCommands() picks the platform launcher", () => {
  assertEquals(browserCommands(URL_, "linux"), [
    { program: "xdg-open", args: [URL_], origin: "platform" },
  ]);
  assertEquals(browserCommands(URL_, "darwin")[0].program, "open");
  assertEquals(browserCommands(URL_, "windows"), [
    { program: "rundll32", args: ["url.dll,FileProtocolHandler", URL_], origin: "platform" },
  ]);
});

Deno.test("browserCommands() tries BROWSER entries first, with %s or the URL appended", () => {
  assertEquals(browserCommands(URL_, "linux", "firefox --new-window:w3m %s: "), [
    { program: "firefox", args: ["--new-window", URL_], origin: "BROWSER" },
    { program: "w3m", args: [URL_], origin: "BROWSER" },
    { program: "xdg-open", args: [URL_], origin: "platform" },
  ]);
  assertEquals(
    browserCommands(URL_, "windows", "C:\\b\\chrome.exe;")[0].program,
    "C:\\b\\chrome.exe",
  );
});

function spawner(results: Record<string, number | undefined | Error>): {
  spawn: Spawner;
  calls: string[];
} {
  const calls: string[] = [];
  return {
    calls,
    spawn: (program) => {
      calls.push(program);
      const result = results[program];
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
  };
}

Deno.test("openBrowser() falls back from a BROWSER program it may not run to xdg-open", async () => {
  const { spawn, calls } = spawner({
    firefox: new Deno.errors.NotCapable("Requires run access"),
    "xdg-open": 0,
  });
  const result = await openBrowser(URL_, { os: "linux", env: () => "firefox", spawn });
  assertEquals(calls, ["firefox", "xdg-open"]);
  assertEquals(result.ok, true);
  assertEquals(result.notes, [
    'BROWSER program "firefox" is not one authgate may run (only the platform launcher is allowed)',
  ]);
});

Deno.test("openBrowser() reports why no launcher worked", async () => {
  const { spawn } = spawner({ "xdg-open": new Deno.errors.NotFound("no such file") });
  const missing = await openBrowser(URL_, { os: "linux", env: () => undefined, spawn });
  assertEquals(missing, { ok: false, reason: "xdg-open was not found", notes: [missing.notes[0]] });
  const failing = await openBrowser(URL_, {
    os: "linux",
    env: () => undefined,
    spawn: spawner({ "xdg-open": 3 }).spawn,
  });
  assertEquals(failing.ok, false);
  assertIncludes((failing as { reason: string }).reason, "xdg-open exited with code 3");
});

Deno.test("openBrowser() hands no program a URL that is not https or loopback http", async () => {
  for (const url of ["file:///etc/passwd", "javascript:alert(1)", "http://auth.example.com/a"]) {
    const { spawn, calls } = spawner({ "xdg-open": 0 });
    const result = await openBrowser(url, { os: "linux", env: () => "firefox", spawn });
    assertEquals(calls, [], url);
    assertEquals(result.ok, false);
    assertIncludes((result as { reason: string }).reason, "the URL is not opened: ");
  }
});

Deno.test("openBrowser() counts a launcher still running as launched", async () => {
  const { spawn } = spawner({ "xdg-open": undefined });
  assertEquals(await openBrowser(URL_, { os: "linux", env: () => undefined, spawn }), {
    ok: true,
    program: "xdg-open",
    notes: [],
  });
});

Deno.test("spawnLauncher() returns a real program's exit code", async () => {
  assertEquals(await spawnLauncher("sh", ["-c", "exit 3"]), 3);
  assertEquals(await spawnLauncher("sh", ["-c", "exit 0"]), 0);
});
