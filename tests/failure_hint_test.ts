/** The hint for the server's failures, chosen from the failure's fields alone. */

import { serverFailureHint } from "../src/failure_hint.ts";
import { assertEquals, assertIncludes } from "./support/assert.ts";

Deno.test("serverFailureHint() says retry later for 5xx, when for 429, check SERVER_URL else", () => {
  const fault = (status?: number, retryAfter?: string) =>
    serverFailureHint({ kind: "server_fault", status, retryAfter });
  assertEquals(
    fault(503),
    "the fault is at the server, not in your login or settings: retry later.",
  );
  assertEquals(
    fault(429, "30"),
    "the server is limiting requests (your login is fine): retry in 30s.",
  );
  assertIncludes(fault(429, "Wed, 21 Oct 2026 07:28:00 GMT")!, "retry later");
  assertIncludes(fault(404)!, "check SERVER_URL: ");
  assertIncludes(fault(undefined)!, "check SERVER_URL: ");
});

Deno.test("serverFailureHint() names CLIENT_ID and CLIENT_SECRET for invalid_client", () => {
  assertIncludes(
    serverFailureHint({ kind: "oauth_error", oauthError: "invalid_client" })!,
    "check CLIENT_ID and CLIENT_SECRET",
  );
});

Deno.test("serverFailureHint() has nothing for other failures", () => {
  assertEquals(serverFailureHint({ kind: "network" }), undefined);
  assertEquals(serverFailureHint({ kind: "oauth_error", oauthError: "invalid_scope" }), undefined);
  assertEquals(serverFailureHint(new Error("x")), undefined);
  assertEquals(serverFailureHint(undefined), undefined);
});
