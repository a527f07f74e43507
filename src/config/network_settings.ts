/**
 * The full settings level, built only when the network is needed: server URL,
 * client credentials, timeouts and limits, with the Go client's caps and
 * warnings.
 * @module
 */

import { UsageError } from "../errors.ts";
import { resolveChoice } from "./choice_setting.ts";
import { resolveClientSecret } from "./client_secret.ts";
import { formatDuration, parseDuration } from "./duration.ts";
import type { FlagSpec } from "./flag_spec.ts";
import {
  DEFAULT_CALLBACK_PORT,
  DEFAULT_SCOPE,
  DEFAULT_SERVER_URL,
  SETTING_FLAGS,
} from "./setting_flags.ts";
import type { SettingSource } from "./setting_source.ts";
import { normalizeServerUrl } from "../token/server_binding.ts";
import { isLoopbackHost } from "../platform/launch_policy.ts";

const MAX_TIMEOUT_MS = 10 * 60_000;
const MAX_BODY_BYTES = 100 * 1024 * 1024;
/** Margin on top of the request timeouts when waiting for the store lock. */
const LOCK_MARGIN_MS = 5_000;

/** Per-request timeouts in milliseconds. */
export interface Timeouts {
  callback: number;
  tokenExchange: number;
  tokenVerification: number;
  refreshToken: number;
  deviceCodeRequest: number;
  userinfo: number;
  discovery: number;
  revocation: number;
}

/** Settings of the network level. */
export interface NetworkSettings {
  /** The server's base URL without a trailing slash; also the expected issuer. */
  serverUrl: string;
  /**
   * Whether plain http is allowed: the server URL is http on loopback, or
   * the user opted in (`--allow-insecure-http`) for another host.
   */
  insecureHttp: boolean;
  /** Whether plain http to a host that is not loopback was opted in to. */
  allowRemoteHttp: boolean;
  /** From CLIENT_SECRET or the file CLIENT_SECRET_FILE names; never printed. */
  clientSecret?: string;
  /** How a confidential client authenticates; `auto` follows discovery. */
  tokenEndpointAuthMethod: ClientAuthSetting;
  callbackPort: number;
  redirectUri: string;
  scope: string;
  timeouts: Timeouts;
  maxResponseBodySize: number;
}

/** One of the `--token-endpoint-auth-method` choices. */
export type ClientAuthSetting = typeof SETTING_FLAGS.tokenEndpointAuthMethod.choices[number];

/**
 * How long to wait for the store lock. Its holder may be any authgate process
 * (a refresh or a revocation), discovering the server and then sending its one
 * request, so the wait covers discovery plus the longer of the two request
 * timeouts, plus a margin.
 *
 * @param timeouts The configured timeouts.
 * @returns Milliseconds.
 */
export function storeLockTimeoutMs(timeouts: Timeouts): number {
  return timeouts.discovery + Math.max(timeouts.refreshToken, timeouts.revocation) +
    LOCK_MARGIN_MS;
}

/**
 * Whether plain http to hosts off this machine was opted in to: the flag or
 * `AUTHGATE_ALLOW_INSECURE_HTTP` (never `.env`: a working directory must not
 * turn off transport security).
 */
function resolveRemoteHttpOptIn(source: SettingSource): boolean {
  const setting = source.lookup(SETTING_FLAGS.allowInsecureHttp);
  if (!setting) return false;
  const text = setting.text.trim().toLowerCase();
  if (text === "1" || text === "true") return true;
  if (text === "0" || text === "false") return false;
  throw new UsageError(`invalid ${setting.origin} "${setting.text}": expected 1, true, 0 or false`);
}

/**
 * Why an endpoint URL must not be used under the transport rule, if so:
 * https, or plain http to loopback, or plain http anywhere when opted in.
 *
 * @param url The endpoint.
 * @param allowRemoteHttp Whether plain http off this machine was opted in to.
 * @returns The reason, or `undefined` when the URL may be used.
 */
export function transportProblem(url: URL, allowRemoteHttp: boolean): string | undefined {
  if (url.protocol === "https:") return undefined;
  if (url.protocol !== "http:") return `it is not an http(s) URL`;
  if (isLoopbackHost(url.hostname) || allowRemoteHttp) return undefined;
  return `plain http to ${url.host}, which is not on this machine, would send tokens and credentials unencrypted`;
}

/** The opt-in's flag and variable, for hints. */
export const INSECURE_HTTP_OPT_IN =
  `--${SETTING_FLAGS.allowInsecureHttp.name} or ${SETTING_FLAGS.allowInsecureHttp.env}=1`;

