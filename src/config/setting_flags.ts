/**
 * The settings every command shares: flag, environment variable, default.
 * @module
 */

import { BUILD_DEFAULTS } from "./build_defaults.ts";
import type { FlagSpec } from "./flag_spec.ts";

const timeout = (name: string, env: string, what: string): FlagSpec => ({
  name,
  kind: "string",
  env,
  valueName: "DURATION",
  defaultText: "10s",
  description: `Timeout for ${what} (capped at 10m).`,
});

/** Settings flags, accepted by every command. */
export const SETTING_FLAGS = {
  serverUrl: {
    name: "server-url",
    kind: "string",
    env: "SERVER_URL",
    valueName: "URL",
    defaultText: BUILD_DEFAULTS.serverUrl ?? "http://localhost:8080",
    description: "Authorization server base URL (its issuer).",
  },
  clientId: {
    name: "client-id",
    kind: "string",
    env: "CLIENT_ID",
    valueName: "ID",
    description: "OAuth client id (required).",
  },
  clientSecret: {
    name: "client-secret",
    kind: "string",
    env: "CLIENT_SECRET",
    valueName: "SECRET",
    description: "Client secret; empty for a public client (PKCE only).",
  },
  port: {
    name: "port",
    kind: "string",
    env: "CALLBACK_PORT",
    valueName: "PORT",
    defaultText: "8888",
    description: "Loopback port for the browser callback.",
  },
  redirectUri: {
    name: "redirect-uri",
    kind: "string",
    env: "REDIRECT_URI",
    valueName: "URI",
    defaultText: "http://localhost:PORT/callback",
    description: "Redirect URI registered for the client.",
  },
  scope: {
    name: "scope",
    kind: "string",
    env: "SCOPE",
    valueName: "SCOPES",
    defaultText: "email profile",
    description: "Space-separated scopes to request.",
  },
  tokenFile: {
    name: "token-file",
    kind: "string",
    env: "TOKEN_FILE",
    valueName: "PATH",
    defaultText: "<user config dir>/authgate/tokens.json",
    description: "Token file (shared by several client ids).",
  },
  tokenStore: {
    name: "token-store",
    kind: "string",
    env: "TOKEN_STORE",
    valueName: "auto|file|keyring",
    defaultText: "auto",
    description: "Where tokens live: OS keyring, plain file, or keyring when available.",
  },
  refreshThreshold: {
    name: "refresh-threshold",
    kind: "string",
    env: "REFRESH_THRESHOLD",
    valueName: "DURATION",
    defaultText: "5m",
    description: "Refresh the access token when it expires within this window.",
  },
  callbackTimeout: {
    name: "callback-timeout",
    kind: "string",
    env: "CALLBACK_TIMEOUT",
    valueName: "DURATION",
    defaultText: "2m",
    description: "How long the browser flow waits for the callback (capped at 10m).",
  },
  tokenExchangeTimeout: timeout(
    "token-exchange-timeout",
    "TOKEN_EXCHANGE_TIMEOUT",
    "code exchange",
  ),
  tokenVerificationTimeout: timeout(
    "token-verification-timeout",
    "TOKEN_VERIFICATION_TIMEOUT",
    "token verification",
  ),
  refreshTokenTimeout: timeout("refresh-token-timeout", "REFRESH_TOKEN_TIMEOUT", "token refresh"),
  deviceCodeRequestTimeout: timeout(
    "device-code-request-timeout",
    "DEVICE_CODE_REQUEST_TIMEOUT",
    "device code requests",
  ),
  userinfoTimeout: timeout("userinfo-timeout", "USERINFO_TIMEOUT", "userinfo"),
  discoveryTimeout: timeout("discovery-timeout", "DISCOVERY_TIMEOUT", "OIDC discovery"),
  revocationTimeout: timeout("revocation-timeout", "REVOCATION_TIMEOUT", "token revocation"),
  maxResponseBodySize: {
    name: "max-response-body-size",
    kind: "string",
    env: "MAX_RESPONSE_BODY_SIZE",
    valueName: "BYTES",
    defaultText: "1048576",
    description: "Largest accepted server response body (capped at 100 MiB).",
  },
} as const satisfies Record<string, FlagSpec>;

/** The settings flags as a list. */
export const SETTING_FLAG_LIST: readonly FlagSpec[] = Object.values(SETTING_FLAGS);
