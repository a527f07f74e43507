/**
 * The transport rules, attacked as the CLI runs for real (subprocess, release
 * permissions): plain http to a host off this machine, given as the server or
 * slipped in by a discovery document. The "remote" host is 192.0.2.1
 * (TEST-NET-1, RFC 5737), and every run also gets `--deny-net=192.0.2.1`, so
 * no packet can leave the machine even if the CLI tried: a refusal must come
 * from the CLI itself ("refusing ..."), before any connection, not from Deno
 * ("not permitted").
 */

import { runCliProcess } from "../support/run_cli.ts";
import { assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import { FIXTURE_CLIENT_ID, fixtureToken, writeTokenFile } from "../support/token_fixture.ts";
import { withTempDir } from "../support/temp_dir.ts";

const REMOTE = "192.0.2.1";
const NO_REMOTE = [`--deny-net=${REMOTE}`];

/** A temp HOME holding an expired token (so `token get` needs the server). */
function withExpiredToken(
  fn: (dir: string, env: Record<string, string>) => Promise<void>,
): Promise<void> {
  return withTempDir(async (dir) => {
    const tokenFile = `${dir}/tokens.json`;
    await writeTokenFile(tokenFile, [fixtureToken(-60_000)]);
    await fn(dir, { HOME: dir, CLIENT_ID: FIXTURE_CLIENT_ID, TOKEN_FILE: tokenFile });
  });
}

Deno.test("plain http to a server off this machine is refused before any connection", () =>
  withExpiredToken(async (dir, env) => {
    for (const args of [["token", "get"], []]) {
      const run = await runCliProcess(args, {
        env: { ...env, SERVER_URL: `http://${REMOTE}:8080` },
        cwd: dir,
        denoFlags: NO_REMOTE,
      });
      assertEquals(run.code, 2, run.stderr);
      assertIncludes(
        run.stderr,
        `Error: refusing SERVER_URL "http://${REMOTE}:8080": plain http to ${REMOTE}:8080, which is not on this machine`,
      );
      assertIncludes(run.stderr, "Hint: use https, or accept the risk with --allow-insecure-http");
      assertExcludes(run.stderr, "not permitted");
    }
  }));

Deno.test("the plain http opt-in works from the environment and the flag, never from .env", () =>
  withExpiredToken(async (dir, env) => {
    const server = { ...env, SERVER_URL: `http://${REMOTE}:8080` };
    await Deno.writeTextFile(`${dir}/.env`, "AUTHGATE_ALLOW_INSECURE_HTTP=1\n");
    const fromDotenv = await runCliProcess(["token", "get"], {
      env: server,
      cwd: dir,
      denoFlags: NO_REMOTE,
    });
    assertEquals(fromDotenv.code, 2, fromDotenv.stderr);
    assertIncludes(fromDotenv.stderr, "Error: refusing SERVER_URL");

    for (
      const [args, extra] of [
        [["token", "get"], { AUTHGATE_ALLOW_INSECURE_HTTP: "1" }],
        [["token", "get", "--allow-insecure-http"], {}],
      ] as const
    ) {
      const run = await runCliProcess(args, {
        env: { ...server, ...extra },
        cwd: dir,
        denoFlags: NO_REMOTE,
      });
      // Allowed, with the warning; the request then meets --deny-net (nothing left the machine).
      assertIncludes(
        run.stderr,
        `Warning: SERVER_URL uses plain http (${REMOTE}:8080): tokens will be transmitted in plaintext`,
      );
      assertIncludes(run.stderr, "not permitted");
      assertEquals(run.code, 1, run.stderr);
    }
  }));

Deno.test("a discovery document cannot move an endpoint to plain http off this machine", () =>
  withExpiredToken(async (dir, env) => {
    const paths: string[] = [];
    let issuer = "";
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
      const path = new URL(request.url).pathname;
      paths.push(path);
      if (path !== "/.well-known/openid-configuration") return new Response("no", { status: 404 });
      return Response.json({
        issuer,
        authorization_endpoint: `${issuer}/oauth/authorize`,
        token_endpoint: `http://${REMOTE}/oauth/token`,
        revocation_endpoint: `${issuer}/oauth/revoke`,
      });
    });
    issuer = `http://127.0.0.1:${server.addr.port}`;
    try {
      const run = await runCliProcess(["token", "get"], {
        env: { ...env, SERVER_URL: issuer },
        cwd: dir,
        denoFlags: NO_REMOTE,
      });
      assertEquals(run.code, 1, run.stderr);
      assertIncludes(
        run.stderr,
        `OIDC discovery: refusing the server's token_endpoint: plain http to ${REMOTE}, which is not on this machine`,
      );
      assertExcludes(run.stderr, "not permitted");
      assertEquals(paths, ["/.well-known/openid-configuration"]);
    } finally {
      await server.shutdown();
    }
  }));
