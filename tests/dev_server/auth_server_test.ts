/**
 * Proves the dev authorization server (scripts/dev_server) behaves as the CLI's tests rely on,
 * in both layouts. Run: deno test -A tests/dev_server/
 */

import { strict as assert } from "node:assert";
import * as oauth from "oauth4webapi";
import {
  type AuthServer,
  type AuthServerOptions,
  JWT_RESOURCE,
  startAuthServer,
} from "../../scripts/dev_server/auth_server.ts";
import { writeFakeXdgOpen } from "../../scripts/dev_server/fake_browser.ts";
import { parseArgs } from "../../scripts/dev_server/main.ts";

const insecure = { [oauth.allowInsecureRequests]: true };
const LAYOUTS = ["standard", "authgate"] as const;

async function withServer(
  options: AuthServerOptions,
  body: (server: AuthServer) => Promise<void>,
): Promise<void> {
  const server = await startAuthServer(options);
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

/** Discovery as the CLI does it, with AuthGate's fallback paths for what it does not list. */
async function discover(server: AuthServer): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(server.issuer);
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, insecure),
  );
  return {
    ...as,
    device_authorization_endpoint: as.device_authorization_endpoint ??
      `${server.issuer}/oauth/device/code`,
  };
}

async function requestDeviceCode(
  server: AuthServer,
  as: oauth.AuthorizationServer,
  scope = "openid offline_access",
): Promise<oauth.DeviceAuthorizationResponse> {
  const client = { client_id: server.clientId };
  const response = await oauth.deviceAuthorizationRequest(
    as,
    client,
    oauth.None(),
    new URLSearchParams({ scope }),
    insecure,
  );
  return await oauth.processDeviceAuthorizationResponse(as, client, response);
}

/** One device-code poll: the tokens, or the OAuth error code. */
async function pollOnce(
  server: AuthServer,
  as: oauth.AuthorizationServer,
  deviceCode: string,
): Promise<oauth.TokenEndpointResponse | string> {
  const client = { client_id: server.clientId };
  const response = await oauth.deviceCodeGrantRequest(
    as,
    client,
    oauth.None(),
    deviceCode,
    insecure,
  );
  try {
    return await oauth.processDeviceCodeResponse(as, client, response);
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return error.error;
    throw error;
  }
}

async function refresh(
  server: AuthServer,
  as: oauth.AuthorizationServer,
  refreshToken: string,
): Promise<oauth.TokenEndpointResponse> {
  const client = { client_id: server.clientId };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    refreshToken,
    insecure,
  );
  return await oauth.processRefreshTokenResponse(as, client, response);
}

async function bearerGet(url: string, token: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const isJson = response.headers.get("content-type")?.startsWith("application/json");
  return { status: response.status, body: isJson ? await response.json() : await response.text() };
}

/** An authorization-code + PKCE URL for the default client and `redirectUri`. */
async function authorizationUrl(
  server: AuthServer,
  as: oauth.AuthorizationServer,
  redirectUri: string,
): Promise<{ url: string; verifier: string; state: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: server.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid email offline_access",
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  }).toString();
  return { url: url.href, verifier, state };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 40000);
}

