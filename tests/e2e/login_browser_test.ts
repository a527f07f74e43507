/**
 * `authgate` (the main flow) as a subprocess, browser flow: a fake `xdg-open`
 * first on PATH walks the server's real login and consent pages and follows
 * the redirect to the CLI's loopback callback. Also: a forged callback, the
 * port in use, the callback timeout, a launcher that fails, Ctrl-C and SIGTERM.
 */

import { startCliSession } from "../support/cli_session.ts";
import {
  approvedLogin,
  desktopEnv,
  freeLoopbackPort,
  portIsFree,
  SERVER_TEST,
  waitForFile,
  withLoginServer,
} from "../support/login_fixture.ts";
import { assert, assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import { readStoredToken } from "../support/seed_token.ts";
import { INTERRUPTIONS } from "../support/interruptions.ts";

for (const layout of ["standard", "authgate"] as const) {
  Deno.test(
    `authgate [${layout}] browser flow: fake xdg-open walks the pages and calls back`,
    SERVER_TEST,
    () =>
      withLoginServer({ layout }, async ({ server, dir, tokenFile, env }) => {
        const port = freeLoopbackPort();
        const run = await startCliSession([], {
          env: env({ ...await desktopEnv(dir), CALLBACK_PORT: String(port) }),
        }).finished;
        assertEquals(run.code, 0, run.stderr);
        assertEquals(run.stdout, "");
        assertIncludes(run.stderr, "Using the browser flow (Authorization Code + PKCE): ");
        assertIncludes(run.stderr, "Logged in with the browser flow.");
        const stored = await readStoredToken(tokenFile, server.clientId);
        assert(stored, "the token is stored");
        assertEquals((await server.introspect(stored.accessToken)).active, true);
        assertExcludes(run.stderr, stored.accessToken);
        assertEquals(server.stats.tokenSuccesses.authorization_code, 1);

        const log = await waitForFile(`${dir}/fake-browser.log`, "fake browser exited with");
        // The redirect went to the default redirect URI, http://127.0.0.1:PORT/callback (RFC 8252 8.3).
        assertIncludes(log, `fake browser: opening http://127.0.0.1:${port}/callback?code=`);
        assertIncludes(log, "fake browser: 200 ");
        assertIncludes(log, "Login complete");
        assertExcludes(log, stored.accessToken);
        assertIncludes(log, "fake browser exited with 0");
        assert(portIsFree(port), "the callback server is closed");
      }),
  );
}

/** A client that probes the callback server before the real browser gets there. */
const PROBE = `
const port = Deno.args[0];
const results = {};
async function probe(name, url, init) {
  const response = await fetch(url, init);
  const body = await response.text();
  results[name] = {
    status: response.status,
    csp: response.headers.get("content-security-policy"),
    cache: response.headers.get("cache-control"),
    frame: response.headers.get("x-frame-options"),
    body,
  };
}
await probe("forged4", "http://127.0.0.1:" + port + "/callback?code=forged&state=not-the-state");
await probe("forged6", "http://[::1]:" + port + "/callback?code=forged");
await probe("post", "http://localhost:" + port + "/callback?code=x", { method: "POST" });
await probe("elsewhere", "http://localhost:" + port + "/other");
// A forged Host (what a DNS-rebinding page sends), raw: fetch() would set its own.
async function rawProbe(name, host) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
  await conn.write(new TextEncoder().encode(
    "GET /callback?code=forged HTTP/1.1\\r\\nHost: " + host + "\\r\\nConnection: close\\r\\n\\r\\n",
  ));
  let text = "";
  const buffer = new Uint8Array(65536);
  for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
    text += new TextDecoder().decode(buffer.subarray(0, n));
  }
  conn.close();
  const [head, body] = text.split("\\r\\n\\r\\n");
  const header = (name) =>
    head.split("\\r\\n").find((line) => line.toLowerCase().startsWith(name + ":"))?.slice(name.length + 1).trim();
  results[name] = {
    status: Number(head.split(" ")[1]),
    csp: header("content-security-policy"),
    cache: header("cache-control"),
    frame: header("x-frame-options"),
    body,
  };
}
await rawProbe("rebound", "evil.example:" + port);
await rawProbe("otherPort", "127.0.0.1:1");
await Deno.writeTextFile(Deno.args[1], JSON.stringify(results));
`;

Deno.test(
  "authgate browser flow: forged callbacks are refused with an error page and the real one completes",
  SERVER_TEST,
  () =>
    withLoginServer({}, async ({ server, dir, tokenFile, env }) => {
      const port = freeLoopbackPort();
      await Deno.writeTextFile(`${dir}/probe.js`, PROBE);
      const desktop = await desktopEnv(dir);
      await Deno.rename(`${dir}/xdg-open`, `${dir}/real-xdg-open`);
      await desktopEnv(dir, {
        script: `"${Deno.execPath()}" run -A "${dir}/probe.js" ${port} "${dir}/probe.json"
exec "${dir}/real-xdg-open" "$1"`,
      });
      const run = await startCliSession([], {
        env: env({ ...desktop, CALLBACK_PORT: String(port) }),
      }).finished;
      assertEquals(run.code, 0, run.stderr);
      assertIncludes(
        run.stderr,
        "Warning: refused a callback whose state does not match this login; still waiting\n",
      );
      assertIncludes(run.stderr, "Warning: refused a callback without a state; still waiting\n");
      assertIncludes(run.stderr, "Logged in with the browser flow.");
      assert(await readStoredToken(tokenFile, server.clientId), "the real callback's token");

      const probes = JSON.parse(await Deno.readTextFile(`${dir}/probe.json`));
      for (const name of ["forged4", "forged6"]) {
        assertEquals(probes[name].status, 400, name);
        assertIncludes(probes[name].body, "Login request not recognised");
      }
      assertEquals(probes.post.status, 405);
      assertEquals(probes.elsewhere.status, 404);
      for (const name of ["rebound", "otherPort"]) {
        assertEquals(probes[name].status, 421, name);
        assertIncludes(probes[name].body, "answers only on its loopback address");
      }
      for (const probe of Object.values(probes) as Record<string, string>[]) {
        assertEquals(
          [probe.csp, probe.cache, probe.frame],
          ["default-src 'none'", "no-store", "DENY"],
        );
      }
    }),
);

Deno.test(
  "authgate browser flow: an error answer from the server is a hard error",
  SERVER_TEST,
  () =>
    withLoginServer({ deviceInterval: 1 }, async ({ server, dir, tokenFile, env }) => {
      const port = freeLoopbackPort();
      const run = await startCliSession([], {
        env: env({ ...await desktopEnv(dir, { deny: true }), CALLBACK_PORT: String(port) }),
      }).finished;
      assertEquals(run.code, 1, run.stderr);
      assertIncludes(run.stderr, "Error: the login was denied (access_denied)");
      assertExcludes(run.stderr, "device flow (RFC 8628)");
      assertEquals(await readStoredToken(tokenFile, server.clientId), undefined);
      const log = await waitForFile(`${dir}/fake-browser.log`, "fake browser exited with");
      assertIncludes(log, "fake browser: 400 ");
      assertIncludes(log, "Login failed");
    }),
);

Deno.test(
  "authgate falls back to the device flow when the callback port is in use",
  SERVER_TEST,
  () =>
    withLoginServer({ deviceInterval: 1 }, async ({ server, dir, env }) => {
      const port = freeLoopbackPort();
      const squatter = Deno.listen({ hostname: "127.0.0.1", port });
      try {
        const run = await approvedLogin(
          server,
          [],
          env({ ...await desktopEnv(dir), CALLBACK_PORT: String(port) }),
        );
        assertIncludes(
          run.stderr,
          `Using the device flow (RFC 8628): callback port ${port} is not available on loopback`,
        );
        assertIncludes(run.stderr, "Logged in with the device flow.");
      } finally {
        squatter.close();
      }
    }),
);

Deno.test(
  "authgate falls back to the device flow after CALLBACK_TIMEOUT",
  SERVER_TEST,
  () =>
    withLoginServer({ deviceInterval: 1 }, async ({ server, dir, env }) => {
      const port = freeLoopbackPort();
      // A browser that opens and is then ignored: no callback ever comes.
      const desktop = await desktopEnv(dir, { script: "exit 0" });
      const run = await approvedLogin(
        server,
        [],
        env({ ...desktop, CALLBACK_PORT: String(port), CALLBACK_TIMEOUT: "1s" }),
      );
      assertIncludes(run.stderr, "No callback within 1s (CALLBACK_TIMEOUT)\n");
      assertIncludes(run.stderr, "Switching to the device flow: the browser login timed out\n");
      assertIncludes(run.stderr, "Logged in with the device flow.");
      assert(portIsFree(port), "the callback server is closed");
    }),
);

Deno.test(
  "authgate falls back to the device flow when the browser cannot be opened",
  SERVER_TEST,
  () =>
    withLoginServer({ deviceInterval: 1 }, async ({ server, dir, env }) => {
      const desktop = await desktopEnv(dir, { script: "exit 3" });
      const run = await approvedLogin(
        server,
        [],
        env({ ...desktop, CALLBACK_PORT: String(freeLoopbackPort()), BROWSER: "firefox" }),
      );
      assertIncludes(
        run.stderr,
        "Switching to the device flow: the browser could not be opened (xdg-open exited with code 3)",
      );
      assertIncludes(run.stderr, "Logged in with the device flow.");
    }),
);

for (const { signal, code, what } of INTERRUPTIONS) {
  Deno.test(
    `authgate ${signal} while waiting for the browser: exit ${code}, no listener left, store unchanged`,
    SERVER_TEST,
    () =>
      withLoginServer({}, async ({ dir, tokenFile, env }) => {
        await Deno.writeTextFile(tokenFile, '{"data":{}}');
        const port = freeLoopbackPort();
        const session = startCliSession([], {
          env: env({
            ...await desktopEnv(dir, { script: "exit 0" }),
            CALLBACK_PORT: String(port),
          }),
        });
        await session.waitFor(/Waiting for the login in the browser\.\.\./);
        assert(!portIsFree(port), "the callback server listens while waiting");
        session.kill(signal);
        const run = await session.finished;
        assertEquals(run.code, code, run.stderr);
        // The handler's line: a process the signal simply killed would print none.
        assertIncludes(run.stderr, `Error: ${what}; the token store was left unchanged\n`);
        assert(portIsFree(port), "no listener left on the callback port");
        assertEquals(await Deno.readTextFile(tokenFile), '{"data":{}}');
      }),
  );
}
