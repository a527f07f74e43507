/**
 * classifyTransportError() on the error shapes Deno 2.9's fetch really throws. Every text below
 * was captured from a real failure on the build machine (a Deno.serve TLS server with certificates
 * from a private openssl CA, closed ports, a socket closed with SO_LINGER 0, a CONNECT proxy
 * answering 403, `unshare -rn` for DNS, bad DENO_CERT / DENO_TLS_CA_STORE / SSL_CERT_FILE values).
 */

import { ResponseTooLargeError } from "../../src/oauth/capped_fetch.ts";
import {
  classifyTransportError,
  type TransportFailureKind,
} from "../../src/oauth/transport_errors.ts";
import { assert, assertEquals, assertIncludes } from "../support/assert.ts";

/** What Deno's fetch throws: `TypeError("fetch failed")` with the Rust error text as `cause`. */
function fetchFailed(cause: string): TypeError {
  return new TypeError("fetch failed", { cause: new Error(cause) });
}

const CONNECT = "error sending request for url (https://127.0.0.1:8443/): client error (Connect):";
const request = {
  url: "https://127.0.0.1:8443/.well-known/openid-configuration",
  timeout: { ms: 10_000, setting: "DISCOVERY_TIMEOUT" },
};

interface Case {
  what: string;
  error: unknown;
  kind: TransportFailureKind;
  message: string;
  hint: string;
  retryable: boolean;
  url?: string;
}

const CASES: Case[] = [
  {
    what: "private CA not trusted",
    error: fetchFailed(`${CONNECT} invalid peer certificate: UnknownIssuer`),
    kind: "tls",
    message: "https://127.0.0.1:8443: certificate signed by an unknown authority (UnknownIssuer)",
    hint: "DENO_CERT=<CA pem file>",
    retryable: false,
  },
  {
    what: "expired certificate",
    error: fetchFailed(
      `${CONNECT} invalid peer certificate: certificate expired: verification time 1796222412 (UNIX), but certificate is not valid after 1577923200 (218299212 seconds ago)`,
    ),
    kind: "tls",
    message: "https://127.0.0.1:8443: certificate expired on 2020-01-02T00:00:00Z (Expired)",
    hint: "check this machine's date and time",
    retryable: false,
  },
  {
    what: "certificate not valid yet",
    error: fetchFailed(
      `${CONNECT} invalid peer certificate: certificate not valid yet: verification time 1796222532 (UNIX), but certificate is not valid before 4070908800 (2274686268 seconds in future)`,
    ),
    kind: "tls",
    message:
      "https://127.0.0.1:8443: certificate not valid before 2099-01-01T00:00:00Z (NotValidYet)",
    hint: "check this machine's date and time",
    retryable: false,
  },
  {
    what: "certificate for another name",
    error: fetchFailed(
      `${CONNECT} invalid peer certificate: certificate not valid for name "127.0.0.1"; certificate is only valid for DnsName("other.example")`,
    ),
    kind: "tls",
    message:
      'https://127.0.0.1:8443: certificate not valid for "127.0.0.1" (NotValidForName; it names other.example)',
    hint: "use a SERVER_URL host the certificate names (other.example)",
    retryable: false,
  },
  {
    what: "self-signed CA certificate as the server's",
    error: fetchFailed(`${CONNECT} invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))`),
    kind: "tls",
    message: "https://127.0.0.1:8443: certificate rejected: Other(OtherError(CaUsedAsEndEntity))",
    hint: "DENO_TLS_CA_STORE=system,mozilla",
    retryable: false,
  },
  {
    what: "https to a plain http port",
    error: fetchFailed(`${CONNECT} received corrupt message of type InvalidContentType`),
    kind: "tls",
    message:
      "https://127.0.0.1:8443: TLS handshake failed (received corrupt message of type InvalidContentType)",
    hint: "check that SERVER_URL names the server's https port",
    retryable: false,
  },
  {
    what: "connection closed during the handshake",
    error: fetchFailed(`${CONNECT} tls handshake eof`),
    kind: "tls",
    message: "https://127.0.0.1:8443: TLS handshake failed (tls handshake eof)",
    hint: "a proxy or firewall may be interfering",
    retryable: false,
  },
  {
    what: "connection refused (also what a stopped HTTPS_PROXY gives)",
    error: fetchFailed(`${CONNECT} tcp connect error: Connection refused (os error 111)`),
    kind: "refused",
    message: "https://127.0.0.1:8443: connection refused",
    hint: "check SERVER_URL's host and port (and HTTPS_PROXY",
    retryable: true,
  },
  {
    what: "unknown host",
    url: "https://no-such-host.invalid/.well-known/openid-configuration",
    error: fetchFailed(
      "error sending request for url (https://no-such-host.invalid/): client error (Connect): dns error: failed to lookup address information: Name or service not known",
    ),
    kind: "dns",
    message:
      "https://no-such-host.invalid: cannot resolve no-such-host.invalid (Name or service not known)",
    hint: "retrying will not help until the name resolves",
    retryable: false,
  },
  {
    what: "no DNS server (no network)",
    url: "https://example.com/.well-known/openid-configuration",
    error: fetchFailed(
      "error sending request for url (https://example.com/): client error (Connect): dns error: failed to lookup address information: Temporary failure in name resolution",
    ),
    kind: "dns",
    message:
      "https://example.com: cannot resolve example.com (Temporary failure in name resolution)",
    hint: "check your network or VPN connection, then retry",
    retryable: true,
  },
  {
    what: "no route (no network)",
    error: fetchFailed(`${CONNECT} tcp connect error: Network is unreachable (os error 101)`),
    kind: "unreachable",
    message: "https://127.0.0.1:8443: network unreachable (Network is unreachable (os error 101))",
    hint: "check your network or VPN connection, then retry",
    retryable: true,
  },
  {
    what: "reset during the TLS handshake",
    error: fetchFailed(`${CONNECT} Connection reset by peer (os error 104)`),
    kind: "reset",
    message:
      "https://127.0.0.1:8443: connection closed by the server or something in between (Connection reset by peer (os error 104))",
    hint: "retry; if it keeps happening",
    retryable: true,
  },
  {
    what: "reset after a plain http request (the cause names no URL)",
    url: "http://127.0.0.1:9450/oauth/token",
    error: fetchFailed("Connection reset by peer (os error 104)"),
    kind: "reset",
    message:
      "http://127.0.0.1:9450: connection closed by the server or something in between (Connection reset by peer (os error 104))",
    hint: "retry",
    retryable: true,
  },
  {
    what: "closed without an answer",
    url: "http://127.0.0.1:9446/oauth/token",
    error: fetchFailed(
      "error sending request from 127.0.0.1:48602 for http://127.0.0.1:9446/ (127.0.0.1:9446): client error (SendRequest): connection closed before message completed",
    ),
    kind: "reset",
    message:
      "http://127.0.0.1:9446: connection closed by the server or something in between (connection closed before message completed)",
    hint: "retry",
    retryable: true,
  },
  {
    what: "proxy refuses CONNECT (403)",
    error: fetchFailed(`${CONNECT} unsuccessful tunnel`),
    kind: "proxy",
    message: "https://127.0.0.1:8443: the proxy refused to open a tunnel (unsuccessful tunnel)",
    hint: "list the host in NO_PROXY",
    retryable: false,
  },
  {
    what: "AbortSignal.timeout",
    error: new DOMException("The operation was aborted due to timeout", "TimeoutError"),
    kind: "timeout",
    message: "https://127.0.0.1:8443: timed out after 10s (DISCOVERY_TIMEOUT)",
    hint: "retry, or raise DISCOVERY_TIMEOUT if it is slow",
    retryable: true,
  },
  {
    what: "DENO_CERT names a missing file",
    error: new Error("Failed opening CA file: No such file or directory (os error 2)"),
    kind: "ca_settings",
    message:
      "https://127.0.0.1:8443: cannot load the trusted CA certificates (Failed opening CA file: No such file or directory (os error 2))",
    hint: "DENO_CERT must name a readable PEM file",
    retryable: false,
  },
  {
    what: "DENO_CERT names a directory",
    error: new Error("Unable to add pem file to certificate store: Is a directory (os error 21)"),
    kind: "ca_settings",
    message:
      "https://127.0.0.1:8443: cannot load the trusted CA certificates (Unable to add pem file to certificate store: Is a directory (os error 21))",
    hint: "DENO_CERT",
    retryable: false,
  },
  {
    what: "SSL_CERT_FILE missing with the system store",
    error: new Error(
      "Failed to load platform certificates: No such file or directory (os error 2)",
    ),
    kind: "ca_settings",
    message:
      "https://127.0.0.1:8443: cannot load the trusted CA certificates (Failed to load platform certificates: No such file or directory (os error 2))",
    hint: "SSL_CERT_FILE must name a readable CA bundle",
    retryable: false,
  },
  {
    what: "DENO_TLS_CA_STORE misspelt",
    error: new Error('Unknown certificate store "bogus" specified (allowed: "system,mozilla")'),
    kind: "ca_settings",
    message:
      'https://127.0.0.1:8443: cannot load the trusted CA certificates (Unknown certificate store "bogus" specified (allowed: "system,mozilla"))',
    hint: "DENO_TLS_CA_STORE accepts system, mozilla or system,mozilla",
    retryable: false,
  },
  {
    what: "another fetch failure: its real cause, not 'fetch failed'",
    error: fetchFailed(`${CONNECT} something new`),
    kind: "other",
    message: "https://127.0.0.1:8443: something new",
    hint: "check SERVER_URL",
    retryable: true,
  },
];

