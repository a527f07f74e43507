/**
 * A loopback HTTP server that answers 503 to everything and records the paths
 * asked for: proof of whether a process reached the network at all.
 * @module
 */

/** A running {@linkcode unavailableServer}. */
export interface UnavailableServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Paths requested so far, in order. */
  paths: string[];
}

/**
 * Starts the server on 127.0.0.1 and a free port; `await using` stops it.
 *
 * @returns The server.
 */
export function unavailableServer(): UnavailableServer {
  const paths: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => {
      paths.push(new URL(request.url).pathname);
      return new Response("unavailable", { status: 503 });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    paths,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}