function resolveServerUrl(
  source: SettingSource,
  warn: (message: string) => void,
  boundServerUrl: string | undefined,
) {
  const setting = source.lookup(SETTING_FLAGS.serverUrl);
  const text = setting?.text ?? DEFAULT_SERVER_URL ?? boundServerUrl;
  const origin = setting?.origin ??
    (DEFAULT_SERVER_URL ? "the default server URL" : "the stored token's server");
  if (text === undefined) {
    throw new UsageError(
      "no authorization server is set",
      "pass --server-url or set SERVER_URL (in the environment or in your config.env)",
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `invalid ${origin} "${text}": expected an http(s) URL such as https://auth.example.com`,
    );
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.hostname === "") {
    throw new UsageError(`invalid ${origin} "${text}": expected an http(s) URL with a host`);
  }
  if (url.search || url.hash) {
    throw new UsageError(`invalid ${origin} "${text}": a server URL has no query or fragment`);
  }
  const allowRemoteHttp = resolveRemoteHttpOptIn(source);
  const problem = transportProblem(url, allowRemoteHttp);
  if (problem) {
    throw new UsageError(
      `refusing ${origin} "${text}": ${problem}`,
      `use https, or accept the risk with ${INSECURE_HTTP_OPT_IN}`,
    );
  }
  const insecureHttp = url.protocol === "http:";
  if (insecureHttp && !isLoopbackHost(url.hostname)) {
    warn(
      `${origin} uses plain http (${url.host}): tokens will be transmitted in plaintext (allowed by ${INSECURE_HTTP_OPT_IN}); use https`,
    );
  }
  return { serverUrl: normalizeServerUrl(url.href), insecureHttp, allowRemoteHttp };
}

function resolveTimeout(
  source: SettingSource,
  spec: FlagSpec,
  defaultMs: number,
  warn: (message: string) => void,
): number {
  const setting = source.lookup(spec);
  if (!setting) return defaultMs;
  const ms = parseDuration(setting.text);
  if (ms === undefined) {
    throw new UsageError(
      `invalid ${setting.origin} "${setting.text}": expected a duration such as 30s, 2m or 1m30s`,
    );
  }
  if (ms <= 0) {
    warn(`${setting.origin} must be positive; using the default ${formatDuration(defaultMs)}`);
    return defaultMs;
  }
  if (ms > MAX_TIMEOUT_MS) {
    warn(`${setting.origin} ${setting.text} exceeds the maximum; capped at 10m`);
    return MAX_TIMEOUT_MS;
  }
  return ms;
}

function resolveInteger(
  source: SettingSource,
  spec: FlagSpec,
  what: string,
): { value: number; origin: string } | undefined {
  const setting = source.lookup(spec);
  if (!setting) return undefined;
  if (!/^\d+$/.test(setting.text.trim())) {
    throw new UsageError(`invalid ${setting.origin} "${setting.text}": expected ${what}`);
  }
  return { value: Number(setting.text.trim()), origin: setting.origin };
}

/**
 * Resolves the network level.
 *
 * @param source The settings source.
 * @param warn Receives each configuration warning (one line, no prefix).
 * @param boundServerUrl The server the stored token is bound to: used when no
 * server is configured (a token knows where it came from).
 * @returns The settings.
 * @throws {UsageError} when a value is malformed, or no server is known.
 */
export function resolveNetworkSettings(
  source: SettingSource,
  warn: (message: string) => void,
  boundServerUrl?: string,
): NetworkSettings {
  const { serverUrl, insecureHttp, allowRemoteHttp } = resolveServerUrl(
    source,
    warn,
    boundServerUrl,
  );

  const port = resolveInteger(source, SETTING_FLAGS.port, "a port number 1-65535");
  if (port && (port.value < 1 || port.value > 65535)) {
    throw new UsageError(`invalid ${port.origin} "${port.value}": expected a port number 1-65535`);
  }
  const callbackPort = port?.value ?? DEFAULT_CALLBACK_PORT;

  let maxResponseBodySize = 1024 * 1024;
  const body = resolveInteger(source, SETTING_FLAGS.maxResponseBodySize, "a size in bytes");
  if (body && body.value <= 0) {
    warn(`${body.origin} must be positive; using the default 1048576`);
  } else if (body && body.value > MAX_BODY_BYTES) {
    warn(`${body.origin} exceeds the maximum; capped at ${MAX_BODY_BYTES} (100 MiB)`);
    maxResponseBodySize = MAX_BODY_BYTES;
  } else if (body) {
    maxResponseBodySize = body.value;
  }

  const t = (spec: FlagSpec, defaultMs = 10_000) => resolveTimeout(source, spec, defaultMs, warn);
  const f = SETTING_FLAGS;
  return {
    serverUrl,
    insecureHttp,
    allowRemoteHttp,
    clientSecret: resolveClientSecret(source),
    tokenEndpointAuthMethod: resolveChoice(source, f.tokenEndpointAuthMethod),
    callbackPort,
    redirectUri: source.lookup(f.redirectUri)?.text ?? `http://127.0.0.1:${callbackPort}/callback`,
    scope: source.lookup(f.scope)?.text ?? DEFAULT_SCOPE,
    timeouts: {
      callback: t(f.callbackTimeout, 2 * 60_000),
      tokenExchange: t(f.tokenExchangeTimeout),
      tokenVerification: t(f.tokenVerificationTimeout),
      refreshToken: t(f.refreshTokenTimeout),
      deviceCodeRequest: t(f.deviceCodeRequestTimeout),
      userinfo: t(f.userinfoTimeout),
      discovery: t(f.discoveryTimeout),
      revocation: t(f.revocationTimeout),
    },
    maxResponseBodySize,
  };
}
