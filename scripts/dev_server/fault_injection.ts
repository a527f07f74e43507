/**
 * Server faults on demand, for the CLI's robustness tests: the first N device authorization
 * requests, or the first N refresh_token grants, answered with a chosen status and body (a
 * 503, a 429 with Retry-After, a 500, an HTML page) instead of oidc-provider's answer.
 * Other requests (the device code grants that seed a token) pass untouched.
 *
 * @module
 */

import type { KoaMiddleware } from "./load_provider.ts";
import { readForm } from "./request_form.ts";

/** One fault to inject. */
export interface InjectedFault {
  /** The device authorization endpoint, or the token endpoint's refresh_token grant. */
  target: "device_authorization" | "refresh";
  /** How many requests (the first ones) get the fault; default: every one. */
  times?: number;
  status: number;
  /** An object is sent as JSON, a string as text/html; default: an empty body. */
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Builds the middleware; `answered` counts the faults sent, per target. */
export function injectFaults(
  faults: readonly InjectedFault[],
  paths: { deviceAuthorization: string; token: string },
  answered: Record<InjectedFault["target"], number>,
): KoaMiddleware {
  return async (ctx, next) => {
    if (ctx.method !== "POST") return await next();
    let target: InjectedFault["target"] | undefined;
    if (ctx.path === paths.deviceAuthorization) target = "device_authorization";
    else if (
      ctx.path === paths.token && (await readForm(ctx)).get("grant_type") === "refresh_token"
    ) {
      target = "refresh";
    }
    const fault = faults.find((f) => f.target === target);
    if (!target || !fault || answered[target] >= (fault.times ?? Infinity)) return await next();
    answered[target]++;
    ctx.status = fault.status;
    for (const [name, value] of Object.entries(fault.headers ?? {})) ctx.set(name, value);
    if (typeof fault.body === "string") ctx.set("Content-Type", "text/html; charset=utf-8");
    ctx.body = fault.body ?? "";
  };
}
