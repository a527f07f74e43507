/**
 * The settings every command shares: flag, environment variable, default.
 * Also the other flags that more than one command accepts: the global flags
 * and the extra claims, and the value sets of the output flags (token formats,
 * shells), which the presentation layer shares. They live together because
 * every run parses them (one module on the `token get` hot path instead of three).
 * @module
 */

import { BUILD_DEFAULTS } from "./build_defaults.ts";
import type { FlagValue } from "./argv.ts";
import type { FlagSpec } from "./flag_spec.ts";

/**
 * The server used when nothing sets one: none in the public build (a plain-http
 * `localhost:8080` default would send tokens to whatever listens there); an
 * in-house build fixes its organisation's server.
 */
export const DEFAULT_SERVER_URL: string | undefined = BUILD_DEFAULTS.serverUrl;
/** The loopback callback port used when nothing sets one. */
export const DEFAULT_CALLBACK_PORT = 8888;
/** The scopes requested when nothing sets them. */
export const DEFAULT_SCOPE = "email profile";

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
    trusted: true,
    valueName: "URL",
    defaultText: DEFAULT_SERVER_URL,
    description: "Authorization server base URL (its issuer); required to log in.",
  },
  allowInsecureHttp: {
    name: "allow-insecure-http",
    kind: "boolean",
    env: "AUTHGATE_ALLOW_INSECURE_HTTP",
    trusted: true,
    description:
      "Allow plain http to a server that is not on loopback (tokens travel unencrypted); env 1 or true, never from .env.",
  },
  clientId: {
    name: "client-id",
    kind: "string",
    env: "CLIENT_ID",
    trusted: true,
    valueName: "ID",
    description: "OAuth client id (required).",
  },
  clientSecret: {
    name: "client-secret",
    kind: "string",
    env: "CLIENT_SECRET",
    trusted: true,
    valueName: "SECRET",
    description:
      "Client secret; empty for a public client (PKCE only). Visible in ps: prefer the file.",
  },
  clientSecretFile: {
    name: "client-secret-file",
    kind: "string",
    env: "CLIENT_SECRET_FILE",
    trusted: true,
    valueName: "PATH",
    description: "Read the client secret from this file (a Docker or Kubernetes secret), trimmed.",
  },
  grant: {
    name: "grant",
    kind: "string",
    env: "GRANT_TYPE",
    trusted: true,
    valueName: "GRANT",
    choices: ["interactive", "client_credentials"],
    defaultText: "interactive",
    description:
      "How tokens are obtained: a person's login (browser or device flow) or the client's own credentials.",
  },
  tokenEndpointAuthMethod: {
    name: "token-endpoint-auth-method",
    kind: "string",
    env: "TOKEN_ENDPOINT_AUTH_METHOD",
    trusted: true,
    valueName: "METHOD",
    choices: ["auto", "client_secret_basic", "client_secret_post"],
    defaultText: "auto",
    description:
      "How a confidential client sends its secret; auto follows discovery (basic when offered).",
  },
  port: {
    name: "port",
    kind: "string",
    env: "CALLBACK_PORT",
    valueName: "PORT",
    defaultText: String(DEFAULT_CALLBACK_PORT),
    description: "Loopback port for the browser callback.",
  },
  redirectUri: {
    name: "redirect-uri",
    kind: "string",
    env: "REDIRECT_URI",
    trusted: true,
    valueName: "URI",
    defaultText: "http://127.0.0.1:PORT/callback",
    description: "Redirect URI registered for the client.",
  },
  scope: {
    name: "scope",
    kind: "string",
    env: "SCOPE",
    valueName: "SCOPES",
    defaultText: DEFAULT_SCOPE,
    description: "Space-separated scopes to request.",
  },
  tokenFile: {
    name: "token-file",
    kind: "string",
    env: "TOKEN_FILE",
    trusted: true,
    valueName: "PATH",
    defaultText: "<user config dir>/authgate/tokens.json",
    description: "Token file (shared by several client ids).",
  },
  tokenStore: {
    name: "token-store",
    kind: "string",
    env: "TOKEN_STORE",
    trusted: true,
    valueName: "STORE",
    choices: ["auto", "file", "keyring", "memory"],
    defaultText: "auto",
    description:
      "Where tokens live: OS keyring, plain file, keyring when available, or nowhere (memory).",
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

/** `--help` / `-h` anywhere, and `--version` instead of a command. */
export const GLOBAL_FLAGS = {
  help: {
    name: "help",
    short: "h",
    kind: "boolean",
    description: "Show help for the command and exit.",
  },
  version: {
    name: "version",
    kind: "boolean",
    description: "Show the version and exit (same as 'authgate version').",
  },
} as const satisfies Record<string, FlagSpec>;

/** The global flags as a list. */
export const GLOBAL_FLAG_LIST: readonly FlagSpec[] = Object.values(GLOBAL_FLAGS);

/** The extra claims flags, for every command that sends token requests (`token get`, the login). */
export const EXTRA_CLAIMS_FLAGS: readonly FlagSpec[] = [
  {
    name: "extra-claims",
    kind: "list",
    valueName: "KEY=VALUE",
    description:
      "Ask AuthGate for an extra claim in the token; JSON values keep their type, others are strings.",
  },
  {
    name: "extra-claims-file",
    kind: "string",
    valueName: "PATH",
    description:
      "Extra claims as KEY=VALUE lines (.env format, at most 64 KiB); --extra-claims wins.",
  },
];

/** The extra claims flags as given (their syntax is checked where they are used). */
export interface ExtraClaimsInput {
  /** `key=value` texts, in order. */
  pairs: readonly string[];
  file?: string;
}

/**
 * Reads the extra claims flags. Kept here, beside their declaration, so
 * `token get` can take them without loading the claims parser.
 *
 * @param flags Parsed flags.
 * @returns The inputs.
 */
export function readExtraClaimsFlags(flags: ReadonlyMap<string, FlagValue>): ExtraClaimsInput {
  const pairs = flags.get("extra-claims");
  const file = flags.get("extra-claims-file");
  return {
    pairs: Array.isArray(pairs) ? pairs : [],
    file: typeof file === "string" && file !== "" ? file : undefined,
  };
}

/** The output formats of `token get`. */
export const TOKEN_FORMATS = ["plain", "json", "env", "header", "exec-credential"] as const;

/** One of {@linkcode TOKEN_FORMATS}. */
export type TokenFormat = typeof TOKEN_FORMATS[number];

/** The shells `--format env` writes for (`sh` also covers bash and zsh). */
export const ENV_SHELLS = ["sh", "fish", "powershell"] as const;

/** One of {@linkcode ENV_SHELLS}. */
export type EnvShell = typeof ENV_SHELLS[number];

/** The shells `authgate completion` supports. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish", "powershell"] as const;

/** One of {@linkcode COMPLETION_SHELLS}. */
export type CompletionShell = typeof COMPLETION_SHELLS[number];
