/**
 * The CLI as a subprocess (release permissions, temp HOME) against a hostile
 * loopback server: URLs it must not launch or show, server text with control
 * bytes and echoed secrets, and tokens that would inject through
 * `--format header`. Each test failed before the server text, launch policy
 * and token68 checks existed.
 */

import { desktopEnv, freeLoopbackPort } from "../support/login_fixture.ts";
import {
  deviceCodeAnswer,
  type EvilServer,
  json,
  startEvilServer,
  tokenAnswer,
} from "../support/evil_server.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { FIXTURE_CLIENT_ID, fixtureToken, writeTokenFile } from "../support/token_fixture.ts";
import { assert, assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";

const MINUTE = 60_000;

/** Control bytes a hostile server sends: CR, ESC sequences, BEL, a C1 CSI, a bidi override. */
const NASTY = ["\r", "\x1b", "\x07", "\u009b", "\u202e"];

function assertNoControls(text: string) {
  for (const char of NASTY) {
    assert(!text.includes(char), `${JSON.stringify(char)} reached the terminal in: ${text}`);
  }
}

interface Fixture {
  dir: string;
  tokenFile: string;
  env(extra?: Record<string, string>): Record<string, string>;
}

/** A temp HOME with the token file, and the CLI's environment for `server`. */
async function withEvil(server: EvilServer, body: (fixture: Fixture) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "authgate-evil-" });
  const tokenFile = `${dir}/tokens.json`;
  try {
    await body({
      dir,
      tokenFile,
      env: (extra = {}) => ({
        HOME: dir,
        SERVER_URL: server.base,
        CLIENT_ID: FIXTURE_CLIENT_ID,
        TOKEN_FILE: tokenFile,
        TOKEN_STORE: "file",
        SCOPE: "profile",
        ...extra,
      }),
    });
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

async function seed(tokenFile: string, token: StoredToken) {
  await writeTokenFile(tokenFile, [token]);
  return await Deno.readTextFile(tokenFile);
}

Deno.test("a file: authorization endpoint from discovery is refused before anything is launched", async () => {
  const server = startEvilServer({
    "/device/code": (_request, base) => deviceCodeAnswer({ verification_uri: `${base}/device` }),
    "/token": () => tokenAnswer(),
  }, () => ({ authorization_endpoint: "file:///etc/passwd" }));
  await withEvil(server, async ({ dir, env }) => {
    // The fake launcher records what it was asked to open, and "succeeds".
    const desktop = await desktopEnv(dir, { script: `printf '%s\\n' "$@" >> "${dir}/launched"` });
    const run = await runCliProcess([], {
      env: env({
        ...desktop,
        HOME: dir,
        CALLBACK_PORT: String(freeLoopbackPort()),
        CALLBACK_TIMEOUT: "3s",
      }),
    });
    assertEquals(run.code, 1, run.stderr);
    const launched = await Deno.readTextFile(`${dir}/launched`).catch(() => "");
    assertEquals(launched, "", "nothing was handed to the launcher");
    // Discovery keeps every endpoint on http(s): the document is refused whole.
    assertIncludes(
      run.stderr,
      "refusing the server's authorization_endpoint: it is not an http(s) URL",
    );
    assertExcludes(run.stderr, "file:///etc/passwd");
    assertNoControls(run.stderr);
  });
});

Deno.test("userinfo claims with control and bidi characters reach the summary stripped", async () => {
  const server = startEvilServer({
    "/device/code": (_request, base) => deviceCodeAnswer({ verification_uri: `${base}/device` }),
    "/token": () => tokenAnswer(),
    "/userinfo": () => json({ sub: "u1", name: "Mallory\x1b]0;pwned\x07\r\u202egnp.exe" }),
    "/oauth/tokeninfo": () => json({ active: true }),
  }, (base) => ({ userinfo_endpoint: `${base}/userinfo` }));
  await withEvil(server, async ({ dir, env }) => {
    const run = await runCliProcess(["--device"], { env: env({ HOME: dir }) });
    assertEquals(run.code, 0, run.stderr);
    assertIncludes(run.stderr, "Logged in with the device flow.");
    assertIncludes(run.stderr, "User:           Mallory]0;pwned gnp.exe\n");
    assertNoControls(run.stderr);
  });
});

Deno.test("an error_description echoing the refresh token and client secret, with ANSI and CR bytes, is redacted and stripped", async () => {
  const secret = "client-secret-value-77";
  let echoed = "";
  const server = startEvilServer({
    "/token": (request, _base, form) => {
      echoed = form.get("refresh_token") ?? "";
      // client_secret_basic (the default without a discovered method) or client_secret_post.
      const basic = request.headers.get("authorization")?.replace(/^Basic /, "");
      const sent = basic
        ? decodeURIComponent(atob(basic).split(":")[1])
        : form.get("client_secret");
      return json({
        error: "invalid_request",
        error_description: `refresh_token ${echoed} (secret ${sent}) rejected` +
          "\r\x1b[2K\x1b[32mall good\u009b",
      }, 400);
    },
  });
  await withEvil(server, async ({ tokenFile, env }) => {
    const token = fixtureToken(30 * MINUTE);
    await seed(tokenFile, token);
    const run = await runCliProcess(["token", "get"], {
      env: env({ REFRESH_THRESHOLD: "1h", CLIENT_SECRET: secret }),
    });
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stdout, `${token.accessToken}\n`, "the still-valid token is used");
    assertEquals(echoed, token.refreshToken, "the server did receive and echo the refresh token");
    assertIncludes(
      run.stderr,
      "Warning: token refresh failed, using existing token: token refresh rejected by the server " +
        "(invalid_request: refresh_token [...] (secret [redacted]) rejected [2K [32mall good)\n",
    );
    assertExcludes(run.stderr, token.refreshToken);
    assertExcludes(run.stderr, secret);
    assertNoControls(run.stderr);
  });
});

