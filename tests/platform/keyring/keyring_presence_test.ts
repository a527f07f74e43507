import assert from "node:assert/strict";
import {
  keyringAbsenceReason,
  sessionBusEnv,
} from "../../../src/platform/keyring/keyring_presence.ts";

const envOf = (vars: Record<string, string>) => (name: string) => vars[name];
const nothingExists = () => false;

Deno.test("keyringAbsenceReason() rules out Linux without a session bus, spawning nothing", () => {
  assert.equal(
    keyringAbsenceReason("linux", envOf({}), nothingExists),
    "no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set",
  );
  assert.match(keyringAbsenceReason("freebsd", envOf({ HOME: "/h" }), nothingExists)!, /D-Bus/);
});

Deno.test("keyringAbsenceReason() lets a session bus address through", () => {
  const env = envOf({ DBUS_SESSION_BUS_ADDRESS: "unix:path=/tmp/bus" });
  assert.equal(keyringAbsenceReason("linux", env, nothingExists), undefined);
});

Deno.test("keyringAbsenceReason() finds the systemd user bus in XDG_RUNTIME_DIR", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const env = envOf({ XDG_RUNTIME_DIR: dir });
    assert.match(keyringAbsenceReason("linux", env)!, /D-Bus/);
    Deno.writeTextFileSync(`${dir}/bus`, "");
    assert.equal(keyringAbsenceReason("linux", env), undefined);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("keyringAbsenceReason() leaves macOS and Windows to the real probe", () => {
  assert.equal(keyringAbsenceReason("darwin", envOf({}), nothingExists), undefined);
  assert.equal(keyringAbsenceReason("windows", envOf({}), nothingExists), undefined);
});

Deno.test("sessionBusEnv() passes on only the bus variables that are set", () => {
  assert.deepEqual(
    sessionBusEnv(envOf({ DBUS_SESSION_BUS_ADDRESS: "unix:path=/b", HOME: "/h" })),
    { DBUS_SESSION_BUS_ADDRESS: "unix:path=/b" },
  );
  assert.deepEqual(sessionBusEnv(envOf({})), {});
});
