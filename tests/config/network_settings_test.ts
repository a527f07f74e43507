import {
  type NetworkSettings,
  resolveNetworkSettings,
  storeLockTimeoutMs,
} from "../../src/config/network_settings.ts";
import { UsageError } from "../../src/errors.ts";
import { assertEquals, assertIncludes, assertRejects } from "../support/assert.ts";
import { type SourceInput, withSource } from "../support/setting_source.ts";

/** Resolves `input`, with SERVER_URL=http://localhost:8080 in the environment unless it sets one. */
async function resolve(
  input: SourceInput,
): Promise<{ settings: NetworkSettings; warnings: string[] }> {
  const warnings: string[] = [];
  const env = { SERVER_URL: "http://localhost:8080", ...input.env };
  const settings = await withSource(
    { ...input, env },
    ({ source }) => resolveNetworkSettings(source, (message) => warnings.push(message)),
  );
  return { settings, warnings };
}

Deno.test("resolveNetworkSettings() needs a server: there is no default server", async () => {
  const error = await assertRejects(
    () => withSource({}, ({ source }) => resolveNetworkSettings(source, () => {})),
    UsageError,
    "no authorization server is set",
  );
  assertEquals(error.exitCode, 2);
  assertIncludes(error.hint ?? "", "SERVER_URL");
});

Deno.test("resolveNetworkSettings() applies the defaults without warnings", async () => {
  const { settings, warnings } = await resolve({});
  assertEquals(settings, {
    serverUrl: "http://localhost:8080",
    insecureHttp: true,
    allowRemoteHttp: false,
    clientSecret: undefined,
    tokenEndpointAuthMethod: "auto",
    callbackPort: 8888,
    redirectUri: "http://127.0.0.1:8888/callback",
    scope: "email profile",
    timeouts: {
      callback: 120_000,
      tokenExchange: 10_000,
      tokenVerification: 10_000,
      refreshToken: 10_000,
      deviceCodeRequest: 10_000,
      userinfo: 10_000,
      discovery: 10_000,
      revocation: 10_000,
    },
    maxResponseBodySize: 1_048_576,
  });
  assertEquals(warnings, []);
});

Deno.test("resolveNetworkSettings() takes flag > env > .env", async () => {
  const { settings } = await resolve({
    flags: { scope: "openid" },
    env: { SCOPE: "env-scope", CLIENT_SECRET: "env-secret", SERVER_URL: "https://env.example" },
    dotenv: "SERVER_URL=https://file.example\nCALLBACK_PORT=9000\nCLIENT_SECRET=file-secret\n",
  });
  assertEquals(settings.scope, "openid");
  assertEquals(settings.clientSecret, "env-secret");
  assertEquals(settings.serverUrl, "https://env.example");
  assertEquals(settings.callbackPort, 9000);
});

Deno.test("resolveNetworkSettings() trims trailing slashes of the server URL", async () => {
  const cases: [string, string][] = [
    ["https://auth.example.com/", "https://auth.example.com"],
    ["https://auth.example.com", "https://auth.example.com"],
    ["https://auth.example.com/base//", "https://auth.example.com/base"],
    ["https://auth.example.com:8443/", "https://auth.example.com:8443"],
  ];
  for (const [text, url] of cases) {
    const { settings, warnings } = await resolve({ env: { SERVER_URL: text } });
    assertEquals(settings.serverUrl, url, text);
    assertEquals(settings.insecureHttp, false);
    assertEquals(warnings, []);
  }
});

Deno.test("resolveNetworkSettings() rejects a server URL that is not http(s) with a host", async () => {
  for (const text of ["ftp://auth.example.com", "file:///tmp/x", "mailto:me@example.com"]) {
    const error = await assertRejects(
      () => resolve({ env: { SERVER_URL: text } }),
      UsageError,
      `invalid SERVER_URL "${text}"`,
    );
    assertIncludes(error.message, "http(s) URL");
    assertEquals(error.exitCode, 2);
  }
});

Deno.test("resolveNetworkSettings() rejects a hostless or garbage server URL", async () => {
  for (const text of ["http://", "https://", "not a url", "auth.example.com", "://x"]) {
    await assertRejects(
      () => resolve({ flags: { "server-url": text } }),
      UsageError,
      `invalid --server-url "${text}"`,
    );
  }
});

Deno.test("resolveNetworkSettings() rejects a server URL with a query or fragment", async () => {
  await assertRejects(
    () => resolve({ env: { SERVER_URL: "https://a.example/?x=1" } }),
    UsageError,
    `invalid SERVER_URL "https://a.example/?x=1"`,
  );
  await assertRejects(
    () => resolve({ env: { SERVER_URL: "https://a.example/#f" } }),
    UsageError,
    "no query or fragment",
  );
});

