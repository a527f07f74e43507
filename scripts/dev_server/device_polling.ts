/**
 * Device flow polling rules oidc-provider lacks: it never sends `interval` and never answers
 * `slow_down`. This middleware adds `interval` to the device authorization response and,
 * when enforcing, answers `slow_down` (RFC 8628 3.5) to a poll that comes too soon.
 *
 * @module
 */

import type { KoaMiddleware } from "./load_provider.ts";
import { readForm } from "./request_form.ts";

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** RFC 8628 3.2: a client that got no `interval` waits 5 seconds between polls. */
const DEFAULT_INTERVAL = 5;

/** What the middleware needs to know. */
export interface DevicePollingOptions {
  deviceAuthorizationPath: string;
  tokenPath: string;
  /** `interval` to announce; undefined announces none. */
  interval?: number;
  /** Answer slow_down to polls less than `interval` (or 5) seconds after the previous one. */
  enforce: boolean;
  /** The gap (seconds) enforced instead of `interval` (or 5). */
  minimumGap?: number;
}

/** Builds the middleware; it keeps the time of the last poll of each device_code. */
export function devicePolling(options: DevicePollingOptions): KoaMiddleware {
  const lastPoll = new Map<string, number>();
  const minimumGapMs = (options.minimumGap ?? options.interval ?? DEFAULT_INTERVAL) * 1000;

  return async (ctx, next) => {
    if (ctx.method !== "POST") return await next();

    if (ctx.path === options.deviceAuthorizationPath) {
      await next();
      if (options.interval !== undefined && ctx.status === 200 && isRecord(ctx.body)) {
        ctx.body = { ...ctx.body, interval: options.interval };
      }
      return;
    }

    if (ctx.path !== options.tokenPath || !options.enforce) return await next();

    // The decision needs the body before oidc-provider sees the request.
    const params = await readForm(ctx);
    const deviceCode = params.get("device_code");
    if (params.get("grant_type") !== DEVICE_CODE_GRANT || deviceCode === null) {
      return await next();
    }

    const now = performance.now();
    const previous = lastPoll.get(deviceCode);
    // Every poll counts as "the previous poll", refused ones included, as on a rate limiter.
    lastPoll.set(deviceCode, now);
    // 50 ms of slack so that a client sleeping exactly `interval` is never punished for
    // timer jitter.
    if (previous !== undefined && now - previous < minimumGapMs - 50) {
      ctx.status = 400;
      ctx.set("Cache-Control", "no-store");
      ctx.body = {
        error: "slow_down",
        error_description: `poll at most every ${minimumGapMs / 1000} seconds`,
      };
      return;
    }
    await next();
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
