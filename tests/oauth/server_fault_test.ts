/**
 * How the server's failures are classified and described: real oauth4webapi
 * processing of scripted answers, never quoting a body.
 */

import * as oauth from "oauth4webapi";
import type { OAuthClient } from "../../src/oauth/oauth_client.ts";
import { safeDescription } from "../../src/oauth/oauth_errors.ts";
import { classifyExchangeError, ServerFault } from "../../src/oauth/server_fault.ts";
import { assert, assertEquals, assertExcludes } from "../support/assert.ts";

const SERVER = "https://auth.example.test";
const oc = {
  as: { issuer: SERVER, token_endpoint: `${SERVER}/token` },
  client: { client_id: "cli" },
  settings: { serverUrl: SERVER },
} as OAuthClient;
const REFRESH = { what: "token refresh", expects: "token response" };

/** What processing `response` as a refresh answer throws, classified. */
async function classified(response: Response) {
  const error = await oauth.processRefreshTokenResponse(oc.as, oc.client, response).then(
    () => undefined,
    (error: unknown) => error,
  );
  return classifyExchangeError(error, oc, REFRESH);
}

const secretBody = "<html>refresh_token=rt-secret-value</html>";

Deno.test("classifyExchangeError(): unexpected statuses are server faults naming the server", async () => {
  for (
    const [status, type] of [[500, "text/html"], [503, "application/json"], [400, "text/html"]]
  ) {
    const failure = await classified(
      new Response(secretBody, {
        status: Number(status),
        headers: { "content-type": String(type) },
      }),
    );
    assert(failure instanceof ServerFault, failure.message);
    assertEquals(failure.status, status);
    assertEquals(
      failure.message,
      `the server at ${SERVER} answered the token refresh with HTTP ${status}`,
    );
  }
});

Deno.test("classifyExchangeError(): a 429 keeps its Retry-After", async () => {
  const failure = await classified(
    new Response(JSON.stringify({ error: "slow" }), {
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "12" },
    }),
  );
  assert(failure instanceof ServerFault);
  assertEquals([failure.status, failure.retryAfter], [429, "12"]);
});

Deno.test("classifyExchangeError(): a 200 that is not a token response never quotes the body", async () => {
  const html = await classified(
    new Response(secretBody, { status: 200, headers: { "content-type": "text/html" } }),
  );
  assert(html instanceof ServerFault);
  assertEquals(
    html.message,
    `the server at ${SERVER} answered the token refresh with something that is not a valid ` +
      "token response (content-type text/html, not JSON)",
  );
  const garbled = await classified(
    new Response("{not json", { status: 200, headers: { "content-type": "application/json" } }),
  );
  assertEquals(garbled.kind, "server_fault");
  assertExcludes(garbled.message, "not json");
  const noToken = await classified(Response.json({ refresh_token: "rt-secret-value" }));
  assertEquals(noToken.kind, "server_fault");
  assertExcludes(noToken.message, "rt-secret-value");
});

Deno.test("classifyExchangeError(): other OAuth errors stay classifyOAuthError's", async () => {
  const failure = await classified(Response.json({ error: "invalid_grant" }, { status: 400 }));
  assertEquals([failure.kind, failure.oauthError], ["invalid_grant", "invalid_grant"]);
});

Deno.test("safeDescription() keeps RFC 6749's characters, masks token-like runs, caps the length", () => {
  assertEquals(safeDescription('bad "secret"\r\n\tthere\\'), "bad secret there");
  assertEquals(safeDescription(`token ${"a".repeat(40)} is bad`), "token [...] is bad");
  assertEquals(safeDescription("é".repeat(3) + "ok"), "ok");
  const long = safeDescription("word ".repeat(100));
  assertEquals(long.length, 120);
  assert(long.endsWith("..."));
});
