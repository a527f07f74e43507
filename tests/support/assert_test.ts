import {
  assertEquals,
  assertExcludes,
  assertIncludes,
  AssertionError,
  assertRejects,
  assertThrows,
  equal,
} from "./assert.ts";

Deno.test("equal() compares structurally and treats undefined keys as absent", () => {
  assertEquals(equal({ a: [1, { b: "x" }] }, { a: [1, { b: "x" }] }), true);
  assertEquals(equal({ a: 1, b: undefined }, { a: 1 }), true);
  assertEquals(equal({ a: 1 }, { a: 2 }), false);
  assertEquals(equal([1, 2], [2, 1]), false);
  assertEquals(equal(new Map([["k", 1]]), new Map([["k", 1]])), true);
  assertEquals(equal(new Map([["k", 1]]), new Map([["k", 2]])), false);
  assertEquals(equal(new Date(5), new Date(5)), true);
  assertEquals(equal(NaN, NaN), true);
  assertEquals(equal([1], { 0: 1 }), false);
});

Deno.test("assertEquals() fails with a diff naming both values", () => {
  const error = assertThrows(() => assertEquals({ a: 1 }, { a: 2 }), AssertionError);
  assertIncludes(error.message, `-   "a": 2`);
  assertIncludes(error.message, `+   "a": 1`);
});

Deno.test("assertIncludes() and assertExcludes() fail on the wrong text", () => {
  assertThrows(() => assertIncludes("abc", "x"), AssertionError, "to include");
  assertThrows(() => assertExcludes("abc", "b"), AssertionError, "not to include");
});

Deno.test("assertThrows() checks the class, the message and that something was thrown", () => {
  assertThrows(() => assertThrows(() => {}, Error), AssertionError, "nothing was");
  assertThrows(
    () =>
      assertThrows(() => {
        throw new Error("boom");
      }, TypeError),
    AssertionError,
    "expected a TypeError",
  );
  assertThrows(
    () =>
      assertThrows(
        () => {
          throw new Error("boom");
        },
        Error,
        "bang",
      ),
    AssertionError,
    "to include",
  );
});

Deno.test("assertRejects() checks the class and that the promise rejected", async () => {
  await assertRejects(
    () => assertRejects(() => Promise.resolve(1), Error),
    AssertionError,
    "it resolved",
  );
  const error = await assertRejects(() => Promise.reject(new RangeError("r")), RangeError, "r");
  assertEquals(error.message, "r");
});
