/**
 * A corporate server: the authorization server over https with a certificate from a private CA
 * the test creates, its issuer `https://127.0.0.1:PORT`. The CLI runs as a subprocess with the
 * release settings (permissions and scripts/release.env) and reaches the CA through DENO_CERT or
 * through the OS trust store. SSL_CERT_FILE stands for "IT installed the CA in the OS store": the
 * system store honours it on Linux, so nothing under /etc is touched.
 */

import { startConnectProxy } from "../support/connect_proxy.ts";
import { createPrivateCa, type PrivateCa } from "../support/private_ca.ts";
import { type HttpsAuthServer, startHttpsAuthServer } from "../support/https_auth_server.ts";
import { assert, assertEquals, assertIncludes } from "../support/assert.ts";
import { type RunCliOptions, runCliProcess } from "../support/run_cli.ts";
import { readStoredToken } from "../support/seed_token.ts";
import { withTempDir } from "../support/temp_dir.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

interface Corporate {
  ca: PrivateCa;
  server: HttpsAuthServer;
  dir: string;
}

/**
 * How each case's token file starts: inside the refresh window (valid for 4 more minutes, the
 * window is 5: a proactive refresh) or expired (a failed refresh is then an error, not a warning).
 */
type Start = "in_window" | "expired";

/** A CA, and an https server that seeded one token file per case (`<dir>/<case>.json`). */
async function withCorporateServer(
  cases: Record<string, Start>,
  body: (corporate: Corporate) => Promise<void>,
) {
  await withTempDir(async (dir) => {
    const ca = await createPrivateCa(dir);
    const seeds = Object.entries(cases).map(([name, start]) => ({
      tokenFile: `${dir}/${name}.json`,
      expiresInMs: start === "expired" ? -60_000 : 4 * 60_000,
    }));
    const server = await startHttpsAuthServer(ca, seeds);
    try {
      await body({ ca, server, dir });
    } finally {
      await server.stop();
    }
  });
}

/** Runs `token get` on the token file of case `name`. */
async function tokenGet(
  { server, dir }: Corporate,
  name: string,
  settings: { env: Record<string, string> } & Pick<RunCliOptions, "releaseEnv">,
) {
  const tokenFile = `${dir}/${name}.json`;
  const before = await Deno.readTextFile(tokenFile);
  const seeded = (await readStoredToken(tokenFile, server.clientId))!;
  const run = await runCliProcess(["token", "get"], {
    env: {
      SERVER_URL: server.issuer,
      CLIENT_ID: server.clientId,
      TOKEN_FILE: tokenFile,
      TOKEN_STORE: "file",
      ...settings.env,
    },
    releaseEnv: settings.releaseEnv,
  });
  const unchanged = await Deno.readTextFile(tokenFile) === before;
  return { run, seeded, tokenFile, unchanged };
}

/** A successful proactive refresh: a new token printed and stored, nothing on stderr. */
async function assertRefreshed(
  server: HttpsAuthServer,
  name: string,
  result: Awaited<ReturnType<typeof tokenGet>>,
): Promise<void> {
  const { run, seeded, tokenFile } = result;
  assertEquals([run.code, run.stderr], [0, ""], `${name}: ${run.stderr}`);
  const printed = run.stdout.trim();
  assert(printed !== seeded.accessToken, `${name}: a refreshed access token is printed`);
  const stored = await readStoredToken(tokenFile, server.clientId);
  assertEquals(stored?.accessToken, printed, name);
  assert(stored!.refreshToken !== seeded.refreshToken, `${name}: the rotated one is stored`);
}

/** The one error line and hint a client that does not trust the CA prints. */
function assertUntrusted(
  server: HttpsAuthServer,
  result: Awaited<ReturnType<typeof tokenGet>>,
): void {
  const { run } = result;
  assertEquals([run.code, run.stdout], [1, ""], run.stderr);
  const lines = run.stderr.split("\n");
  assertEquals(lines.length, 3, run.stderr);
  assertEquals(
    lines[0],
    `Error: failed to obtain a valid token: OIDC discovery failed: ${server.issuer}: certificate signed by an unknown authority (UnknownIssuer)`,
  );
  assert(
    lines[1].startsWith("Hint: trust the server's CA: add it to the OS trust store"),
    lines[1],
  );
  for (const setting of ["DENO_CERT=<CA pem file>", "DENO_TLS_CA_STORE=system,mozilla"]) {
    assertIncludes(lines[1], setting);
  }
  assert(!run.stderr.includes(result.seeded.refreshToken), "no refresh token on stderr");
  assert(result.unchanged, "the token file is untouched");
}