for (const layout of LAYOUTS) {
  Deno.test(`${layout}: discovery's issuer is exactly the server's issuer`, async () => {
    await withServer({ layout }, async (server) => {
      assert.match(server.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.issuer}/.well-known/openid-configuration`);
      const document = await response.json();
      assert.equal(document.issuer, server.issuer);
      assert.deepEqual(document.code_challenge_methods_supported, ["S256"]);
      if (layout === "authgate") {
        assert.equal(document.token_endpoint, `${server.issuer}/oauth/token`);
        assert.equal(document.authorization_endpoint, `${server.issuer}/oauth/authorize`);
        assert.equal(document.revocation_endpoint, `${server.issuer}/oauth/revoke`);
        assert.equal(document.userinfo_endpoint, `${server.issuer}/oauth/userinfo`);
        assert.equal("device_authorization_endpoint" in document, false);
        assert.equal("introspection_endpoint" in document, false);
      } else {
        assert.equal(document.device_authorization_endpoint, `${server.issuer}/device/auth`);
        assert.equal(document.introspection_endpoint, `${server.issuer}/token/introspection`);
      }
    });
  });

  Deno.test(`${layout}: deviceLogin returns tokens that introspect as active`, async () => {
    await withServer({ layout }, async (server) => {
      const tokens = await server.deviceLogin({ scope: "openid email profile offline_access" });
      assert.equal(typeof tokens.access_token, "string");
      assert.equal(typeof tokens.refresh_token, "string");
      assert.equal(typeof tokens.id_token, "string");
      assert.equal(tokens.expires_in, 3600);
      assert.equal(String(tokens.token_type).toLowerCase(), "bearer");
      const introspection = await server.introspect(tokens.access_token as string);
      assert.equal(introspection.active, true);
      assert.equal(introspection.sub, "test-user");
      assert.equal(introspection.client_id, server.clientId);
      assert.equal((await server.introspect(tokens.refresh_token as string)).active, true);
      assert.equal((await server.introspect("not-a-token")).active, false);
      const grant = "urn:ietf:params:oauth:grant-type:device_code";
      assert.deepEqual(server.stats.tokenRequests, { [grant]: 1 });
      assert.deepEqual(server.stats.tokenSuccesses, { [grant]: 1 });

      const as = await discover(server);
      const userinfo = await bearerGet(as.userinfo_endpoint!, tokens.access_token as string);
      assert.equal(userinfo.status, 200);
      assert.deepEqual(userinfo.body, {
        sub: "test-user",
        name: "test-user",
        email: "test-user@example.test",
        email_verified: true,
      });
    });
  });

  Deno.test(`${layout}: refresh tokens rotate; reusing the old one revokes the grant`, async () => {
    await withServer({ layout }, async (server) => {
      const as = await discover(server);
      const first = await server.deviceLogin();
      const second = await refresh(server, as, first.refresh_token as string);
      assert.equal(typeof second.refresh_token, "string");
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.notEqual(second.access_token, first.access_token);
      assert.equal((await server.introspect(second.access_token)).active, true);

      await assert.rejects(
        refresh(server, as, first.refresh_token as string),
        (error) => error instanceof oauth.ResponseBodyError && error.error === "invalid_grant",
      );
      // The reuse revoked the whole grant: the rotated tokens are dead too.
      assert.equal((await server.introspect(second.access_token)).active, false);
      await assert.rejects(
        refresh(server, as, second.refresh_token!),
        (error) => error instanceof oauth.ResponseBodyError && error.error === "invalid_grant",
      );
      assert.equal(server.stats.tokenRequests.refresh_token, 3);
      assert.equal(server.stats.tokenSuccesses.refresh_token, 1);
    });
  });

  Deno.test(`${layout}: a short-lived access token is really rejected after expiry`, async () => {
    await withServer({ layout, accessTokenTtl: 2 }, async (server) => {
      const as = await discover(server);
      const tokens = await server.deviceLogin();
      const accessToken = tokens.access_token as string;
      assert.equal(tokens.expires_in, 2);
      const before = await server.introspect(accessToken);
      assert.equal(before.active, true);
      assert.equal((await bearerGet(as.userinfo_endpoint!, accessToken)).status, 200);
      const tokeninfoUrl = `${server.issuer}/oauth/tokeninfo`;
      if (layout === "authgate") {
        assert.equal((await bearerGet(tokeninfoUrl, accessToken)).status, 200);
      }

      // Expired from the second `exp` on (clockTolerance 0); wait just past it.
      const exp = before.exp as number;
      await sleep(exp * 1000 - Date.now() + 20);
      assert.equal((await server.introspect(accessToken)).active, false);
      const userinfo = await bearerGet(as.userinfo_endpoint!, accessToken);
      assert.equal(userinfo.status, 401);
      assert.equal((userinfo.body as { error: string }).error, "invalid_token");
      if (layout === "authgate") {
        assert.equal((await bearerGet(tokeninfoUrl, accessToken)).status, 401);
      }
      // The refresh token outlives it and still works.
      const renewed = await refresh(server, as, tokens.refresh_token as string);
      assert.equal((await server.introspect(renewed.access_token)).active, true);
    });
  });

  Deno.test(`${layout}: enforceInterval answers slow_down to an early poll`, async () => {
    await withServer({ layout, deviceInterval: 1, enforceInterval: true }, async (server) => {
      const as = await discover(server);
      const device = await requestDeviceCode(server, as);
      assert.equal(device.interval, 1);
      assert.equal(await pollOnce(server, as, device.device_code), "authorization_pending");
      assert.equal(await pollOnce(server, as, device.device_code), "slow_down");
      await sleep(1000);
      assert.equal(await pollOnce(server, as, device.device_code), "authorization_pending");

      await server.approveDevice(device.verification_uri_complete!);
      await sleep(1000);
      const tokens = await pollOnce(server, as, device.device_code);
      assert.equal(typeof tokens, "object");
      assert.equal(typeof (tokens as oauth.TokenEndpointResponse).access_token, "string");
      const grant = "urn:ietf:params:oauth:grant-type:device_code";
      assert.equal(server.stats.tokenRequests[grant], 4);
      assert.equal(server.stats.tokenSuccesses[grant], 1);
    });
  });

  Deno.test(`${layout}: denying the device code ends polling with access_denied`, async () => {
    await withServer({ layout }, async (server) => {
      const as = await discover(server);
      const device = await requestDeviceCode(server, as);
      assert.equal("interval" in device, false);
      assert.match(device.user_code, /^[A-Z]{4}-[A-Z]{4}$/);
      // The bare verification_uri plus the typed code, as a user would do it.
      await server.approveDevice(device.verification_uri, {
        userCode: device.user_code,
        deny: true,
      });
      assert.equal(await pollOnce(server, as, device.device_code), "access_denied");
    });
  });

  Deno.test(`${layout}: walkAuthorization reaches the loopback redirect with a code`, async () => {
    await withServer({ layout }, async (server) => {
      const as = await discover(server);
      const client = { client_id: server.clientId };
      // A native client may use any port with each loopback form it registered.
      for (const host of ["127.0.0.1", "localhost", "[::1]"]) {
        const redirectUri = `http://${host}:${randomPort()}/callback`;
        const { url, verifier, state } = await authorizationUrl(server, as, redirectUri);
        const final = await server.walkAuthorization(url, { login: "alice" });
        assert.ok(final.startsWith(`${redirectUri}?`), final);
        const params = oauth.validateAuthResponse(as, client, new URL(final), state);
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          oauth.None(),
          params,
          redirectUri,
          verifier,
          insecure,
        );
        const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
        assert.equal(oauth.getValidatedIdTokenClaims(tokens)?.sub, "alice");
        assert.equal(typeof tokens.refresh_token, "string");
        assert.equal((await server.introspect(tokens.access_token)).sub, "alice");
      }
    });
  });

  Deno.test(`${layout}: walkAuthorization with deny returns error=access_denied`, async () => {
    await withServer({ layout }, async (server) => {
      const as = await discover(server);
      const redirectUri = `http://127.0.0.1:${randomPort()}/callback`;
      const { url, state } = await authorizationUrl(server, as, redirectUri);
      const final = new URL(await server.walkAuthorization(url, { deny: true }));
      assert.equal(final.origin + final.pathname, redirectUri);
      assert.equal(final.searchParams.get("error"), "access_denied");
      assert.equal(final.searchParams.get("state"), state);
      assert.equal(final.searchParams.has("code"), false);
    });
  });
}

