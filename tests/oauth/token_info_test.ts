import { startAuthServer } from "../../scripts/dev_server/auth_server.ts";
import { resolveNetworkSettings } from "../../src/config/network_settings.ts";
import type { SettingSource } from "../../src/config/setting_source.ts";
import { connectOAuthClient } from "../../src/oauth/oauth_client.ts";
import { OAuthFailure } from "../../src/oauth/oauth_errors.ts";
import { inspectAccessToken } from "../../src/oauth/token_info.ts";
import { assert, assertEquals, assertRejects } from "../support/assert.ts";

function sourceFor(serverUrl: string): SettingSource {
  return {
    lookup: (spec) =>
      spec.env === "SERVER_URL" ? { text: serverUrl, origin: "SERVER_URL" } : undefined,
  };
}

async function clientFor(serverUrl: string, clientId: string) {
  const warnings: string[] = [];
  const network = resolveNetworkSettings(sourceFor(serverUrl), (w) => warnings.push(w));
  const oc = await connectOAuthClient(clientId, network, { fetch, warn: (w) => warnings.push(w) });
  return { oc, warnings };
}

Deno.test("inspectAccessToken() uses AuthGate's tokeninfo on an AuthGate server", async () => {
  const server = await startAuthServer({ layout: "authgate" });
  try {
    const tokens = await server.deviceLogin();
    const { oc, warnings } = await clientFor(server.issuer, server.clientId);
    const answer = await inspectAccessToken(oc, String(tokens.access_token));
    assertEquals(answer.via, "tokeninfo");
    assertEquals(answer.active, true);
    assertEquals(answer.json.client_id, server.clientId);
    assertEquals(JSON.parse(answer.body), answer.json);
    const garbage = await inspectAccessToken(oc, "not-a-token");
    assertEquals([garbage.via, garbage.status, garbage.active], ["tokeninfo", 401, false]);
    assertEquals(warnings, []);
  } finally {
    await server.stop();
  }
});

Deno.test("inspectAccessToken() introspects (RFC 7662) where discovery lists it", async () => {
  const server = await startAuthServer({ layout: "standard" });
  try {
    const tokens = await server.deviceLogin();
    const { oc } = await clientFor(server.issuer, server.clientId);
    const answer = await inspectAccessToken(oc, String(tokens.access_token));
    assertEquals([answer.via, answer.active], ["introspection", true]);
    assertEquals(answer.json.sub, "test-user");
    const garbage = await inspectAccessToken(oc, "not-a-token");
    assertEquals([garbage.via, garbage.active], ["introspection", false]);
  } finally {
    await server.stop();
  }
});

Deno.test("inspectAccessToken() says so when the server offers neither endpoint", async () => {
  let issuer = "";
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/.well-known/openid-configuration") {
      return Response.json({ issuer, token_endpoint: `${issuer}/token` });
    }
    return new Response("not found", { status: 404 });
  });
  issuer = `http://127.0.0.1:${server.addr.port}`;
  try {
    const { oc } = await clientFor(issuer, "c");
    const error = await assertRejects(() => inspectAccessToken(oc, "t"), OAuthFailure);
    assert(error.message.includes("no token information endpoint"), error.message);
  } finally {
    await server.shutdown();
  }
});
