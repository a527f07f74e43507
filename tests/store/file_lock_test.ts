import { acquireFileLock, LockTimeoutError, ownerIsGone } from "../../src/store/file_lock.ts";
import { assert, assertEquals, assertRejects } from "../support/assert.ts";
import { listDir, permissionBits, withTempDir } from "../support/temp_dir.ts";

const FOREIGN = JSON.stringify({ pid: 99999, host: "elsewhere", id: "foreign-id", acquired: "" });

async function backdate(path: string, seconds: number): Promise<void> {
  const past = new Date(Date.now() - seconds * 1_000);
  await Deno.utime(path, past, past);
}

async function ageMs(path: string): Promise<number> {
  return Date.now() - ((await Deno.stat(path)).mtime?.getTime() ?? 0);
}

async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting: ${what}`);
}

Deno.test("acquireFileLock() writes an owner record naming pid, host and id", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/sub/tokens.json.lock`;
    const lock = await acquireFileLock(path, { timeoutMs: 1_000 });
    try {
      const owner = JSON.parse(await Deno.readTextFile(path));
      assertEquals(Object.keys(owner), ["pid", "host", "id", "acquired"]);
      assertEquals(owner.pid, Deno.pid);
      assertEquals(owner.host, Deno.hostname());
      assert(/^[0-9a-f-]{36}$/.test(owner.id), `id ${owner.id}`);
      assert(!Number.isNaN(Date.parse(owner.acquired)), `acquired ${owner.acquired}`);
      assertEquals((await permissionBits(path)).toString(8), "600");
      assertEquals((await permissionBits(`${dir}/sub`)).toString(8), "700");
    } finally {
      await lock.release();
    }
    assertEquals(await listDir(`${dir}/sub`), []);
  }));

Deno.test("acquireFileLock() is exclusive: a second caller times out while it is held", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    const first = await acquireFileLock(path, { timeoutMs: 1_000 });
    const error = await assertRejects(
      () => acquireFileLock(path, { timeoutMs: 100, pollMs: 10 }),
      LockTimeoutError,
      "locked by another authgate process",
    );
    assert(error.message.includes(path), error.message);
    await first.release();
    const second = await acquireFileLock(path, { timeoutMs: 1_000 });
    await second.release();
  }));

Deno.test("acquireFileLock() waits and gets the lock once the holder releases it", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    const first = await acquireFileLock(path, { timeoutMs: 1_000 });
    let acquired = false;
    const waiter = acquireFileLock(path, { timeoutMs: 10_000, pollMs: 5 }).then((lock) => {
      acquired = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assertEquals(acquired, false);
    await first.release();
    const second = await waiter;
    assertEquals(acquired, true);
    await second.release();
  }));

Deno.test("acquireFileLock() lets only one of many concurrent callers in at a time", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    let inside = 0;
    let maxInside = 0;
    let entered = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      const lock = await acquireFileLock(path, { timeoutMs: 20_000, pollMs: 2 });
      try {
        inside++;
        entered++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inside--;
      } finally {
        await lock.release();
      }
    }));
    assertEquals({ entered, maxInside }, { entered: 8, maxInside: 1 });
    assertEquals(await listDir(dir), []);
  }));

Deno.test("acquireFileLock() breaks a stale lock (untouched for 31 s)", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    await Deno.writeTextFile(path, FOREIGN);
    await backdate(path, 31);
    const lock = await acquireFileLock(path, { timeoutMs: 1_000 });
    try {
      const owner = JSON.parse(await Deno.readTextFile(path));
      assertEquals(owner.pid, Deno.pid);
      assert(owner.id !== "foreign-id", "the lock is ours now");
    } finally {
      await lock.release();
    }
    assertEquals(await listDir(dir), []);
  }));