Deno.test("authgate: /oauth/device/code and /oauth/tokeninfo", async () => {
  await withServer({ layout: "authgate" }, async (server) => {
    const as = await discover(server);
    const device = await requestDeviceCode(server, as);
    assert.ok(device.verification_uri.startsWith(`${server.issuer}/device`));

    const tokens = await server.deviceLogin({ scope: "openid email" });
    const ok = await bearerGet(`${server.issuer}/oauth/tokeninfo`, tokens.access_token as string);
    assert.equal(ok.status, 200);
    const info = ok.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(info).sort(), [
      "active",
      "client_id",
      "exp",
      "iss",
      "scope",
      "subject_type",
      "user_id",
    ]);
    assert.equal(info.active, true);
    assert.equal(info.user_id, "test-user");
    assert.equal(info.client_id, server.clientId);
    assert.equal(info.scope, "openid email");
    assert.equal(info.iss, server.issuer);
    assert.equal(info.subject_type, "user");
    assert.ok(Math.abs((info.exp as number) - (Date.now() / 1000 + 3600)) < 5);

    for (const token of ["garbage", tokens.refresh_token as string]) {
      const bad = await bearerGet(`${server.issuer}/oauth/tokeninfo`, token);
      assert.equal(bad.status, 401);
      assert.equal((bad.body as { error: string }).error, "invalid_token");
    }
    const missing = await fetch(`${server.issuer}/oauth/tokeninfo`);
    assert.equal(missing.status, 401);
    assert.equal((await missing.json()).error, "invalid_token");

    // Revoked through /oauth/revoke: tokeninfo no longer accepts it.
    const response = await oauth.revocationRequest(
      as,
      { client_id: server.clientId },
      oauth.None(),
      tokens.access_token as string,
      insecure,
    );
    await oauth.processRevocationResponse(response);
    const revoked = await bearerGet(
      `${server.issuer}/oauth/tokeninfo`,
      tokens.access_token as string,
    );
    assert.equal(revoked.status, 401);
  });
});

