import { acquireFileLock, LockTimeoutError } from "../../src/store/file_lock.ts";
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
      assertEquals(Object.keys(owner), ["pid", "host", "id", "acquired", "oslock"]);
      assertEquals(owner.pid, Deno.pid);
      assertEquals(owner.host, Deno.hostname());
      assert(/^[0-9a-f-]{36}$/.test(owner.id), `id ${owner.id}`);
      assert(!Number.isNaN(Date.parse(owner.acquired)), `acquired ${owner.acquired}`);
      assertEquals(owner.oslock, true, "this filesystem has OS locks");
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

Deno.test("acquireFileLock() does not break a foreign lock its owner keeps touching", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    await Deno.writeTextFile(path, FOREIGN);
    const touch = setInterval(() => Deno.utime(path, new Date(), new Date()), 50);
    try {
      const error = await assertRejects(
        () => acquireFileLock(path, { timeoutMs: 100, staleMs: 500, pollMs: 10 }),
        LockTimeoutError,
        "(pid 99999 on elsewhere, last touched 0s ago)",
      );
      assert(error.message.endsWith("gave up after 3s"), error.message);
    } finally {
      clearInterval(touch);
    }
    assertEquals(await Deno.readTextFile(path), FOREIGN);
    assertEquals(await listDir(dir), ["t.lock"]);
  }));

Deno.test("acquireFileLock() waits past its timeout for an untouched lock to go stale", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    await Deno.writeTextFile(path, ""); // the Go client's lock: no owner, no OS lock
    const started = Date.now();
    const lock = await acquireFileLock(path, { timeoutMs: 100, staleMs: 1_000, pollMs: 10 });
    const waited = Date.now() - started;
    await lock.release();
    assert(waited >= 900, `broken when stale, not before (${waited} ms)`);
    assertEquals(await listDir(dir), []);
  }));

/** Puts a live owner's lock at `path` (record and OS lock), replacing any atomically. */
function liveOwnerLock(path: string, id: string): Deno.FsFile {
  const host = (() => {
    try {
      return Deno.readTextFileSync("/etc/hostname").trim();
    } catch {
      return "";
    }
  })();
  const temp = `${path}.${id}`;
  const record = { pid: 1, host, id, acquired: new Date().toISOString(), oslock: true };
  Deno.writeTextFileSync(temp, JSON.stringify(record));
  const file = Deno.openSync(temp, { read: true });
  file.lockSync(false);
  Deno.renameSync(temp, path);
  return file;
}

Deno.test("acquireFileLock() keeps waiting while the lock changes hands: the wait is per owner", () =>
  withTempDir(async (dir) => {
    const path = `${dir}/t.lock`;
    let holder = liveOwnerLock(path, "owner-0");
    const waiter = acquireFileLock(path, { timeoutMs: 150, pollMs: 5 });
    for (let i = 1; i <= 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = liveOwnerLock(path, `owner-${i}`);
      holder.close();
      holder = next;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Deno.remove(path);
    holder.close();
    const lock = await waiter; // 500 ms in all, never 150 ms on one owner
    await lock.release();
    assertEquals(await listDir(dir), []);
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

Deno.test("acquireFileLock() takes over at once a fresh lock of this host whose OS lock is free", () =>
  withTempDir(async (dir) => {
    // A dead owner as the kernel leaves it: the record names this host, no OS lock is held.
    const path = `${dir}/t.lock`;
    const host = (await Deno.readTextFile("/etc/hostname").catch(() => "")).trim();
    const record = { pid: 1, host, id: "dead-holder", acquired: new Date().toISOString() };
    await Deno.writeTextFile(path, JSON.stringify({ ...record, oslock: true }));
    const started = Date.now();
    const lock = await acquireFileLock(path, { timeoutMs: 5_000 });
    assert(Date.now() - started < 1_000, "no wait");
    assert(JSON.parse(await Deno.readTextFile(path)).id !== "dead-holder", "ours now");
    await lock.release();
    assertEquals(await listDir(dir), []);
  }));
