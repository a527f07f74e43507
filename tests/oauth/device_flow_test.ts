/**
 * The device flow's code request and polling loop with scripted endpoints and
 * an injected clock: the answers go through oauth4webapi's real processing.
 */

import * as oauth from "oauth4webapi";
import {
  type DeviceCode,
  pollDeviceToken,
  requestDeviceCode,
} from "../../src/oauth/device_flow.ts";
import type { OAuthClient } from "../../src/oauth/oauth_client.ts";
import { OAuthFailure } from "../../src/oauth/oauth_errors.ts";
import { ServerFault } from "../../src/oauth/server_fault.ts";
import {
  assert,
  assertEquals,
  assertExcludes,
  assertIncludes,
  assertRejects,
} from "../support/assert.ts";

const ISSUER = "http://127.0.0.1:9";
const T0 = 1_700_000_000_000;

type Answer = Response | Error;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

const pending = () => json(400, { error: "authorization_pending" });
const token = () =>
  json(200, {
    access_token: "at-123",
    token_type: "Bearer",
    expires_in: 3600,
    refresh_token: "rt",
  });

/** A client whose token endpoint answers `answers` in turn, and a clock that sleeps instantly. */
function harness(answers: Answer[], options: { clientSecret?: string } = {}) {
  let now = T0;
  const sleeps: number[] = [];
  const bodies: string[] = [];
  const fakeFetch = ((_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(String(init?.body));
    const answer = answers.shift();
    if (answer === undefined) return Promise.reject(new Error("no more scripted answers"));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }) as typeof fetch;
  const oc: OAuthClient = {
    as: {
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/token`,
      device_authorization_endpoint: `${ISSUER}/device/code`,
    },
    client: { client_id: "cli" },
    clientAuth: options.clientSecret ? oauth.ClientSecretPost(options.clientSecret) : oauth.None(),
    http: { fetch: fakeFetch, maxResponseBodySize: 1 << 20, insecureHttp: true },
    settings: {
      serverUrl: ISSUER,
      timeouts: { tokenExchange: 10_000, deviceCodeRequest: 10_000 },
    } as OAuthClient["settings"],
    discovered: true,
    listed: new Set(),
  };
  const deps = {
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
  return { oc, deps, sleeps, bodies, advance: (ms: number) => (now += ms) };
}

function deviceCode(fields: Partial<DeviceCode> = {}): DeviceCode {
  return {
    device_code: "dc-1",
    user_code: "BCDF-GHJK",
    verification_uri: `${ISSUER}/device`,
    expires_in: 1800,
    receivedAt: T0,
    ...fields,
  };
}

Deno.test("pollDeviceToken() polls at the interval until the token arrives", async () => {
  const { oc, deps, sleeps } = harness([pending(), pending(), token()]);
  const response = await pollDeviceToken(oc, deviceCode({ interval: 3 }), deps);
  assertEquals(response.access_token, "at-123");
  assertEquals(sleeps, [3_000, 3_000, 3_000]);
});

Deno.test("pollDeviceToken() waits 5 s when the server gives no interval", async () => {
  const { oc, deps, sleeps } = harness([token()]);
  await pollDeviceToken(oc, deviceCode(), deps);
  assertEquals(sleeps, [5_000]);
});

Deno.test(
  "pollDeviceToken() slows down on slow_down and 429 (Retry-After), backs off on 5xx and network errors",
  async () => {
    const { oc, deps, sleeps } = harness([
      json(429, { error: "rate_limited" }, { "retry-after": "20" }),
      json(503, { error: "temporarily_unavailable" }),
      new TypeError("error sending request: connection refused"),
      pending(),
      json(400, { error: "slow_down" }),
      token(),
    ]);
    const slowDowns: string[] = [];
    const retries: string[] = [];
    await pollDeviceToken(oc, deviceCode(), {
      ...deps,
      onSlowDown: (intervalMs, cause) => slowDowns.push(`${cause} ${intervalMs}`),
      onRetry: (reason, delayMs) => retries.push(`${reason} ${delayMs}`),
    });
    assertEquals(sleeps, [5_000, 20_000, 20_000, 40_000, 10_000, 15_000]);
    assertEquals(slowDowns, ["HTTP 429 10000", "slow_down 15000"]);
    assertEquals(retries, [
      "the server answered HTTP 503 20000",
      "http://127.0.0.1:9: connection refused 40000",
    ]);
  },
);

Deno.test("pollDeviceToken() never sends the client secret, and passes extra parameters", async () => {
  const { oc, deps, bodies } = harness([pending(), token()], { clientSecret: "s3cret" });
  await pollDeviceToken(oc, deviceCode(), deps, { extra_claims: '{"team":"a"}' });
  for (const body of bodies) {
    const form = new URLSearchParams(body);
    assertEquals(form.get("client_id"), "cli");
    assertEquals(form.get("device_code"), "dc-1");
    assertEquals(form.get("extra_claims"), '{"team":"a"}');
    assertExcludes(body, "s3cret");
  }
});

Deno.test("pollDeviceToken() stops at the code's expiry without another poll", async () => {
  const { oc, deps, sleeps } = harness([pending(), pending()]);
  const failure = await assertRejects(
    () => pollDeviceToken(oc, deviceCode({ expires_in: 12 }), deps),
    OAuthFailure,
    "expired",
  );
  assertEquals(failure.oauthError, "expired_token");
  assertEquals(sleeps, [5_000, 5_000, 2_000]);
});

Deno.test("pollDeviceToken() ends on access_denied and expired_token with their codes", async () => {
  for (const error of ["access_denied", "expired_token"]) {
    const { oc, deps } = harness([pending(), json(400, { error })]);
    const failure = await assertRejects(
      () => pollDeviceToken(oc, deviceCode(), deps),
      OAuthFailure,
    );
    assertEquals(failure.oauthError, error);
  }
});

Deno.test("pollDeviceToken() fails at once on a non-transient error", async () => {
  const { oc, deps } = harness([json(400, { error: "invalid_client" })]);
  const failure = await assertRejects(
    () => pollDeviceToken(oc, deviceCode(), deps),
    OAuthFailure,
  );
  assertIncludes(failure.message, "invalid_client");
});

Deno.test("pollDeviceToken() stops when the signal aborts its sleep", async () => {
  const { oc } = harness([pending()]);
  const reason = new Error("interrupted");
  const controller = new AbortController();
  const polled = pollDeviceToken(oc, deviceCode(), {
    now: () => T0,
    signal: controller.signal,
    sleep: (_ms, signal) =>
      new Promise((_, reject) => signal!.addEventListener("abort", () => reject(signal!.reason))),
  });
  controller.abort(reason);
  await polled.then(
    () => assertEquals("resolved", "rejected"),
    (error) => assertEquals(error, reason),
  );
});

const code = () =>
  json(200, {
    device_code: "dc-1",
    user_code: "BCDF-GHJK",
    verification_uri: `${ISSUER}/device`,
    expires_in: 1800,
  });

/** requestDeviceCode() on the harness, recording its retry notices. */
async function requestCode(answers: Answer[]) {
  const h = harness(answers);
  const retries: [string, number][] = [];
  const result = await requestDeviceCode(h.oc, {
    scope: "openid",
    ...h.deps,
    onRetry: (reason, delayMs) => retries.push([reason, delayMs]),
  }).catch((error: unknown) => error);
  return { ...h, retries, result };
}

Deno.test("requestDeviceCode() retries 5xx and network errors with the polling backoff", async () => {
  const { result, sleeps, retries, bodies } = await requestCode([
    new Response("down", { status: 503 }),
    new TypeError("connection reset"),
    code(),
  ]);
  assertEquals((result as DeviceCode).user_code, "BCDF-GHJK");
  assertEquals(sleeps, [2_000, 4_000]);
  assertEquals(retries, [
    ["the server answered HTTP 503", 2_000],
    // The fetch every request goes through names the server and the cause.
    [
      "http://127.0.0.1:9: connection closed by the server or something in between (connection reset)",
      4_000,
    ],
  ]);
  assertEquals(bodies.length, 3);
});

Deno.test("requestDeviceCode() waits at least Retry-After after a 429", async () => {
  const { result, sleeps } = await requestCode([
    json(429, { error: "rate_limited" }, { "retry-after": "8" }),
    code(),
  ]);
  assertEquals((result as DeviceCode).device_code, "dc-1");
  assertEquals(sleeps, [8_000]);
});

Deno.test("requestDeviceCode() gives up when the next try would not fit in the timeout", async () => {
  const { result, sleeps, bodies } = await requestCode([
    new Response("down", { status: 502 }),
    new Response("down", { status: 502 }),
    new Response("down", { status: 502 }),
    code(),
  ]);
  // Tries at 0 s, 2 s and 6 s; the next would be at 14 s, past the 10 s budget.
  assertEquals(sleeps, [2_000, 4_000]);
  assertEquals(bodies.length, 3);
  assert(result instanceof ServerFault, String(result));
  assertEquals(
    result.message,
    `the server at ${ISSUER} answered the device code request with HTTP 502 ` +
      "(3 attempts within DEVICE_CODE_REQUEST_TIMEOUT 10s)",
  );
  assertEquals(result.status, 502);
});

Deno.test("requestDeviceCode() does not wait for a Retry-After beyond the timeout", async () => {
  const { result, sleeps } = await requestCode([
    json(429, { error: "rate_limited" }, { "retry-after": "30" }),
  ]);
  assertEquals(sleeps, []);
  assert(result instanceof ServerFault, String(result));
  assertEquals(result.retryAfter, "30");
  assertIncludes(result.message, "HTTP 429 (too many requests) (1 attempt within");
});

Deno.test("requestDeviceCode() does not retry an OAuth error", async () => {
  const { result, sleeps, bodies } = await requestCode([
    json(401, { error: "invalid_client", error_description: "client authentication failed" }),
    code(),
  ]);
  assertEquals(sleeps, []);
  assertEquals(bodies.length, 1);
  assert(result instanceof OAuthFailure, String(result));
  assertEquals(result.oauthError, "invalid_client");
  assertEquals(
    result.message,
    `the server at ${ISSUER} refused client-id "cli" on the device code request ` +
      "(invalid_client: client authentication failed)",
  );
});
