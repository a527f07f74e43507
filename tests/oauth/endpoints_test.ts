import {
  authgateDefaultMetadata,
  discoverEndpoints,
  endpointProblem,
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

Deno.test("endpointProblem() keeps an https issuer's endpoints on https, any host", () => {
  const issuer = new URL("https://accounts.example.com");
  assertEquals(endpointProblem(issuer, "https://oauth2.example-apis.com/token", false), undefined);
  assertEquals(
    endpointProblem(issuer, "http://accounts.example.com/token", true),
    "it is not https like the issuer (http to accounts.example.com)",
  );
  // Even loopback: an https issuer never moves an endpoint to plain http.
  assertEquals(
    endpointProblem(issuer, "http://127.0.0.1:9/token", false),
    "it is not https like the issuer (http to 127.0.0.1:9)",
  );
  assertEquals(endpointProblem(issuer, "file:///etc/passwd", false)?.startsWith("it is not"), true);
  assertEquals(endpointProblem(issuer, "not a url", false), "it is not a URL");
});

Deno.test("endpointProblem() applies the server URL's transport rule under an http issuer", () => {
  const issuer = new URL("http://127.0.0.1:8080");
  assertEquals(endpointProblem(issuer, "http://127.0.0.1:9000/token", false), undefined);
  assertEquals(endpointProblem(issuer, "https://auth.example.com/token", false), undefined);
  assertEquals(
    endpointProblem(issuer, "http://192.0.2.1/token", false),
    "plain http to 192.0.2.1, which is not on this machine, would send tokens and credentials unencrypted",
  );
  assertEquals(endpointProblem(issuer, "http://192.0.2.1/token", true), undefined);
  assertEquals(endpointProblem(issuer, "ftp://127.0.0.1/token", false), "it is not an http(s) URL");
});

Deno.test("discoverEndpoints() refuses a document that moves an endpoint to plain http off this machine", () =>
  withServer(
    (_request, issuer) =>
      Response.json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: "http://192.0.2.1/token",
      }),
    async (issuer) => {
      const warnings: string[] = [];
      const error = await assertRejects(
        () => discoverEndpoints(issuer, policy, discoveryTimeout(2000), (w) => warnings.push(w)),
        OAuthFailure,
        "OIDC discovery: refusing the server's token_endpoint: plain http to 192.0.2.1",
      );
      assertEquals(error.kind, "bad_response");
      assertEquals(warnings, [], "no fallback to default paths");
    },
  ));
