/**
 * A real authorization server and a temp folder with a token file, for tests
 * that run the CLI as a subprocess against it; both are removed afterwards.
 * @module
 */

import * as oauth from "oauth4webapi";
import {
  type AuthServer,
  type AuthServerOptions,
  startAuthServer,
} from "../../scripts/dev_server/auth_server.ts";

/** What a test gets. */
export interface ServerFixture {
  server: AuthServer;
  dir: string;
  tokenFile: string;
  /** The CLI's environment: server, client, token file (file store), plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/** Runs `body` with a fresh server and temp folder. */
export async function withServerFixture(
  serverOptions: AuthServerOptions,
  body: (fixture: ServerFixture) => Promise<void>,
): Promise<void> {
  const server = await startAuthServer(serverOptions);
  const dir = await Deno.makeTempDir({ prefix: "authgate-e2e-" });
  const tokenFile = `${dir}/tokens.json`;
  try {
    await body({
      server,
      dir,
      tokenFile,
      env: (extra = {}) => ({
        CLIENT_ID: server.clientId,
        SERVER_URL: server.issuer,
        TOKEN_FILE: tokenFile,
        TOKEN_STORE: "file",
        ...extra,
      }),
    });
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Options for tests that start oidc-provider (it keeps timers and sockets of its own). */
export const SERVER_TEST_OPTIONS = { sanitizeOps: false, sanitizeResources: false };

/** Whether the server still honours a refresh token (spends it: rotation). */
export async function refreshWorks(server: AuthServer, refreshToken: string): Promise<boolean> {
  const issuer = new URL(server.issuer);
  const insecure = { [oauth.allowInsecureRequests]: true };
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, insecure),
  );
  const client = { client_id: server.clientId };
  try {
    await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, insecure),
    );
    return true;
  } catch {
    return false;
  }
}
