import {
  authgateDefaultMetadata,
  discoverEndpoints,
  withAuthgateFallbacks,
} from "../../src/oauth/endpoints.ts";
import type { HttpPolicy } from "../../src/oauth/http_options.ts";
import { OAuthFailure } from "../../src/oauth/oauth_errors.ts";
import { assertEquals, assertIncludes, assertRejects } from "../support/assert.ts";

const policy: HttpPolicy = { fetch, maxResponseBodySize: 1 << 20, insecureHttp: true };
const discoveryTimeout = (ms: number) => ({ ms, setting: "DISCOVERY_TIMEOUT" });

async function withServer(
  handler: (request: Request, issuer: string) => Response | Promise<Response>,
  test: (issuer: string) => Promise<void>,
): Promise<void> {
  let issuer = "";
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) => handler(request, issuer),
  );
  issuer = `http://127.0.0.1:${server.addr.port}`;
  try {
    await test(issuer);
  } finally {
    await server.shutdown();
  }
}

Deno.test("withAuthgateFallbacks() fills AuthGate's unlisted endpoints only when missing", () => {
  const filled = withAuthgateFallbacks({ issuer: "https://a.example", token_endpoint: "t" });
  assertEquals(filled.device_authorization_endpoint, "https://a.example/oauth/device/code");
  assertEquals(filled.introspection_endpoint, "https://a.example/oauth/introspect");
  const listed = withAuthgateFallbacks({
    issuer: "https://a.example",
    device_authorization_endpoint: "https://a.example/device",
    introspection_endpoint: "https://a.example/introspect",
  });
  assertEquals(listed.device_authorization_endpoint, "https://a.example/device");
  assertEquals(listed.introspection_endpoint, "https://a.example/introspect");
});

Deno.test("authgateDefaultMetadata() names every AuthGate endpoint under the server URL", () => {
  const as = authgateDefaultMetadata("https://a.example/base");
  assertEquals(as.issuer, "https://a.example/base");
  assertEquals(as.token_endpoint, "https://a.example/base/oauth/token");
  assertEquals(as.revocation_endpoint, "https://a.example/base/oauth/revoke");
  assertEquals(as.tokeninfo_endpoint, "https://a.example/base/oauth/tokeninfo");
});

Deno.test("discoverEndpoints() uses the discovery document when the issuer matches", () =>
  withServer(
    (request, issuer) =>
      new URL(request.url).pathname === "/.well-known/openid-configuration"
        ? Response.json({ issuer, token_endpoint: `${issuer}/token` })
        : new Response("", { status: 404 }),
    async (issuer) => {
      const warnings: string[] = [];
      const found = await discoverEndpoints(
        issuer,
        policy,
        discoveryTimeout(2000),
        (w) => warnings.push(w),
      );
      assertEquals(found.discovered, true);
      assertEquals(found.as.token_endpoint, `${issuer}/token`);
      assertEquals(found.as.device_authorization_endpoint, `${issuer}/oauth/device/code`);
      assertEquals(warnings, []);
    },
  ));

Deno.test("discoverEndpoints() warns once and uses AuthGate's paths when discovery 404s", () =>
  withServer(() => new Response("not found", { status: 404 }), async (issuer) => {
    const warnings: string[] = [];
    const found = await discoverEndpoints(
      issuer,
      policy,
      discoveryTimeout(2000),
      (w) => warnings.push(w),
    );
    assertEquals(found.discovered, false);
    assertEquals(found.as.token_endpoint, `${issuer}/oauth/token`);
    assertEquals(warnings.length, 1);
  }));

Deno.test("discoverEndpoints() fails with a network failure when the server is unreachable", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const error = await assertRejects(
    () => discoverEndpoints(`http://127.0.0.1:${port}`, policy, discoveryTimeout(2000), () => {}),
    OAuthFailure,
  );
  assertEquals(error.kind, "network");
  assertEquals(
    error.message,
    `OIDC discovery failed: http://127.0.0.1:${port}: connection refused`,
  );
  assertIncludes(error.hint ?? "", "check SERVER_URL's host and port");
});

Deno.test("discoverEndpoints() gives up after the discovery timeout", async () => {
  let release = () => {};
  const hang = new Promise<void>((resolve) => release = resolve);
  await withServer(async () => {
    await hang;
    return new Response("late");
  }, async (issuer) => {
    const error = await assertRejects(
      () => discoverEndpoints(issuer, policy, discoveryTimeout(200), () => {}),
      OAuthFailure,
    );
    assertEquals(error.kind, "network");
    assertEquals(
      error.message,
      `OIDC discovery failed: ${issuer}: timed out after 200ms (DISCOVERY_TIMEOUT)`,
    );
    assertIncludes(error.hint ?? "", "raise DISCOVERY_TIMEOUT");
    release();
  });
});
