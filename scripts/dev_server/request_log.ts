/**
 * Records the form fields of POSTs to chosen endpoints, as oidc-provider parsed them, so tests
 * can see exactly what the CLI sent (an `extra_claims` field, a `token_type_hint`).
 *
 * @module
 */

import type { KoaMiddleware } from "./load_provider.ts";
import { readForm } from "./request_form.ts";

/** The form fields of one request (a repeated field keeps its last value). */
export type FormFields = Record<string, string>;

/** Form fields of the requests to the token and revocation endpoints, oldest first. */
export interface RequestLog {
  token: FormFields[];
  revocation: FormFields[];
  /** How every token, revocation and introspection request authenticated its client. */
  clientAuth: ClientAuthRecord[];
}

/** Middleware that appends the form of every POST to `path` to `into`, once it is answered. */
export function recordForms(path: string, into: FormFields[]): KoaMiddleware {
  return async (ctx, next) => {
    if (ctx.method !== "POST" || ctx.path !== path) return await next();
    try {
      await next();
    } finally {
      const fields: FormFields = {};
      for (const [key, value] of Object.entries(ctx.oidc?.body ?? {})) {
        fields[key] = String(Array.isArray(value) ? value.at(-1) : value);
      }
      into.push(fields);
    }
  };
}

/** How one request authenticated its client, as the server received it. */
export interface ClientAuthRecord {
  /** The request path (token, revocation or introspection endpoint). */
  path: string;
  /** The client id it named (from the Basic header or the form). */
  clientId: string;
  /** `client_secret_basic` (Authorization header), `client_secret_post` (form) or `none`. */
  method: "client_secret_basic" | "client_secret_post" | "none";
}

function basicClientId(header: string): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = atob(match[1]);
  return decodeURIComponent(decoded.slice(0, decoded.indexOf(":")).replaceAll("+", " "));
}

/**
 * Middleware that appends how each POST to one of `paths` authenticated its client, and
 * answers `401 invalid_client` before the route runs when a client in `registered` used a
 * secret method other than its own (oidc-provider itself takes either from any client).
 */
export function recordClientAuth(
  paths: readonly string[],
  into: ClientAuthRecord[],
  registered: ReadonlyMap<string, ClientAuthRecord["method"]>,
): KoaMiddleware {
  return async (ctx, next) => {
    if (ctx.method !== "POST" || !paths.includes(ctx.path)) return await next();
    const fromHeader = basicClientId(ctx.get("authorization"));
    const form = await readForm(ctx);
    const method = fromHeader !== undefined
      ? "client_secret_basic"
      : form.has("client_secret")
      ? "client_secret_post"
      : "none";
    const clientId = fromHeader ?? form.get("client_id") ?? "";
    // For the grant count of a request refused here (oidc-provider never parses it).
    ctx.state.grantType ??= form.get("grant_type") ?? undefined;
    into.push({ path: ctx.path, clientId, method });
    const expected = registered.get(clientId);
    if (method !== "none" && expected !== undefined && expected !== method) {
      ctx.status = 401;
      ctx.body = {
        error: "invalid_client",
        error_description: `${clientId} must use ${expected}, not ${method}`,
      };
      return;
    }
    await next();
  };
}
