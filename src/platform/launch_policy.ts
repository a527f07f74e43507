/**
 * Which URLs authgate opens in a browser, prints as a link to visit, or draws
 * as a QR code: https, or http to a loopback host. These URLs come from the
 * server (discovery's authorization endpoint, the device flow's verification
 * URI), and the OS launchers (`open`, `rundll32 url.dll,FileProtocolHandler`,
 * `xdg-open`) hand any scheme to whatever handles it: `file:` opens a local
 * file, custom schemes start other programs.
 * @module
 */

/**
 * Whether a URL host is a loopback address (`localhost`, `127.0.0.0/8`, `::1`).
 *
 * @param hostname A URL's `hostname`.
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === "[::1]";
}

/** A URL that may be launched (normalised), or why not. */
export type LaunchCheck = { ok: true; href: string } | { ok: false; reason: string };

/**
 * Checks a server-given URL before it is launched or shown. The accepted
 * form is the parsed URL's `href`: the WHATWG URL parser percent-encodes
 * every control, non-ASCII and bidi character, so it prints as plain ASCII.
 *
 * @param url The URL.
 * @returns The normalised URL, or the reason (one phrase) it is refused.
 */
export function checkLaunchUrl(url: string): LaunchCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: "it is not a valid URL" };
  }
  if (
    parsed.protocol === "https:" || (parsed.protocol === "http:" && isLoopbackHost(parsed.hostname))
  ) {
    return { ok: true, href: parsed.href };
  }
  if (parsed.protocol === "http:") {
    return { ok: false, reason: `it is plain http to ${parsed.host} (only loopback may use http)` };
  }
  return { ok: false, reason: `its scheme "${parsed.protocol}" is not https` };
}

/**
 * Whether two URLs have different origins (scheme, host, port).
 *
 * @param a A URL.
 * @param b Another URL.
 */
export function originsDiffer(a: string, b: string): boolean {
  return new URL(a).origin !== new URL(b).origin;
}