Deno.test(
  "private CA: trusted through DENO_CERT, or through the OS store by the release default; refused with one line and a hint otherwise",
  options,
  () =>
    withCorporateServer({
      "none": "expired",
      "mozilla": "expired",
      "no-release-env": "expired",
      "deno-cert": "in_window",
      "os-store": "in_window",
    }, async (corporate) => {
      const { ca, server } = corporate;
      const osStore = { SSL_CERT_FILE: ca.caFile };

      // Nothing tells Deno about the CA: discovery fails on the certificate.
      assertUntrusted(server, await tokenGet(corporate, "none", { env: {} }));

      // The user's own DENO_TLS_CA_STORE wins over the release default: Mozilla's roots only.
      assertUntrusted(
        server,
        await tokenGet(corporate, "mozilla", { env: { ...osStore, DENO_TLS_CA_STORE: "mozilla" } }),
      );

      // Without scripts/release.env (the CLI before it), the OS store is not consulted.
      assertUntrusted(
        server,
        await tokenGet(corporate, "no-release-env", { env: osStore, releaseEnv: false }),
      );

      const trusting: [string, Record<string, string>][] = [
        ["deno-cert", { DENO_CERT: ca.caFile }],
        ["os-store", osStore],
      ];
      for (const [name, env] of trusting) {
        await assertRefreshed(server, name, await tokenGet(corporate, name, { env }));
      }
    }),
);

Deno.test(
  "private CA behind a proxy: HTTPS_PROXY is honoured, loopback only bypasses it when NO_PROXY names it, a refused tunnel is one line",
  options,
  () =>
    withCorporateServer({
      "proxy": "in_window",
      "no-proxy-localhost": "in_window",
      "no-proxy-ip": "in_window",
      "refused": "expired",
    }, async (corporate) => {
      const { ca, server } = corporate;
      const target = new URL(server.issuer).host;
      const proxy = startConnectProxy();
      const refusing = startConnectProxy({ refuse: true });
      const proxied = (extra: Record<string, string> = {}, through = proxy) => ({
        DENO_CERT: ca.caFile,
        HTTPS_PROXY: through.url,
        // `deno run` (not a compiled binary) looks for a Deno upgrade at dl.deno.land, through
        // the proxy too: keep the tunnels to what the CLI itself asks for.
        DENO_NO_UPDATE_CHECK: "1",
        ...extra,
      });
      /** A proactive refresh with HTTPS_PROXY set; returns the tunnels the proxy opened. */
      const refreshVia = async (name: string, extra: Record<string, string>) => {
        proxy.tunnels.length = 0;
        await assertRefreshed(
          server,
          name,
          await tokenGet(corporate, name, { env: proxied(extra) }),
        );
        return new Set(proxy.tunnels);
      };
      try {
        assertEquals(await refreshVia("proxy", {}), new Set([target]));
        // No loopback bypass: localhost in NO_PROXY does not cover 127.0.0.1.
        assertEquals(
          await refreshVia("no-proxy-localhost", { NO_PROXY: "localhost" }),
          new Set([target]),
        );
        assertEquals(
          await refreshVia("no-proxy-ip", { NO_PROXY: "127.0.0.1" }),
          new Set(),
        );

        const { run, unchanged } = await tokenGet(corporate, "refused", {
          env: proxied({}, refusing),
        });
        assertEquals([run.code, run.stdout], [1, ""]);
        assertEquals(
          run.stderr,
          `Error: failed to obtain a valid token: OIDC discovery failed: ${server.issuer}: the proxy refused to open a tunnel (unsuccessful tunnel)\n` +
            "Hint: check HTTPS_PROXY and that the proxy allows this host, or list the host in NO_PROXY to connect directly\n",
        );
        assertEquals(refusing.tunnels, [target]);
        assert(unchanged, "the token file is untouched");
      } finally {
        proxy.stop();
        refusing.stop();
      }
    }),
);