Deno.test("standard: no tokeninfo endpoint", async () => {
  await withServer({}, async (server) => {
    const tokens = await server.deviceLogin();
    const response = await bearerGet(
      `${server.issuer}/oauth/tokeninfo`,
      tokens.access_token as string,
    );
    assert.equal(response.status, 404);
  });
});

Deno.test("jwtAccessTokens: access tokens are signed JWTs for the API audience", async () => {
  await withServer({ jwtAccessTokens: true, layout: "authgate" }, async (server) => {
    const tokens = await server.deviceLogin();
    const parts = (tokens.access_token as string).split(".");
    assert.equal(parts.length, 3);
    const header = JSON.parse(atob(parts[0].replace(/-/g, "+").replace(/_/g, "/")));
    assert.equal(header.typ, "at+jwt");
    const introspection = await server.introspect(tokens.access_token as string);
    assert.equal(introspection.active, true);
    assert.equal(introspection.iss, server.issuer);
    assert.equal(introspection.aud, JWT_RESOURCE);
    assert.equal(introspection.sub, "test-user");
    assert.equal(introspection.client_id, server.clientId);
    const info = await bearerGet(
      `${server.issuer}/oauth/tokeninfo`,
      tokens.access_token as string,
    );
    assert.equal(info.status, 200);
    // An ID token (also signed, but not `typ: at+jwt`) is not an access token.
    assert.equal((await server.introspect(tokens.id_token as string)).active, false);
    // A forged signature is refused.
    const forged = `${parts[0]}.${parts[1]}.${parts[2].slice(0, -4)}AAAA`;
    assert.equal((await server.introspect(forged)).active, false);
  });
});

Deno.test("opaque access tokens by default", async () => {
  await withServer({}, async (server) => {
    const tokens = await server.deviceLogin();
    assert.equal((tokens.access_token as string).includes("."), false);
  });
});

Deno.test("extra public clients and a confidential client", async () => {
  const confidentialClient = { id: "authgate-confidential", secret: "s3cret-value" };
  await withServer({ extraClientIds: ["other-cli"], confidentialClient }, async (server) => {
    const other = await server.deviceLogin({ clientId: "other-cli" });
    assert.equal((await server.introspect(other.access_token as string)).client_id, "other-cli");
    const confidential = await server.deviceLogin({ clientId: confidentialClient.id });
    const introspection = await server.introspect(confidential.access_token as string);
    assert.equal(introspection.client_id, confidentialClient.id);

    // Without its secret the confidential client is refused.
    const as = await discover(server);
    const response = await oauth.deviceAuthorizationRequest(
      as,
      { client_id: confidentialClient.id },
      oauth.None(),
      new URLSearchParams({ scope: "openid" }),
      insecure,
    );
    assert.equal(response.status, 401);
    assert.equal((await response.json()).error, "invalid_client");
  });
});

Deno.test("approveDevice refuses a wrong user code and a URL without one", async () => {
  await withServer({}, async (server) => {
    const as = await discover(server);
    const device = await requestDeviceCode(server, as);
    await assert.rejects(
      server.approveDevice(device.verification_uri, { userCode: "BCDF-GHJK" }),
      /refused/,
    );
    await assert.rejects(server.approveDevice(device.verification_uri), /userCode/);
    assert.equal(await pollOnce(server, as, device.device_code), "authorization_pending");
  });
});

Deno.test("stop() closes the server and is idempotent", async () => {
  const server = await startAuthServer();
  const url = `${server.issuer}/.well-known/openid-configuration`;
  const response = await fetch(url);
  assert.equal(response.status, 200);
  await response.body?.cancel();
  await server.stop();
  await server.stop();
  await assert.rejects(fetch(url), TypeError);
});

