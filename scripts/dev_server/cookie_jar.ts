/**
 * A minimal cookie jar for one origin: enough for oidc-provider's session and interaction
 * cookies (name, value, path, deletion by expiry), nothing more.
 *
 * @module
 */

/** Stores cookies from responses and writes the `Cookie` header for requests. */
export class CookieJar {
  // Keyed by path then name: oidc-provider scopes its interaction cookies by path.
  #cookies = new Map<string, { name: string; value: string; path: string }>();

  /** Records every `Set-Cookie` of `response`; expired ones delete the stored cookie. */
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = "/";
      let expired = false;
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split("=");
        const attrValue = rest.join("=").trim();
        switch (key.trim().toLowerCase()) {
          case "path":
            path = attrValue || "/";
            break;
          case "max-age":
            expired ||= Number(attrValue) <= 0;
            break;
          case "expires":
            expired ||= Date.parse(attrValue) <= Date.now();
            break;
        }
      }
      const key = `${path}\n${name}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  /** The `Cookie` header value for a request to `url` (empty when no cookie applies). */
  headerFor(url: string): string {
    const requestPath = new URL(url).pathname;
    return [...this.#cookies.values()]
      .filter((c) => pathMatches(requestPath, c.path))
      // RFC 6265 5.4: longer paths first.
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}