Deno.test("acquireFileLock() breaks a stale lock whose content is garbage", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    await Deno.writeTextFile(path, "garbage");
    await backdate(path, 31);
    const lock = await acquireFileLock(path, { timeoutMs: 1_000 });
    await lock.release();
    assertEquals(await listDir(dir), []);
  }));

Deno.test("acquireFileLock() does not break a fresh foreign lock", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    await Deno.writeTextFile(path, FOREIGN);
    await backdate(path, 29);
    await assertRejects(
      () => acquireFileLock(path, { timeoutMs: 100, pollMs: 10 }),
      LockTimeoutError,
    );
    assertEquals(await Deno.readTextFile(path), FOREIGN);
    assertEquals(await listDir(dir), ["t.lock"]);
  }));

Deno.test("FileLock.release() leaves a lock that another owner replaced", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    const lock = await acquireFileLock(path, { timeoutMs: 1_000 });
    await Deno.remove(path);
    await Deno.writeTextFile(path, FOREIGN);
    await lock.release();
    assertEquals(await Deno.readTextFile(path), FOREIGN);
  }));

Deno.test("FileLock.release() is idempotent and does not remove a later owner's lock", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    const first = await acquireFileLock(path, { timeoutMs: 1_000 });
    await first.release();
    const second = await acquireFileLock(path, { timeoutMs: 1_000 });
    await first.release();
    assertEquals(await listDir(dir), ["t.lock"]);
    await second.release();
    assertEquals(await listDir(dir), []);
  }));

Deno.test("FileLock.release() tolerates a lock file that is already gone", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    const lock = await acquireFileLock(path, { timeoutMs: 1_000 });
    await Deno.remove(path);
    await lock.release();
    assertEquals(await listDir(dir), []);
  }));

Deno.test("acquireFileLock() heartbeat keeps the lock's mtime fresh while held", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    const lock = await acquireFileLock(path, { timeoutMs: 1_000, heartbeatMs: 20 });
    try {
      await backdate(path, 60);
      assert(await ageMs(path) > 30_000, "backdated");
      await waitUntil(async () => await ageMs(path) < 10_000, "the heartbeat touches the lock");
      await assertRejects(
        () => acquireFileLock(path, { timeoutMs: 100, pollMs: 10 }),
        LockTimeoutError,
      );
    } finally {
      await lock.release();
    }
    assertEquals(await listDir(dir), []);
  }));

Deno.test("acquireFileLock() honours a custom staleMs", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    await Deno.writeTextFile(path, FOREIGN);
    await backdate(path, 5);
    const lock = await acquireFileLock(path, { timeoutMs: 1_000, staleMs: 2_000 });
    await lock.release();
    assertEquals(await listDir(dir), []);
  }));

async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test({
  name: "acquireFileLock() breaks at once a fresh lock whose owner process on this host is gone",
  ignore: Deno.build.os !== "linux", // only Linux can tell (/proc); elsewhere staleness decides
  fn: () =>
    withTempDir(async (dir) => {
      const path = `${dir}/tokens.json.lock`;
      const host = Deno.readTextFileSync("/etc/hostname").trim();
      await Deno.writeTextFile(
        path,
        JSON.stringify({ pid: await deadPid(), host, id: "killed-holder", acquired: "" }),
      );
      const lock = await acquireFileLock(path, { timeoutMs: 300 });
      await lock.release();
    }),
});

Deno.test("ownerIsGone() trusts only a missing pid on this same host", async () => {
  const host = "this-host";
  const dead = await deadPid();
  assertEquals(ownerIsGone({ pid: dead, host }, host), Deno.build.os === "linux");
  assertEquals(ownerIsGone({ pid: Deno.pid, host }, host), false);
  assertEquals(ownerIsGone({ pid: dead, host: "elsewhere" }, host), false);
  assertEquals(ownerIsGone({ pid: dead, host: "" }, ""), false);
  assertEquals(ownerIsGone({ host }, host), false);
  assertEquals(ownerIsGone(undefined, host), false);
});
