/**
 * Tiny assertion helpers for the test suite (the `@std/assert` module is not
 * reachable from the build machines).
 * @module
 */

/** Raised by every helper here when an assertion does not hold. */
export class AssertionError extends Error {
  override name = "AssertionError";
}

function show(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Map) return `Map ${show([...value.entries()])}`;
  if (value instanceof Set) return `Set ${show([...value])}`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Structural equality: primitives by `Object.is`, arrays/objects/Maps/Sets/Dates by content. */
export function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof Uint8Array) {
    const other = b as Uint8Array;
    return a.length === other.length && a.every((byte, i) => byte === other[i]);
  }
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    return a.size === other.size &&
      [...a].every(([key, value]) => other.has(key) && equal(value, other.get(key)));
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>;
    return a.size === other.size && [...a].every((value) => other.has(value));
  }
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) =>
    equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])
  );
}

function diff(actual: string, expected: string): string {
  const a = actual.split("\n");
  const e = expected.split("\n");
  const lines: string[] = [];
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] === e[i]) lines.push(`    ${a[i]}`);
    else {
      if (i < e.length) lines.push(`  - ${e[i]}`);
      if (i < a.length) lines.push(`  + ${a[i]}`);
    }
  }
  return lines.join("\n");
}

/**
 * Asserts structural equality (object keys whose value is `undefined` count as absent).
 *
 * @param actual The value under test.
 * @param expected The expected value.
 * @param message Context for the failure message.
 */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  if (equal(actual, expected)) return;
  const prefix = message ? `${message}\n` : "";
  throw new AssertionError(
    `${prefix}values differ (- expected, + actual):\n${diff(show(actual), show(expected))}`,
  );
}

/**
 * Asserts that a condition holds.
 *
 * @param condition The condition.
 * @param message What was expected.
 */
export function assert(condition: unknown, message = "expected a truthy value"): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/**
 * Asserts that `text` contains `part`.
 *
 * @param text The text under test.
 * @param part The expected substring.
 */
export function assertIncludes(text: string, part: string): void {
  if (!text.includes(part)) {
    throw new AssertionError(`expected ${show(text)}\nto include ${show(part)}`);
  }
}

/**
 * Asserts that `text` does not contain `part`.
 *
 * @param text The text under test.
 * @param part The forbidden substring.
 */
export function assertExcludes(text: string, part: string): void {
  if (text.includes(part)) {
    throw new AssertionError(`expected ${show(text)}\nnot to include ${show(part)}`);
  }
}

// deno-lint-ignore no-explicit-any
type ErrorClass<E extends Error> = abstract new (...args: any[]) => E;

function checkError<E extends Error>(
  error: unknown,
  errorClass: ErrorClass<E>,
  includes: string | undefined,
  prefix: string,
): E {
  if (!(error instanceof errorClass)) {
    throw new AssertionError(`${prefix}expected a ${errorClass.name}, got ${show(error)}`, {
      cause: error,
    });
  }
  if (includes !== undefined && !error.message.includes(includes)) {
    throw new AssertionError(
      `${prefix}expected the ${errorClass.name} message ${show(error.message)}\nto include ${
        show(includes)
      }`,
    );
  }
  return error;
}

/**
 * Asserts that `fn` throws an instance of `errorClass` whose message includes `includes`.
 *
 * @param fn The code that should throw.
 * @param errorClass The expected class.
 * @param includes A substring of the expected message.
 * @param message Context for the failure message.
 * @returns The error, for further checks.
 */
export function assertThrows<E extends Error>(
  fn: () => unknown,
  errorClass: ErrorClass<E>,
  includes?: string,
  message?: string,
): E {
  const prefix = message ? `${message}: ` : "";
  try {
    fn();
  } catch (error) {
    return checkError(error, errorClass, includes, prefix);
  }
  throw new AssertionError(`${prefix}expected a ${errorClass.name} to be thrown, but nothing was`);
}

/**
 * Asserts that `fn` rejects with an instance of `errorClass` whose message includes `includes`.
 *
 * @param fn The code that should reject.
 * @param errorClass The expected class.
 * @param includes A substring of the expected message.
 * @param message Context for the failure message.
 * @returns The error, for further checks.
 */
export async function assertRejects<E extends Error>(
  fn: () => Promise<unknown>,
  errorClass: ErrorClass<E>,
  includes?: string,
  message?: string,
): Promise<E> {
  const prefix = message ? `${message}: ` : "";
  try {
    await fn();
  } catch (error) {
    return checkError(error, errorClass, includes, prefix);
  }
  throw new AssertionError(`${prefix}expected a ${errorClass.name} rejection, but it resolved`);
}