Deno.test("resolveNetworkSettings() refuses plain http to a remote host (exit 2, hint names the opt-in)", async () => {
  const error = await assertRejects(
    () => resolve({ env: { SERVER_URL: "http://auth.example.com/" } }),
    UsageError,
    `refusing SERVER_URL "http://auth.example.com/": plain http to auth.example.com`,
  );
  assertEquals(error.exitCode, 2);
  assertIncludes(error.hint ?? "", "--allow-insecure-http or AUTHGATE_ALLOW_INSECURE_HTTP=1");
});

Deno.test("resolveNetworkSettings() allows plain http to a remote host when opted in, with one warning", async () => {
  const inputs: SourceInput[] = [
    { flags: { "allow-insecure-http": true }, env: { SERVER_URL: "http://auth.example.com/" } },
    { env: { SERVER_URL: "http://auth.example.com/", AUTHGATE_ALLOW_INSECURE_HTTP: "1" } },
    { env: { SERVER_URL: "http://auth.example.com/", AUTHGATE_ALLOW_INSECURE_HTTP: "true" } },
  ];
  for (const input of inputs) {
    const { settings, warnings } = await resolve(input);
    assertEquals(settings.serverUrl, "http://auth.example.com");
    assertEquals(settings.insecureHttp, true);
    assertEquals(settings.allowRemoteHttp, true);
    assertEquals(warnings.length, 1);
    assertIncludes(warnings[0], "SERVER_URL uses plain http (auth.example.com)");
  }
});

Deno.test("resolveNetworkSettings() never takes the plain http opt-in from .env", async () => {
  await assertRejects(
    () =>
      resolve({
        env: { SERVER_URL: "http://auth.example.com" },
        dotenv: "AUTHGATE_ALLOW_INSECURE_HTTP=1\n",
      }),
    UsageError,
    "refusing SERVER_URL",
  );
  await assertRejects(
    () =>
      resolve({
        env: { SERVER_URL: "http://auth.example.com", AUTHGATE_ALLOW_INSECURE_HTTP: "yes" },
      }),
    UsageError,
    `invalid AUTHGATE_ALLOW_INSECURE_HTTP "yes": expected 1, true, 0 or false`,
  );
});

Deno.test("resolveNetworkSettings() does not warn about plain http to loopback", async () => {
  for (const text of ["http://localhost:8080", "http://127.0.0.1:9000", "http://[::1]:8080"]) {
    const { settings, warnings } = await resolve({ env: { SERVER_URL: text } });
    assertEquals(settings.insecureHttp, true, text);
    assertEquals(warnings, [], text);
  }
});

Deno.test("resolveNetworkSettings() refuses plain http to hosts that only look like loopback", async () => {
  for (const text of ["http://127.0.0.1.nip.io", "http://localhost.example.com"]) {
    await assertRejects(() => resolve({ env: { SERVER_URL: text } }), UsageError, "refusing");
  }
});

Deno.test("resolveNetworkSettings() reads each timeout as a Go duration", async () => {
  const { settings, warnings } = await resolve({
    flags: { "callback-timeout": "5m" },
    env: { REFRESH_TOKEN_TIMEOUT: "30s", DISCOVERY_TIMEOUT: "1m30s", USERINFO_TIMEOUT: "10m" },
    dotenv: "REVOCATION_TIMEOUT=500ms\n",
  });
  assertEquals(settings.timeouts.callback, 300_000);
  assertEquals(settings.timeouts.refreshToken, 30_000);
  assertEquals(settings.timeouts.discovery, 90_000);
  assertEquals(settings.timeouts.userinfo, 600_000);
  assertEquals(settings.timeouts.revocation, 500);
  assertEquals(settings.timeouts.tokenExchange, 10_000);
  assertEquals(warnings, []);
});

Deno.test("resolveNetworkSettings() uses the default and warns for a timeout <= 0", async () => {
  for (const text of ["0", "0s", "-5s"]) {
    const { settings, warnings } = await resolve({
      env: { REFRESH_TOKEN_TIMEOUT: text, CALLBACK_TIMEOUT: text },
    });
    assertEquals(settings.timeouts.refreshToken, 10_000, text);
    assertEquals(settings.timeouts.callback, 120_000, text);
    assertEquals(warnings, [
      "CALLBACK_TIMEOUT must be positive; using the default 2m",
      "REFRESH_TOKEN_TIMEOUT must be positive; using the default 10s",
    ]);
  }
});

