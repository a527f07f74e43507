import { raceAbort, sleep } from "../../src/platform/sleep.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("sleep() resolves after the wait", async () => {
  assertEquals(await sleep(0), undefined);
});

Deno.test("sleep() rejects with the abort reason, at once or while waiting", async () => {
  const reason = new Error("stop");
  await sleep(0, AbortSignal.abort(reason)).then(
    () => assertEquals("resolved", "rejected"),
    (error) => assertEquals(error, reason),
  );
  const controller = new AbortController();
  const waiting = sleep(60_000, controller.signal);
  controller.abort(reason);
  await waiting.then(
    () => assertEquals("resolved", "rejected"),
    (error) => assertEquals(error, reason),
  );
});

Deno.test("raceAbort() settles like the work, or rejects when the signal aborts first", async () => {
  assertEquals(await raceAbort(Promise.resolve(7)), 7);
  assertEquals(await raceAbort(Promise.resolve(7), new AbortController().signal), 7);
  const reason = new Error("stop");
  const controller = new AbortController();
  const never = new Promise<number>(() => {});
  const raced = raceAbort(never, controller.signal);
  controller.abort(reason);
  await raced.then(
    () => assertEquals("resolved", "rejected"),
    (error) => assertEquals(error, reason),
  );
});
