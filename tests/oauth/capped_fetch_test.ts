import { cappedFetch, ResponseTooLargeError } from "../../src/oauth/capped_fetch.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";

/** Serves `body` (streamed, without Content-Length when `stream`) on a loopback port. */
async function withBodyServer(
  body: string,
  stream: boolean,
  test: (url: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    if (!stream) return new Response(body);
    const bytes = new TextEncoder().encode(body);
    return new Response(
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
          controller.close();
        },
      }),
    );
  });
  try {
    await test(`http://127.0.0.1:${server.addr.port}/`);
  } finally {
    await server.shutdown();
  }
}

Deno.test("cappedFetch() passes a body at the limit through unchanged", () =>
  withBodyServer("x".repeat(4096), true, async (url) => {
    const response = await cappedFetch(fetch, 4096)(url, {});
    assertEquals(response.status, 200);
    assertEquals((await response.text()).length, 4096);
  }));

Deno.test("cappedFetch() refuses a streamed body over the limit", () =>
  withBodyServer("x".repeat(5000), true, async (url) => {
    await assertRejects(
      () => cappedFetch(fetch, 4096)(url, {}),
      ResponseTooLargeError,
      "exceeds MAX_RESPONSE_BODY_SIZE (4096 bytes)",
    );
  }));

Deno.test("cappedFetch() refuses a declared Content-Length over the limit", () =>
  withBodyServer("x".repeat(5000), false, async (url) => {
    await assertRejects(() => cappedFetch(fetch, 4096)(url, {}), ResponseTooLargeError);
  }));
