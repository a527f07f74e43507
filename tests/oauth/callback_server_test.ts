import { isCallbackHost } from "../../src/oauth/callback_server.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("isCallbackHost() accepts the loopback names on the listening port only", () => {
  for (const host of ["127.0.0.1:8888", "localhost:8888", "LOCALHOST:8888", "[::1]:8888"]) {
    assertEquals(isCallbackHost(host, 8888), true, host);
  }
  for (
    const host of [
      null,
      "",
      "127.0.0.1",
      "127.0.0.1:8889",
      "evil.example:8888", // a DNS name rebound to 127.0.0.1 still sends its own name
      "localhost.evil.example:8888",
      "127.0.0.2:8888",
      "[::1]:8888:1",
    ]
  ) {
    assertEquals(isCallbackHost(host, 8888), false, String(host));
  }
});

Deno.test("isCallbackHost() also accepts the configured redirect URI's host (a forwarded port)", () => {
  assertEquals(isCallbackHost("127.0.0.1:9000", 8888, "127.0.0.1:9000"), true);
  assertEquals(isCallbackHost("devbox.lan:9000", 8888, "devbox.lan:9000"), true);
  assertEquals(isCallbackHost("evil.example:9000", 8888, "devbox.lan:9000"), false);
});
