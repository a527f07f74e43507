import {
  describeHeldLock,
  isStale,
  judgeLock,
  type LockOwner,
  type LockSighting,
  lockWaitBudgetMs,
  ownerIsAlive,
  ownerIsGone,
  parseOwner,
  waitBudgetMs,
} from "../../src/store/lock_decision.ts";
import { assertEquals } from "../support/assert.ts";

const NOW = Date.parse("2026-12-02T12:00:00Z");
const HOST = "box";
const OWNER: LockOwner = {
  pid: 4242,
  host: HOST,
  id: "owner-id",
  acquired: new Date(NOW - 41_000).toISOString(),
  oslock: true,
};
const POLICY = { host: HOST, startedMs: NOW, timeoutMs: 25_000, staleMs: 30_000 };

function sighting(patch: Partial<LockSighting> = {}): LockSighting {
  return { owner: OWNER, osLock: "free", touchedMs: NOW - 1_000, ...patch };
}

Deno.test("parseOwner() reads authgate's record; empty, garbage and foreign JSON are no owner", () => {
  assertEquals(parseOwner(JSON.stringify(OWNER)), OWNER);
  const { oslock: _, ...older } = OWNER; // written before OS locks: no claim
  assertEquals(parseOwner(JSON.stringify(older)), { ...OWNER, oslock: false });
  for (const text of ["", "garbage", "null", "[]", '{"pid":"1","host":"h","id":"x"}', "{}"]) {
    assertEquals(parseOwner(text), undefined, text);
  }
});

Deno.test("ownerIsGone() only for an authgate owner of this host whose OS lock is free", () => {
  assertEquals(ownerIsGone(sighting(), HOST), true);
  assertEquals(ownerIsGone(sighting({ osLock: "held" }), HOST), false);
  assertEquals(ownerIsGone(sighting({ osLock: "unknown" }), HOST), false);
  assertEquals(ownerIsGone(sighting(), "other-host"), false, "another host's lock");
  assertEquals(ownerIsGone(sighting({ owner: { ...OWNER, oslock: false } }), HOST), false);
  assertEquals(ownerIsGone(sighting({ owner: undefined }), HOST), false, "the Go client's lock");
  const unnamed = sighting({ owner: { ...OWNER, host: "" } });
  assertEquals(ownerIsGone(unnamed, ""), true, "no host name on either side: same host");
});

Deno.test("ownerIsAlive() only for an owner that claims an OS lock which is held", () => {
  assertEquals(ownerIsAlive(sighting({ osLock: "held" })), true);
  assertEquals(ownerIsAlive(sighting({ osLock: "free" })), false);
  assertEquals(ownerIsAlive(sighting({ osLock: "unknown" })), false);
  // Held by another waiter's probe: the Go client's lock, or one without an OS lock.
  assertEquals(ownerIsAlive(sighting({ osLock: "held", owner: undefined })), false);
  const noLock = sighting({ osLock: "held", owner: { ...OWNER, oslock: false } });
  assertEquals(ownerIsAlive(noLock), false);
});

Deno.test("isStale() after staleMs untouched, not at it", () => {
  assertEquals(isStale(sighting({ touchedMs: NOW - 30_000 }), NOW, 30_000), false);
  assertEquals(isStale(sighting({ touchedMs: NOW - 30_001 }), NOW, 30_000), true);
});

Deno.test("lockWaitBudgetMs() never ends before an untouched lock goes stale", () => {
  assertEquals(lockWaitBudgetMs(25_000, 30_000), 32_500);
  assertEquals(lockWaitBudgetMs(600_000, 30_000), 600_000);
  assertEquals(waitBudgetMs(sighting({ osLock: "held" }), POLICY), 25_000);
  assertEquals(waitBudgetMs(sighting({ osLock: "free" }), POLICY), 32_500);
  assertEquals(waitBudgetMs(sighting({ osLock: "unknown" }), POLICY), 32_500);
  assertEquals(waitBudgetMs(sighting({ osLock: "held", owner: undefined }), POLICY), 32_500);
});

Deno.test("judgeLock(): a provably dead owner is taken over at once", () => {
  assertEquals(judgeLock(sighting(), NOW, POLICY), "take-over");
});

Deno.test("judgeLock(): a live owner (OS lock held) is never broken, only waited for", () => {
  const old = sighting({ osLock: "held", touchedMs: NOW - 120_000 });
  assertEquals(judgeLock(old, NOW, POLICY), "wait", "stopped or hung: still alive");
  assertEquals(judgeLock(old, NOW + 24_999, POLICY), "wait");
  assertEquals(judgeLock(old, NOW + 25_000, POLICY), "give-up");
});

Deno.test("judgeLock(): a Go, foreign-host or unreadable lock goes by its age", () => {
  for (
    const seen of [
      sighting({ owner: undefined }),
      sighting({ owner: undefined, osLock: "held" }), // another waiter probing it
      sighting({ owner: { ...OWNER, host: "other" } }),
      sighting({ osLock: "unknown" }),
      sighting({ owner: { ...OWNER, oslock: false } }),
    ]
  ) {
    assertEquals(judgeLock(seen, NOW, POLICY), "wait");
    // Untouched since: stale at 30 s, before the budget ends, so never a give-up.
    assertEquals(judgeLock(seen, NOW + 29_000, POLICY), "wait");
    assertEquals(judgeLock(seen, NOW + 29_001, POLICY), "take-over");
    // Kept fresh by its owner: wait the whole budget, then give up.
    const touched = { ...seen, touchedMs: NOW + 32_000 };
    assertEquals(judgeLock(touched, NOW + 32_499, POLICY), "wait");
    assertEquals(judgeLock(touched, NOW + 32_500, POLICY), "give-up");
  }
});

Deno.test("describeHeldLock() names pid, host, age and last touch, with a hint", () => {
  const live = describeHeldLock("/t/tokens.json.lock", sighting({ osLock: "held" }), NOW, POLICY);
  assertEquals(live, {
    message: "the token file is locked by another authgate process (pid 4242 on box, " +
      "taken 41s ago, last touched 1s ago): /t/tokens.json.lock; gave up after 25s",
    hint: "process 4242 is still running: retry when it has finished, or stop it " +
      "(its lock goes with it)",
  });
  const go = describeHeldLock("/t/x.lock", sighting({ owner: undefined }), NOW, POLICY);
  assertEquals(go, {
    message: "the token file is locked by another authgate process (no owner recorded, as in " +
      "the Go client's lock; last touched 1s ago): /t/x.lock; gave up after 32.5s",
    hint: "its owner keeps it fresh (another host, or a client without OS locks): retry later; " +
      "remove the lock file only if no client is running",
  });
  const unnamed = sighting({ owner: { ...OWNER, host: "", acquired: "" } });
  assertEquals(
    describeHeldLock("/x.lock", unnamed, NOW, POLICY).message,
    "the token file is locked by another authgate process (pid 4242 on an unnamed host, " +
      "last touched 1s ago): /x.lock; gave up after 32.5s",
  );
});
