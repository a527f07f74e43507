import {
  directoryProblem,
  type FileFacts,
  fileVerdict,
  narrowedWarning,
  ownerIsTrusted,
} from "../../src/platform/file_trust.ts";
import { assertEquals } from "../support/assert.ts";

const ME = 1000;
const file = (mode: number, uid = ME): FileFacts => ({ kind: "file", uid, mode });
const dir = (mode: number, uid = ME): FileFacts => ({ kind: "directory", uid, mode });

Deno.test("ownerIsTrusted() accepts the user and root, and anything where owners are unknown", () => {
  assertEquals(ownerIsTrusted(ME, ME), true);
  assertEquals(ownerIsTrusted(0, ME), true);
  assertEquals(ownerIsTrusted(65534, ME), false);
  assertEquals(ownerIsTrusted(null, ME), true);
  assertEquals(ownerIsTrusted(65534, null), true);
});

Deno.test("directoryProblem() refuses group/other-writable directories unless sticky, and other owners", () => {
  assertEquals(directoryProblem(dir(0o700), ME), undefined);
  assertEquals(directoryProblem(dir(0o755), ME), undefined);
  assertEquals(directoryProblem(dir(0o1777, 0), ME), undefined); // /tmp
  assertEquals(directoryProblem(dir(0o777), ME), "writable by group or others (mode 0777)");
  assertEquals(directoryProblem(dir(0o770), ME), "writable by group or others (mode 0770)");
  assertEquals(directoryProblem(dir(0o700, 65534), ME), "owned by another user (uid 65534)");
  assertEquals(directoryProblem({ kind: "directory", uid: null, mode: null }, null), undefined);
});

Deno.test("fileVerdict() accepts a private file, narrows a readable secret, refuses the rest", () => {
  assertEquals(fileVerdict(file(0o600), ME, true), { action: "accept" });
  assertEquals(fileVerdict(file(0o400, 0), ME, true), { action: "accept" });
  assertEquals(fileVerdict(file(0o644), ME, true), { action: "narrow", mode: 0o600 });
  assertEquals(fileVerdict(file(0o640), ME, true), { action: "narrow", mode: 0o600 });
  // Not a secret (.env, the lock file): readable by others is fine.
  assertEquals(fileVerdict(file(0o644), ME, false), { action: "accept" });
  for (const mode of [0o666, 0o620, 0o602]) {
    const verdict = fileVerdict(file(mode), ME, true);
    assertEquals(verdict.action === "refuse" && verdict.problem, "writable", mode.toString(8));
  }
  assertEquals(fileVerdict(file(0o600, 65534), ME, true), {
    action: "refuse",
    problem: "owner",
    reason: "owned by another user (uid 65534)",
  });
  assertEquals(fileVerdict({ kind: "fifo", uid: ME, mode: 0o600 }, ME, true), {
    action: "refuse",
    problem: "type",
    reason: "not a regular file (a fifo)",
  });
  // Windows: no owner, no mode; the type still counts.
  assertEquals(fileVerdict({ kind: "file", uid: null, mode: null }, null, true), {
    action: "accept",
  });
});

Deno.test("narrowedWarning() is one line naming both modes", () => {
  const warning = narrowedWarning("token file /t.json", 0o644, 0o600);
  assertEquals(
    warning,
    "token file /t.json was readable by group or others (mode 0644); changed to 0600 (anyone who could read it may have copied the tokens)",
  );
  assertEquals(
    narrowedWarning("token file /t.json", 0o644, new Error("Read-only file system")),
    "token file /t.json was readable by group or others (mode 0644); could not change it (Read-only file system) (anyone who could read it may have copied the tokens)",
  );
});
