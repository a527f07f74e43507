/**
 * A node:http (or node:https) server on 127.0.0.1 whose request handler is attached after it
 * listens.
 *
 * oidc-provider needs its issuer (hence the port) at construction, and is a Koa app (a Node
 * `(req, res)` handler, which Deno.serve cannot host), so the server listens first on the
 * requested port (0: any free one) and gets the provider's handler once it exists.
 *
 * @module
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";

/** A Node-style request handler. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A listening loopback server. */
export interface LoopbackListener {
  port: number;
  setHandler(handler: NodeHandler): void;
  /** Stops listening and drops open (keep-alive) connections. Idempotent. */
  close(): Promise<void>;
}

/** A certificate and its private key, PEM, for serving https. */
export interface TlsIdentity {
  cert: string;
  key: string;
}

/**
 * Listens on 127.0.0.1:`port`, over TLS when `tls` is given; requests before `setHandler`
 * get 503.
 */
export function listenOnLoopback(port: number, tls?: TlsIdentity): Promise<LoopbackListener> {
  let handler: NodeHandler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const dispatch = (req: IncomingMessage, res: ServerResponse) => handler(req, res);
  const server = tls ? createTlsServer(tls, dispatch) : createServer(dispatch);
  let closing: Promise<void> | undefined;

  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // close() alone waits for clients' keep-alive connections to go idle and time out.
      server.closeAllConnections();
    });
    return closing;
  }

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("server has no TCP address"));
        return;
      }
      resolve({ port: address.port, setHandler: (h) => (handler = h), close });
    });
  });
}
