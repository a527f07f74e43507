/**
 * Counts token endpoint requests by grant_type, so tests can assert how often the CLI
 * refreshed (or polled) for real.
 *
 * @module
 */

import type { KoaMiddleware } from "./load_provider.ts";

/** Counters by grant_type: all requests, and those answered 2xx; device code requests. */
export interface TokenStats {
  tokenRequests: Record<string, number>;
  tokenSuccesses: Record<string, number>;
  /** POSTs to the device authorization endpoint, however answered. */
  deviceAuthorizationRequests: number;
}

/** Middleware that counts POSTs to `tokenPath` into `stats` once they are answered. */
export function countTokenRequests(tokenPath: string, stats: TokenStats): KoaMiddleware {
  return async (ctx, next) => {
    if (ctx.method !== "POST" || ctx.path !== tokenPath) return await next();
    try {
      await next();
    } finally {
      // oidc-provider parses the body inside its route; a request answered before that (the
      // slow_down middleware) leaves its grant_type in ctx.state.
      const grantType = String(ctx.oidc?.params?.grant_type ?? ctx.state.grantType ?? "unknown");
      stats.tokenRequests[grantType] = (stats.tokenRequests[grantType] ?? 0) + 1;
      if (ctx.status >= 200 && ctx.status < 300) {
        stats.tokenSuccesses[grantType] = (stats.tokenSuccesses[grantType] ?? 0) + 1;
      }
    }
  };
}

/** Middleware that counts POSTs to `path` (the device authorization endpoint) into `stats`. */
export function countDeviceAuthorizationRequests(path: string, stats: TokenStats): KoaMiddleware {
  return async (ctx, next) => {
    if (ctx.method === "POST" && ctx.path === path) stats.deviceAuthorizationRequests++;
    await next();
  };
}