/** `promise`, or a rejection after `ms` (the timer is cleared either way). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

for (const deny of [false, true]) {
  Deno.test(`fake xdg-open (${deny ? "deny" : "approve"}) calls the loopback back`, async () => {
    await withServer({}, async (server) => {
      const as = await discover(server);
      const dir = await Deno.makeTempDir();
      const xdgOpen = await writeFakeXdgOpen(dir, { denoPath: Deno.execPath(), deny });
      // Stands in for the CLI's loopback listener.
      const received = Promise.withResolvers<URL>();
      const listener = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
        received.resolve(new URL(req.url));
        return new Response("You can close this window.");
      });
      try {
        const redirectUri = `http://127.0.0.1:${listener.addr.port}/callback`;
        const { url, verifier, state } = await authorizationUrl(server, as, redirectUri);
        let calledBack = false;
        received.promise.then(() => (calledBack = true));
        const launched = await new Deno.Command(xdgOpen, { args: [url] }).output();
        assert.equal(launched.code, 0);
        // Like a real xdg-open it returned before the "browser" (a new Deno process making
        // several requests) could have reached the callback.
        assert.equal(calledBack, false);

        const callback = await within(received.promise, 20_000, "the callback").catch(
          async (error) => {
            throw new Error(
              `${error.message}; log: ${await Deno.readTextFile(`${dir}/fake-browser.log`)}`,
            );
          },
        );
        assert.equal(callback.searchParams.get("state"), state);
        if (deny) {
          assert.equal(callback.searchParams.get("error"), "access_denied");
          return;
        }
        const client = { client_id: server.clientId };
        const params = oauth.validateAuthResponse(as, client, callback, state);
        const tokens = await oauth.processAuthorizationCodeResponse(
          as,
          client,
          await oauth.authorizationCodeGrantRequest(
            as,
            client,
            oauth.None(),
            params,
            redirectUri,
            verifier,
            insecure,
          ),
        );
        assert.equal(typeof tokens.access_token, "string");
      } finally {
        await listener.shutdown();
        // Let the fake browser's process end before its directory goes.
        const log = await within(
          waitForLog(`${dir}/fake-browser.log`, "fake browser exited with"),
          10_000,
          "the fake browser to exit",
        );
        assert.match(log, /fake browser exited with 0/);
        await Deno.remove(dir, { recursive: true });
      }
    });
  });
}

async function waitForLog(path: string, text: string): Promise<string> {
  while (true) {
    const log = await Deno.readTextFile(path);
    if (log.includes(text)) return log;
    await sleep(50);
  }
}

Deno.test("main.ts prints one JSON line, serves, and stops on SIGTERM", async () => {
  const mainPath = new URL("../../scripts/dev_server/main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", mainPath, "--layout", "authgate", "--access-token-ttl", "7"],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  while (!output.includes("\n")) {
    const { value, done } = await within(stdout.read(), 20_000, "main.ts's first line");
    if (done) break;
    output += value;
  }
  const started = JSON.parse(output.split("\n")[0]);
  assert.deepEqual(Object.keys(started).sort(), ["clientId", "issuer"]);
  assert.equal(started.clientId, "authgate-cli-test");
  const discovery = await (await fetch(`${started.issuer}/.well-known/openid-configuration`))
    .json();
  assert.equal(discovery.issuer, started.issuer);
  assert.equal("device_authorization_endpoint" in discovery, false);
  const tokeninfo = await bearerGet(`${started.issuer}/oauth/tokeninfo`, "garbage");
  assert.equal(tokeninfo.status, 401);

  child.kill("SIGTERM");
  for (let r = await stdout.read(); !r.done; r = await stdout.read()) output += r.value;
  const status = await child.status;
  const stderr = await new Response(child.stderr).text();
  assert.equal(status.code, 0);
  // Nothing but the JSON line on stdout, and no oidc-provider warning on stderr.
  assert.equal(output, `${JSON.stringify(started)}\n`);
  assert.equal(stderr, "");
});

Deno.test("main.ts argument parsing", () => {
  assert.deepEqual(parseArgs([]), {});
  assert.deepEqual(parseArgs(["--layout", "authgate", "--port", "0", "--access-token-ttl", "5"]), {
    layout: "authgate",
    port: 0,
    accessTokenTtl: 5,
  });
  assert.throws(() => parseArgs(["--layout", "other"]), /layout/);
  assert.throws(() => parseArgs(["--access-token-ttl", "0"]), /access-token-ttl/);
  assert.throws(() => parseArgs(["--verbose"]), /unknown/);
});
