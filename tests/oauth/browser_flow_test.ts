/**
 * The browser flow in-process against the real authorization server: the
 * authorization request (PKCE S256, state), the callback server's answers,
 * first-valid-result-wins, the timeout, and closing.
 */

import * as oauth from "oauth4webapi";
import { startAuthServer } from "../../scripts/dev_server/auth_server.ts";
import { resolveNetworkSettings } from "../../src/config/network_settings.ts";
import { createSettingSource } from "../../src/config/setting_source.ts";
import { createAuthorizationRequest, stateMatches } from "../../src/oauth/authorization_request.ts";
import { type BrowserLogin, startBrowserLogin } from "../../src/oauth/browser_flow.ts";
import { CallbackPortUnavailableError } from "../../src/oauth/callback_server.ts";
import { connectOAuthClient, type OAuthClient } from "../../src/oauth/oauth_client.ts";
import { OAuthFailure } from "../../src/oauth/oauth_errors.ts";
import {
  assert,
  assertEquals,
  assertExcludes,
  assertIncludes,
  assertRejects,
} from "../support/assert.ts";
import { freeLoopbackPort, portIsFree, SERVER_TEST } from "../support/login_fixture.ts";

Deno.test("stateMatches() accepts exactly one equal state", () => {
  const params = (query: string) => new URLSearchParams(query);
  assertEquals(stateMatches("abc", params("state=abc&code=1")), true);
  assertEquals(stateMatches("abc", params("state=abd")), false);
  assertEquals(stateMatches("abc", params("state=ab")), false);
  assertEquals(stateMatches("abc", params("state=abcd")), false);
  assertEquals(stateMatches("abc", params("state=")), false);
  assertEquals(stateMatches("abc", params("code=1")), false);
  assertEquals(stateMatches("abc", params("state=abc&state=abc")), false);
});

Deno.test("createAuthorizationRequest() sends PKCE S256 and a fresh state", async () => {
  const as = {
    issuer: "https://as.example",
    authorization_endpoint: "https://as.example/authorize?tenant=t1",
  };
  const one = await createAuthorizationRequest(as, "cli", {
    redirectUri: "http://localhost:8888/callback",
    scope: "openid email",
  });
  const two = await createAuthorizationRequest(as, "cli", {
    redirectUri: "http://localhost:8888/callback",
    scope: "openid email",
  });
  const url = new URL(one.url);
  assertEquals(Object.fromEntries(url.searchParams), {
    tenant: "t1",
    response_type: "code",
    client_id: "cli",
    redirect_uri: "http://localhost:8888/callback",
    scope: "openid email",
    state: one.state,
    code_challenge: await oauth.calculatePKCECodeChallenge(one.codeVerifier),
    code_challenge_method: "S256",
  });
  assertEquals(one.codeVerifier.length, 43, "32 random bytes, base64url");
  assert(one.state !== two.state && one.codeVerifier !== two.codeVerifier, "fresh each time");
  assertExcludes(one.url, one.codeVerifier);
});

/** A client of a fresh server, a free port, the page walker, and `start()` with defaults. */
interface ClientContext {
  oc: OAuthClient;
  port: number;
  walk(url: string): Promise<string>;
  start(): Promise<BrowserLogin>;
}

async function withClient(body: (context: ClientContext) => Promise<void>): Promise<void> {
  const server = await startAuthServer();
  try {
    const port = freeLoopbackPort();
    const env: Record<string, string> = {
      SERVER_URL: server.issuer,
      CALLBACK_PORT: String(port),
      SCOPE: "openid",
    };
    const network = resolveNetworkSettings(
      createSettingSource(new Map(), (name) => env[name], "/nonexistent"),
      () => {},
    );
    const oc = await connectOAuthClient(server.clientId, network, { fetch, warn: () => {} });
    await body({
      oc,
      port,
      walk: (url) => server.walkAuthorization(url),
      start: () =>
        startBrowserLogin(oc, { port, redirectUri: network.redirectUri, scope: network.scope }),
    });
  } finally {
    await server.stop();
  }
}

/** Runs `body` with a started login, closed afterwards. */
function withLogin(
  body: (login: BrowserLogin, context: ClientContext) => Promise<void>,
): Promise<void> {
  return withClient(async (context) => {
    const login = await context.start();
    try {
      await body(login, context);
    } finally {
      await login.close();
    }
    assert(portIsFree(context.port), "close() frees the port");
  });
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

Deno.test(
  "startBrowserLogin() lets the first callback with the right state win",
  SERVER_TEST,
  () =>
    withLogin(async (login, { walk }) => {
      const waiting = login.wait(60_000);
      const callback = await walk(login.authorizationUrl);
      assert(callback.startsWith(`http://127.0.0.1:`), callback);
      const state = new URL(callback).searchParams.get("state");
      const forged = await get(callback.replace(`state=${state}`, "state=forged"));
      assertEquals(forged.status, 400);
      const real = await get(callback);
      assertEquals(real.status, 200);
      assertIncludes(real.body, "Login complete");
      const outcome = await waiting;
      assert(outcome.kind === "token");
      assertExcludes(real.body, outcome.response.access_token);
      const replay = await get(callback);
      assertEquals(replay.status, 409, "the login is decided");
    }),
);

Deno.test(
  "startBrowserLogin() answers both loopback addresses",
  SERVER_TEST,
  () =>
    withLogin(async (login, { port }) => {
      assertEquals(login.addresses, [`127.0.0.1:${port}`, `[::1]:${port}`]);
      assertEquals((await get(`http://127.0.0.1:${port}/callback`)).status, 400);
      assertEquals((await get(`http://[::1]:${port}/callback`)).status, 400);
    }),
);

Deno.test(
  "startBrowserLogin() turns an error answer with the right state into a failure",
  SERVER_TEST,
  () =>
    withLogin(async (login, { oc, port }) => {
      const waiting = login.wait(60_000).then(() => undefined, (error: unknown) => error);
      const state = new URL(login.authorizationUrl).searchParams.get("state")!;
      const query = new URLSearchParams({
        error: "access_denied",
        error_description: "<b>no</b>",
        state,
        iss: oc.as.issuer,
      });
      const page = await get(`http://127.0.0.1:${port}/callback?${query}`);
      assertEquals(page.status, 400);
      assertIncludes(page.body, "&#60;b&#62;no&#60;/b&#62;");
      const failure = await waiting;
      assert(failure instanceof OAuthFailure, String(failure));
      assertEquals(failure.oauthError, "access_denied");
      assertIncludes(failure.message, "authorization failed (access_denied: <b>no</b>)");
    }),
);

Deno.test(
  "startBrowserLogin() times out, and a late callback is turned away",
  SERVER_TEST,
  () =>
    withLogin(async (login, { walk }) => {
      assertEquals(await login.wait(1), { kind: "timeout" });
      const late = await get(await walk(login.authorizationUrl));
      assertEquals(late.status, 409);
    }),
);

Deno.test(
  "startBrowserLogin() refuses a port that is taken on either address",
  SERVER_TEST,
  () =>
    withClient(async ({ port, start }) => {
      for (const hostname of ["127.0.0.1", "::1"]) {
        const squatter = Deno.listen({ hostname, port });
        try {
          await assertRejects(start, CallbackPortUnavailableError, `:${port}`);
        } finally {
          squatter.close();
        }
        assert(portIsFree(port), `nothing left listening after refusing ${hostname}`);
      }
    }),
);