for (const evil of ["at\r\nX-Injected: yes", "$(touch /tmp/authgate-PWNED)"]) {
  Deno.test(`a token response with access_token ${JSON.stringify(evil)} is rejected and not stored`, async () => {
    const server = startEvilServer({ "/token": () => tokenAnswer({ access_token: evil }) });
    await withEvil(server, async ({ tokenFile, env }) => {
      const before = await seed(tokenFile, fixtureToken(-MINUTE));
      const run = await runCliProcess(["token", "get", "--format", "header"], { env: env() });
      assertEquals(run.code, 1, run.stderr);
      assertEquals(run.stdout, "", "nothing printed, so nothing injected");
      assertIncludes(
        run.stderr,
        "the response's access_token has characters a token cannot have (RFC 6750); it was not stored",
      );
      assertEquals(server.requests.filter((r) => r === "POST /token").length, 1);
      assertEquals(await Deno.readTextFile(tokenFile), before, "the token file is unchanged");
      assertExcludes(run.stderr, evil);
    });
  });
}

Deno.test("a stored access token with CR/LF is refused: --format header and env print nothing", async () => {
  const server = startEvilServer({});
  await withEvil(server, async ({ tokenFile, env }) => {
    await seed(tokenFile, fixtureToken(30 * MINUTE, { accessToken: "at\r\nX-Injected: yes" }));
    for (const format of ["header", "env"]) {
      const run = await runCliProcess(["token", "get", "--format", format], {
        env: env(),
        denoFlags: ["--deny-net"],
      });
      assertEquals(run.code, 1, run.stderr);
      assertEquals(run.stdout, "");
      assertIncludes(
        run.stderr,
        `the entry for client id "${FIXTURE_CLIENT_ID}" cannot be read: entry field "access_token" has characters a token cannot have`,
      );
      assertExcludes(run.stderr, "X-Injected");
    }
  });
});

Deno.test("a javascript: verification_uri is refused before anything is shown or polled", async () => {
  const server = startEvilServer({
    "/device/code": () =>
      deviceCodeAnswer({
        verification_uri: "javascript:alert(document.cookie)",
        verification_uri_complete: "javascript:alert(1)",
        expires_in: 3,
      }),
    "/token": () => json({ error: "authorization_pending" }, 400),
  });
  await withEvil(server, async ({ env }) => {
    const run = await runCliProcess(["--device"], { env: env() });
    assertEquals(run.code, 1, run.stderr);
    assertIncludes(
      run.stderr,
      `Error: refusing the server's verification_uri: its scheme "javascript:" is not https\n`,
    );
    assertExcludes(run.stderr, "javascript:alert");
    assertExcludes(run.stderr, "WXYZ-1234");
    assertEquals(server.requests.filter((r) => r === "POST /token"), [], "never polled");
  });
});

Deno.test("a verification URL on another origin is warned about; the user code is stripped", async () => {
  const other = `http://localhost:${freeLoopbackPort()}`;
  const server = startEvilServer({
    "/device/code": () =>
      deviceCodeAnswer({
        user_code: "AB\x1b[2JCD\u202e\r",
        verification_uri: `${other}/device`,
        verification_uri_complete: "file:///etc/passwd",
      }),
    "/token": () => tokenAnswer(),
  });
  await withEvil(server, async ({ env }) => {
    const run = await runCliProcess(["--device"], { env: env() });
    assertEquals(run.code, 0, run.stderr);
    assertIncludes(
      run.stderr,
      `Warning: ignoring the server's verification_uri_complete: its scheme "file:" is not https\n`,
    );
    assertIncludes(
      run.stderr,
      `Warning: the verification URL is on ${other}, not on the server's origin ${server.base}; open it only if you trust that site\n`,
    );
    assertIncludes(run.stderr, `  ${other}/device\nand enter the code AB[2JCD \n`);
    assertNoControls(run.stderr);
  });
});

Deno.test("token inspect --raw stays valid JSON, escapes terminal controls and redacts the token", async () => {
  let sent = "";
  const server = startEvilServer({
    "/oauth/tokeninfo": (request) => {
      sent = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
      // Raw C1 and bidi characters are valid inside JSON strings.
      return new Response(
        `{"active":true,"sub":"u\u009b31m\u202e","echo":"${sent}"}\r\n`,
        { headers: { "content-type": "application/json" } },
      );
    },
  });
  await withEvil(server, async ({ tokenFile, env }) => {
    const token = fixtureToken(30 * MINUTE);
    await seed(tokenFile, token);
    for (const args of [["--raw"], []]) {
      const run = await runCliProcess(["token", "inspect", ...args], { env: env() });
      assertEquals(run.code, 0, run.stderr);
      assertEquals(sent, token.accessToken);
      const answer = JSON.parse(run.stdout);
      assertEquals(answer, { active: true, sub: "u\u009b31m\u202e", echo: "[redacted]" });
      assertNoControls(run.stdout);
      assertExcludes(run.stdout, token.accessToken);
      assert(run.stdout.includes("\\u009b"), run.stdout);
    }
  });
});
