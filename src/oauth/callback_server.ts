/**
 * The browser flow's loopback callback server. It listens on 127.0.0.1 and on
 * ::1 at the same port, so `http://localhost:PORT/callback` is reached
 * whichever address the browser resolves `localhost` to; never on a public
 * interface. Only `GET <path>` is served, and only to requests whose `Host`
 * names a loopback host and the port listened on: a page elsewhere whose
 * DNS name rebinds to 127.0.0.1 sends its own name, and is turned away.
 * Every answer is a small page with strict headers.
 * @module
 */

import { CALLBACK_HEADERS, type CallbackPage, renderCallbackPage } from "./callback_page.ts";

/** The callback port cannot be bound (taken by another program, or not permitted). */
export class CallbackPortUnavailableError extends Error {
  override name = "CallbackPortUnavailableError";
}

/** A listening callback server. */
export interface CallbackServer {
  /** The addresses listened on: `127.0.0.1:PORT`, and `[::1]:PORT` when IPv6 is up. */
  readonly addresses: readonly string[];
  /** Stops listening and closes connections. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@linkcode startCallbackServer}. */
export interface CallbackServerOptions {
  port: number;
  /** The callback path, `/callback`. */
  path: string;
  /** The redirect URI's `host`, also accepted in the `Host` header. */
  redirectHost?: string;
  /** Answers one callback's query parameters. */
  handle(params: URLSearchParams): Promise<CallbackPage>;
}

function respond(page: CallbackPage, extra: Record<string, string> = {}): Response {
  return new Response(renderCallbackPage(page), {
    status: page.status,
    headers: { ...CALLBACK_HEADERS, ...extra },
  });
}

/** The loopback host names a browser may send in `Host` for the callback. */
const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];

/**
 * Whether a request's `Host` header names this callback server: a loopback
 * host (any letter case) and exactly `port`, or the host and port of the
 * configured redirect URI (a port forwarded to this one, say).
 *
 * @param host The `Host` header (`null` when absent).
 * @param port The port listened on.
 * @param redirectHost The redirect URI's `host` (`name:port`, or the name alone on port 80).
 */
export function isCallbackHost(
  host: string | null,
  port: number,
  redirectHost?: string,
): boolean {
  if (host === null) return false;
  if (redirectHost !== undefined && host.toLowerCase() === redirectHost.toLowerCase()) return true;
  const cut = host.lastIndexOf(":");
  if (cut === -1) return false;
  const name = host.slice(0, cut).toLowerCase();
  return LOOPBACK_HOSTS.includes(name) && host.slice(cut + 1) === String(port);
}

function bind(
  hostname: string,
  port: number,
  handler: Deno.ServeHandler,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname, port, onListen() {} }, handler);
}

/**
 * Starts listening on both loopback addresses.
 *
 * @param options Port, path, handler.
 * @returns The server.
 * @throws {CallbackPortUnavailableError} when the port is taken on either
 * address (on ::1 it would be another program answering `localhost`), or
 * cannot be bound at all.
 */
export async function startCallbackServer(
  options: CallbackServerOptions,
): Promise<CallbackServer> {
  let port = options.port;
  const handler: Deno.ServeHandler = async (request) => {
    if (!isCallbackHost(request.headers.get("host"), port, options.redirectHost)) {
      return respond({
        status: 421,
        title: "Misdirected request",
        message: "The callback answers only on its loopback address.",
      });
    }
    const url = new URL(request.url);
    if (url.pathname !== options.path) {
      return respond({ status: 404, title: "Not found", message: "There is nothing here." });
    }
    if (request.method !== "GET") {
      return respond(
        { status: 405, title: "Method not allowed", message: "The callback takes GET only." },
        { Allow: "GET" },
      );
    }
    return respond(await options.handle(url.searchParams));
  };

  const servers: Deno.HttpServer<Deno.NetAddr>[] = [];
  const unavailable = (address: string, error: unknown) =>
    new CallbackPortUnavailableError(
      `cannot listen on ${address}: ${error instanceof Error ? error.message : error}`,
    );
  try {
    servers.push(bind("127.0.0.1", options.port, handler));
  } catch (error) {
    throw unavailable(`127.0.0.1:${options.port}`, error);
  }
  try {
    servers.push(bind("::1", options.port, handler));
  } catch (error) {
    // No IPv6 loopback (disabled in many containers): 127.0.0.1 alone serves `localhost`.
    if (!(error instanceof Deno.errors.AddrNotAvailable)) {
      await servers[0].shutdown();
      throw unavailable(`[::1]:${options.port}`, error);
    }
  }

  port = servers[0].addr.port;

  let closing: Promise<void> | undefined;
  return {
    addresses: servers.map((s) =>
      s.addr.hostname.includes(":")
        ? `[${s.addr.hostname}]:${s.addr.port}`
        : `${s.addr.hostname}:${s.addr.port}`
    ),
    close() {
      closing ??= Promise.all(servers.map((s) => s.shutdown())).then(() => {});
      return closing;
    },
  };
}
