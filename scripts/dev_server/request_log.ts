/**
 * Records the form fields of POSTs to chosen endpoints, as oidc-provider parsed them, so tests
 * can see exactly what the CLI sent (an `extra_claims` field, a `token_type_hint`).
 *
 * @module
 */

import type { KoaMiddleware } from "./load_provider.ts";

/** The form fields of one request (a repeated field keeps its last value). */
export type FormFields = Record<string, string>;

/** Form fields of the requests to the token and revocation endpoints, oldest first. */
export interface RequestLog {
  token: FormFields[];
  revocation: FormFields[];
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
