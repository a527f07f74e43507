/**
 * A running authorization server, a temporary directory with a token file
 * path, and the environment that points the CLI at both.
 * @module
 */

import * as oauth from "oauth4webapi";
import {
  type AuthServer,
  type AuthServerOptions,
  startAuthServer,
} from "../../scripts/dev_server/auth_server.ts";

/** Options for tests that start oidc-provider (it keeps timers and sockets of its own). */
export const SERVER_TEST_OPTIONS = { sanitizeOps: false, sanitizeResources: false };

/** What a test body gets. */
export interface ServerFixture {
  server: AuthServer;
  dir: string;
  tokenFile: string;
  /** CLIENT_ID, SERVER_URL, TOKEN_FILE, TOKEN_STORE=file, plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/**
 * Runs `body` with a fresh server and directory, and cleans both up.
 *
 * @param body The test.
 * @param serverOptions Options of the server.
 */
export async function withServer(
  body: (fixture: ServerFixture) => Promise<void>,
  serverOptions: AuthServerOptions = {},
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