Deno.test("resolveNetworkSettings() caps a timeout above 10m and warns", async () => {
  const { settings, warnings } = await resolve({ flags: { "token-exchange-timeout": "1h" } });
  assertEquals(settings.timeouts.tokenExchange, 600_000);
  assertEquals(warnings, ["--token-exchange-timeout 1h exceeds the maximum; capped at 10m"]);
});

Deno.test("resolveNetworkSettings() rejects a garbage timeout naming its origin", async () => {
  const error = await assertRejects(
    () => resolve({ dotenv: "DEVICE_CODE_REQUEST_TIMEOUT=10\n" }),
    UsageError,
    `invalid DEVICE_CODE_REQUEST_TIMEOUT in .env "10"`,
  );
  assertIncludes(error.message, "expected a duration");
  assertEquals(error.exitCode, 2);
});

Deno.test("resolveNetworkSettings() reads the response body cap", async () => {
  const { settings, warnings } = await resolve({ env: { MAX_RESPONSE_BODY_SIZE: "2048" } });
  assertEquals(settings.maxResponseBodySize, 2048);
  assertEquals(warnings, []);
  const atCap = await resolve({ env: { MAX_RESPONSE_BODY_SIZE: "104857600" } });
  assertEquals(atCap.settings.maxResponseBodySize, 104_857_600);
  assertEquals(atCap.warnings, []);
});

Deno.test("resolveNetworkSettings() caps the response body size at 100 MiB and warns", async () => {
  const { settings, warnings } = await resolve({ env: { MAX_RESPONSE_BODY_SIZE: "104857601" } });
  assertEquals(settings.maxResponseBodySize, 104_857_600);
  assertEquals(warnings.length, 1);
  assertIncludes(warnings[0], "MAX_RESPONSE_BODY_SIZE exceeds the maximum");
});

Deno.test("resolveNetworkSettings() uses the default body size and warns for 0", async () => {
  const { settings, warnings } = await resolve({ env: { MAX_RESPONSE_BODY_SIZE: "0" } });
  assertEquals(settings.maxResponseBodySize, 1_048_576);
  assertEquals(warnings, ["MAX_RESPONSE_BODY_SIZE must be positive; using the default 1048576"]);
});

Deno.test("resolveNetworkSettings() rejects a garbage body size", async () => {
  for (const text of ["1MB", "-1", "1.5", "lots"]) {
    await assertRejects(
      () => resolve({ env: { MAX_RESPONSE_BODY_SIZE: text } }),
      UsageError,
      `invalid MAX_RESPONSE_BODY_SIZE "${text}": expected a size in bytes`,
    );
  }
});

Deno.test("resolveNetworkSettings() accepts ports 1-65535 only", async () => {
  assertEquals((await resolve({ env: { CALLBACK_PORT: "1" } })).settings.callbackPort, 1);
  assertEquals((await resolve({ env: { CALLBACK_PORT: "65535" } })).settings.callbackPort, 65535);
  for (const text of ["0", "65536", "-1", "80a", "http"]) {
    const error = await assertRejects(
      () => resolve({ flags: { port: text } }),
      UsageError,
      "expected a port number 1-65535",
    );
    assertIncludes(error.message, "--port");
  }
});

Deno.test("resolveNetworkSettings() builds the default redirect URI from the port", async () => {
  const { settings } = await resolve({ flags: { port: "9123" } });
  // RFC 8252 section 8.3: the loopback IP literal, not `localhost` (the Go client's default).
  assertEquals(settings.redirectUri, "http://127.0.0.1:9123/callback");
  const explicit = await resolve({
    flags: { port: "9123" },
    env: { REDIRECT_URI: "http://127.0.0.1:9123/cb" },
  });
  assertEquals(explicit.settings.redirectUri, "http://127.0.0.1:9123/cb");
});

Deno.test("storeLockTimeoutMs() outlasts any holder: discovery + the longer request + margin", () => {
  const timeouts = {
    callback: 1,
    tokenExchange: 1,
    tokenVerification: 1,
    refreshToken: 10_000,
    deviceCodeRequest: 1,
    userinfo: 1,
    discovery: 3_000,
    revocation: 60_000,
  };
  assertEquals(storeLockTimeoutMs(timeouts), 3_000 + 60_000 + 5_000);
  assertEquals(storeLockTimeoutMs({ ...timeouts, revocation: 1_000 }), 3_000 + 10_000 + 5_000);
});
