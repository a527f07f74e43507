/**
 * Names the real cause of a request that got no HTTP answer (TLS, DNS,
 * refused or reset connection, proxy, timeout) from what Deno's fetch threw,
 * with a hint that says which setting fixes it and whether a retry can help.
 *
 * Deno's fetch throws `TypeError("fetch failed")` whose `cause` carries the
 * Rust error text (`error sending request for url (...): client error
 * (Connect): invalid peer certificate: UnknownIssuer`), a timeout rejects with
 * the signal's `TimeoutError`, and a bad CA setting (`DENO_CERT`,
 * `DENO_TLS_CA_STORE`, `SSL_CERT_FILE`) throws a plain `Error` before any
 * connection. The patterns below are those texts as Deno 2.9 prints them
 * (captured from real failures: tests/oauth/transport_errors_test.ts).
 * @module
 */

import { formatDuration } from "../config/duration.ts";

/** What kind of transport failure. */
export type TransportFailureKind =
  | "tls"
  | "ca_settings"
  | "dns"
  | "refused"
  | "unreachable"
  | "reset"
  | "proxy"
  | "timeout"
  | "other";

/** A request's time limit, and the setting that configures it. */
export interface RequestTimeout {
  ms: number;
  /** The environment variable, named in the timeout error (`DISCOVERY_TIMEOUT`). */
  setting: string;
}

/** A classified transport failure: one line naming the cause and the server, and a hint. */
export interface TransportFailure {
  kind: TransportFailureKind;
  /** `<origin>: <cause>`, one line, no token material (URLs carry no tokens here). */
  message: string;
  hint: string;
  /** Whether the same request may succeed if sent again later. */
  retryable: boolean;
}

/** A request that got no HTTP answer; `message` and `hint` as classified. */
export class TransportError extends Error {
  override name = "TransportError";
  readonly kind: TransportFailureKind;
  readonly hint: string;
  readonly retryable: boolean;

  constructor(failure: TransportFailure, options?: { cause?: unknown }) {
    super(failure.message, options);
    this.kind = failure.kind;
    this.hint = failure.hint;
    this.retryable = failure.retryable;
  }
}

const TRUST_HINT =
  "trust the server's CA: add it to the OS trust store (trusted by default, DENO_TLS_CA_STORE=system,mozilla) or set DENO_CERT=<CA pem file>; behind a TLS-inspecting proxy trust the proxy's CA and set HTTPS_PROXY (NO_PROXY for hosts reached directly)";
const CLOCK_HINT =
  "check this machine's date and time; if they are right, the server's certificate must be renewed by its operator";
const PROXY_HINT = "HTTPS_PROXY and NO_PROXY if you use a proxy";

/** The messages of `error` and its `cause` chain, outermost first (bounded). */
function messageChain(error: unknown): string[] {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    messages.push(current.message);
    current = current.cause;
  }
  return messages;
}

/** Drops Deno's `error sending request ...: client error (Connect): ` wrapping. */
function innermost(text: string): string {
  return text
    .replace(/^error sending request (for url \([^)]*\)|from \S+ for \S+ \(\S+\)): /, "")
    .replace(/^client error \(\w+\): /, "");
}

function isoFromUnix(seconds: string): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

/** `certificate is only valid for DnsName("a") or IpAddress(...)` → `a, ...`. */
function certificateNames(text: string): string {
  const names = [...text.matchAll(/\w+\("([^"]*)"\)/g)].map((match) => match[1]);
  return names.length > 0 ? names.join(", ") : "other names";
}

type Cause = Omit<TransportFailure, "message"> & { cause: string };

function certificateCause(problem: string): Cause {
  const tls = (cause: string, hint: string): Cause => ({
    kind: "tls",
    cause,
    hint,
    retryable: false,
  });
  if (problem === "UnknownIssuer") {
    return tls("certificate signed by an unknown authority (UnknownIssuer)", TRUST_HINT);
  }
  const expired = /^certificate expired: .*not valid after (\d+)/.exec(problem);
  if (expired) {
    return tls(`certificate expired on ${isoFromUnix(expired[1])} (Expired)`, CLOCK_HINT);
  }
  const early = /^certificate not valid yet: .*not valid before (\d+)/.exec(problem);
  if (early) {
    return tls(`certificate not valid before ${isoFromUnix(early[1])} (NotValidYet)`, CLOCK_HINT);
  }
  const name = /^certificate not valid for name "([^"]*)"; (.*)$/.exec(problem);
  if (name) {
    const names = certificateNames(name[2]);
    return tls(
      `certificate not valid for "${name[1]}" (NotValidForName; it names ${names})`,
      `use a SERVER_URL host the certificate names (${names}); a TLS-inspecting proxy can also cause this (${PROXY_HINT})`,
    );
  }
  return tls(`certificate rejected: ${problem}`, TRUST_HINT);
}

