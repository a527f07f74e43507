import { type FlowFacts, selectLoginFlow } from "../../src/usecases/flow_selection.ts";
import { assertEquals, assertIncludes } from "../support/assert.ts";

function facts(vars: Record<string, string>, rest: Partial<FlowFacts> = {}): FlowFacts {
  return {
    forceDevice: false,
    os: "linux",
    env: (name) => vars[name],
    callbackPort: 8888,
    portAvailable: true,
    ...rest,
  };
}

Deno.test("selectLoginFlow() uses the browser on a desktop with a free port", () => {
  assertEquals(selectLoginFlow(facts({ DISPLAY: ":0" })).flow, "browser");
  assertEquals(selectLoginFlow(facts({ WAYLAND_DISPLAY: "wayland-0" })).flow, "browser");
  assertEquals(selectLoginFlow(facts({}, { os: "darwin" })).flow, "browser");
  assertEquals(selectLoginFlow(facts({}, { os: "windows" })).flow, "browser");
});

Deno.test("selectLoginFlow() --device wins over everything", () => {
  const choice = selectLoginFlow(facts({ DISPLAY: ":0" }, { forceDevice: true, os: "darwin" }));
  assertEquals(choice, { flow: "device", reason: "--device was given" });
});

Deno.test("selectLoginFlow() uses the device flow over SSH without a display, on any OS", () => {
  for (const name of ["SSH_TTY", "SSH_CLIENT", "SSH_CONNECTION"]) {
    for (const os of ["linux", "darwin", "windows"] as const) {
      const choice = selectLoginFlow(facts({ [name]: "x" }, { os }));
      assertEquals(choice.flow, "device", `${name} on ${os}`);
      assertIncludes(choice.reason, `SSH session without a display (${name} is set)`);
    }
  }
});

Deno.test("selectLoginFlow() keeps the browser over SSH with X forwarding", () => {
  const choice = selectLoginFlow(facts({ SSH_CONNECTION: "1 2 3 4", DISPLAY: "localhost:10.0" }));
  assertEquals(choice.flow, "browser");
  assertIncludes(choice.reason, "SSH session with a display");
});

Deno.test("selectLoginFlow() uses the device flow on Linux and BSD without a display", () => {
  for (const os of ["linux", "freebsd", "netbsd"] as const) {
    assertEquals(
      selectLoginFlow(facts({ DISPLAY: "" }, { os })),
      { flow: "device", reason: "no display (DISPLAY and WAYLAND_DISPLAY are unset)" },
    );
  }
});

Deno.test("selectLoginFlow() uses the device flow when the callback port is taken", () => {
  assertEquals(
    selectLoginFlow(facts({ DISPLAY: ":0" }, { portAvailable: false, callbackPort: 9999 })),
    { flow: "device", reason: "callback port 9999 is not available on loopback" },
  );
});
