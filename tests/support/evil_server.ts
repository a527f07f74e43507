/**
 * A hostile authorization server for the security tests: a tiny `Deno.serve`
 * on 127.0.0.1 whose every answer the test chooses (discovery pointing at
 * `file:` URLs, error descriptions echoing tokens, tokens with CR/LF, device
 * codes with `javascript:` URIs). Unanswered paths get 404.
 * @module
 */

/**
 * Answers one path; `base` is the server's origin (`http://127.0.0.1:PORT`),
 * `form` the fields of a POST (its body is already read).
 */
export type EvilRoute = (
  request: Request,
  base: string,
  form: URLSearchParams,
) => Response | Promise<Response>;

/** A running hostile server. */
export interface EvilServer {
  /** `http://127.0.0.1:PORT`, also its issuer. */
  base: string;
  /** The paths requested so far, in order (`POST /token`). */
  requests: string[];
  /** The form fields of every POST, in order. */
  forms: URLSearchParams[];
  stop(): Promise<void>;
}

/** A JSON answer. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

/**
 * Starts the server. Discovery is served from `discovery` (merged over a
 * document naming `/authorize`, `/token` and `/device/code` on this server).
 *
 * @param routes Answers by path.
 * @param discovery Discovery fields to add or replace; each value may use `base`.
 * @returns The server.
 */
export function startEvilServer(
  routes: Record<string, EvilRoute>,
  discovery: (base: string) => Record<string, unknown> = () => ({}),
): EvilServer {
  const requests: string[] = [];
  const forms: URLSearchParams[] = [];
  let base = "";
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = new URL(request.url).pathname;
    requests.push(`${request.method} ${path}`);
    const form = new URLSearchParams(request.method === "POST" ? await request.text() : "");
    if (request.method === "POST") forms.push(form);
    if (path === "/.well-known/openid-configuration") {
      return json({
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        device_authorization_endpoint: `${base}/device/code`,
        ...discovery(base),
      });
    }
    const route = routes[path];
    return route ? await route(request, base, form) : new Response("not found", { status: 404 });
  });
  base = `http://127.0.0.1:${server.addr.port}`;
  return { base, requests, forms, stop: () => server.shutdown() };
}

/** A token endpoint answer with a usable Bearer token. */
export function tokenAnswer(fields: Record<string, unknown> = {}): Response {
  return json({
    access_token: `at-${crypto.randomUUID()}`,
    refresh_token: `rt-${crypto.randomUUID()}`,
    token_type: "Bearer",
    expires_in: 3600,
    ...fields,
  });
}

/** A device authorization answer: a 60 s code polled every second, with `fields` over it. */
export function deviceCodeAnswer(fields: Record<string, unknown>): Response {
  return json({
    device_code: `dc-${crypto.randomUUID()}`,
    user_code: "WXYZ-1234",
    expires_in: 60,
    interval: 1,
    ...fields,
  });
}
