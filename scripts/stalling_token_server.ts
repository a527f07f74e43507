/**
 * A minimal OAuth server on loopback (discovery and a token endpoint) whose
 * refreshes can be held: the fixture for a `token get` that is killed or
 * interrupted while it holds the token file's lock in the middle of a
 * refresh. A token request that arrives while `stalling` is set is held until
 * the server stops; otherwise it is answered at once, with a new token each
 * time. Used by the lock tests and `deno task bench`.
 * @module
 */

/** A running {@linkcode startStallingTokenServer}. */
export interface StallingTokenServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: the issuer and the `SERVER_URL` to use. */
  readonly url: string;
  /** Hold the token requests that arrive from now on. */
  stalling: boolean;
  /** Token requests answered with a token so far. */
  readonly refreshes: number;
  /** Resolves when the next token request is being held. */
  nextStall(): Promise<void>;
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
}

/**
 * Starts the server on 127.0.0.1 and a free port; `await using` stops it.
 *
 * @returns The server.
 */
export function startStallingTokenServer(): StallingTokenServer {
  let refreshes = 0;
  let stallWaiters: (() => void)[] = [];
  const state = { stalling: false };
  const closing = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request): Promise<Response> => {
      const { pathname } = new URL(request.url);
      if (pathname === "/.well-known/openid-configuration") {
        return json({ issuer: url, token_endpoint: `${url}/oauth/token` });
      }
      if (pathname !== "/oauth/token" || request.method !== "POST") {
        return new Response("not found", { status: 404 });
      }
      await request.body?.cancel();
      if (state.stalling) {
        for (const waiter of stallWaiters) waiter();
        stallWaiters = [];
        await new Promise((resolve) => closing.signal.addEventListener("abort", resolve));
        return new Response(null, { status: 503 });
      }
      refreshes++;
      return json({
        access_token: `access-${refreshes}-${crypto.randomUUID()}`,
        refresh_token: `refresh-${refreshes}-${crypto.randomUUID()}`,
        token_type: "Bearer",
        expires_in: 3600,
      });
    },
  );
  const url: string = `http://127.0.0.1:${server.addr.port}`;
  return {
    url,
    get stalling() {
      return state.stalling;
    },
    set stalling(value: boolean) {
      state.stalling = value;
    },
    get refreshes() {
      return refreshes;
    },
    nextStall: () => new Promise<void>((resolve) => stallWaiters.push(resolve)),
    [Symbol.asyncDispose]: () => {
      closing.abort();
      return server.shutdown();
    },
  };
}

/**
 * Runs a CLI process until `server` holds its refresh (it then holds the token
 * file's lock), sends it `signal`, and collects its output.
 *
 * @param server The server the process refreshes at (`SERVER_URL`).
 * @param command The CLI process, with stdout and stderr piped.
 * @param signal What to send: `SIGKILL` for a crash, `SIGINT` for Ctrl-C...
 * @returns The process's output and status.
 * @throws when the process ends before its refresh reaches the server.
 */
export async function signalMidRefresh(
  server: StallingTokenServer,
  command: Deno.Command,
  signal: Deno.Signal,
): Promise<Deno.CommandOutput> {
  server.stalling = true;
  const stalled = server.nextStall();
  const child = command.spawn();
  const output = child.output();
  try {
    const early = await Promise.race([stalled.then(() => undefined), output]);
    if (early) {
      throw new Error(
        `the process ended before its refresh was held: ${new TextDecoder().decode(early.stderr)}`,
      );
    }
    child.kill(signal);
    return await output;
  } finally {
    server.stalling = false;
  }
}