for (const c of CASES) {
  Deno.test(`classifyTransportError(): ${c.what}`, () => {
    const failure = classifyTransportError(c.error, { ...request, url: c.url ?? request.url });
    assert(failure, "classified");
    assertEquals(
      { kind: failure.kind, message: failure.message, retryable: failure.retryable },
      { kind: c.kind, message: c.message, retryable: c.retryable },
    );
    assertIncludes(failure.hint, c.hint);
    assert(!failure.message.includes("\n") && !failure.hint.includes("\n"), "one line each");
  });
}

Deno.test("classifyTransportError(): names no setting for a timeout it was not told about", () => {
  const failure = classifyTransportError(
    new DOMException("The operation was aborted due to timeout", "TimeoutError"),
    { url: request.url },
  );
  assertEquals(failure?.message, "https://127.0.0.1:8443: timed out");
});

Deno.test("classifyTransportError(): the TLS hint lists every setting that fixes a CA", () => {
  const failure = classifyTransportError(CASES[0].error, request);
  for (
    const setting of ["DENO_CERT", "DENO_TLS_CA_STORE=system,mozilla", "HTTPS_PROXY", "NO_PROXY"]
  ) {
    assertIncludes(failure!.hint, setting);
  }
});

Deno.test("classifyTransportError(): leaves what is not a transport failure alone", () => {
  const others: unknown[] = [
    new Deno.errors.NotCapable('Requires net access to "127.0.0.1:8443"'),
    new DOMException("interrupted", "AbortError"),
    new ResponseTooLargeError("too large"),
    new TypeError("Fetch failed: Requests to port 1 are blocked"),
    "a string",
  ];
  for (const error of others) assertEquals(classifyTransportError(error, request), undefined);
});