/** Classifies the innermost text of a failed connection or request. */
function causeOf(text: string, host: string): Cause | undefined {
  const certificate = /^invalid peer certificate: (.*)$/.exec(text);
  if (certificate) return certificateCause(certificate[1]);
  if (/^received corrupt message|^tls handshake eof$|^received fatal alert/i.test(text)) {
    return {
      kind: "tls",
      cause: `TLS handshake failed (${text})`,
      hint:
        `check that SERVER_URL names the server's https port; a proxy or firewall may be interfering (${PROXY_HINT})`,
      retryable: false,
    };
  }
  const dns = /^dns error: (?:failed to lookup address information: )?(.*)$/.exec(text);
  if (dns) {
    const temporary = /temporary/i.test(dns[1]);
    return {
      kind: "dns",
      cause: `cannot resolve ${host} (${dns[1]})`,
      hint: temporary
        ? "the DNS server did not answer: check your network or VPN connection, then retry"
        : `check the host name in SERVER_URL (and ${PROXY_HINT}); if it is only known inside your network, connect the VPN; retrying will not help until the name resolves`,
      retryable: temporary,
    };
  }
  if (/Connection refused/i.test(text)) {
    return {
      kind: "refused",
      cause: "connection refused",
      hint:
        `nothing accepts connections there: check SERVER_URL's host and port (and ${PROXY_HINT}); a retry helps only once the server is up`,
      retryable: true,
    };
  }
  if (/Network is unreachable|No route to host/i.test(text)) {
    return {
      kind: "unreachable",
      cause: `network unreachable (${text.replace(/^tcp connect error: /, "")})`,
      hint:
        "this machine has no route to the server: check your network or VPN connection, then retry",
      retryable: true,
    };
  }
  if (/Connection reset|connection closed before message completed|broken pipe/i.test(text)) {
    return {
      kind: "reset",
      cause: `connection closed by the server or something in between (${text})`,
      hint:
        `retry; if it keeps happening, a proxy or firewall may be cutting the connection (${PROXY_HINT})`,
      retryable: true,
    };
  }
  if (/^unsuccessful tunnel$/.test(text)) {
    return {
      kind: "proxy",
      cause: "the proxy refused to open a tunnel (unsuccessful tunnel)",
      hint:
        "check HTTPS_PROXY and that the proxy allows this host, or list the host in NO_PROXY to connect directly",
      retryable: false,
    };
  }
  return undefined;
}

/** Deno's errors for a CA setting it cannot use, thrown before any connection. */
const CA_SETTINGS_ERROR =
  /^(Failed opening CA file|Unable to add pem file to certificate store|Failed to load platform certificates|Unknown certificate store)/;

/**
 * Classifies what a fetch (or the reading of its body) threw.
 *
 * @param error The thrown value.
 * @param request The request's URL, and its timeout when it had one.
 * @returns The failure, or `undefined` when `error` is not a transport failure
 * (a permission error, an abort by the user, a too-large body...).
 */
export function classifyTransportError(
  error: unknown,
  request: { url: string; timeout?: RequestTimeout },
): TransportFailure | undefined {
  const url = new URL(request.url);
  const origin = url.origin;
  if (error instanceof DOMException && error.name === "TimeoutError") {
    const limit = request.timeout ? ` after ${formatDuration(request.timeout.ms)}` : "";
    const setting = request.timeout?.setting;
    return {
      kind: "timeout",
      message: `${origin}: timed out${limit}${setting ? ` (${setting})` : ""}`,
      hint: `the server did not answer in time: retry${
        setting ? `, or raise ${setting} if it is slow` : ""
      }; check ${PROXY_HINT}`,
      retryable: true,
    };
  }
  if (error instanceof Deno.errors.NotCapable || !(error instanceof Error)) return undefined;
  const chain = messageChain(error);
  const settings = chain.find((text) => CA_SETTINGS_ERROR.test(text));
  if (settings) {
    return {
      kind: "ca_settings",
      message: `${origin}: cannot load the trusted CA certificates (${settings})`,
      hint:
        "DENO_CERT must name a readable PEM file of CA certificates, DENO_TLS_CA_STORE accepts system, mozilla or system,mozilla, SSL_CERT_FILE must name a readable CA bundle",
      retryable: false,
    };
  }
  const deepest = innermost(chain[chain.length - 1]);
  const cause = causeOf(deepest, url.hostname);
  if (cause) {
    const { cause: text, ...rest } = cause;
    return { ...rest, message: `${origin}: ${text}` };
  }
  // Deno's fetch failed in a way not named above: still show its real cause.
  if (error instanceof TypeError && chain.length > 1) {
    return {
      kind: "other",
      message: `${origin}: ${deepest}`,
      hint: `check SERVER_URL, your network connection and ${PROXY_HINT}`,
      retryable: true,
    };
  }
  return undefined;
}
