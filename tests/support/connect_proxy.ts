/**
 * A minimal HTTPS proxy (HTTP CONNECT tunnels) on 127.0.0.1 that records what it is asked
 * for, as a corporate proxy would see it; or one that refuses every tunnel (403).
 * @module
 */

/** A running proxy. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`, for HTTPS_PROXY. */
  url: string;
  /** The `host:port` of every CONNECT received, oldest first. */
  tunnels: string[];
  stop(): void;
}

const encoder = new TextEncoder();

async function serveTunnel(client: Deno.Conn, tunnels: string[], refuse: boolean) {
  const buffer = new Uint8Array(16_384);
  const read = await client.read(buffer);
  const head = new TextDecoder().decode(buffer.subarray(0, read ?? 0));
  const [method, target] = head.split("\r\n")[0].split(" ");
  if (method !== "CONNECT" || !target) return client.close();
  tunnels.push(target);
  if (refuse) {
    await client.write(encoder.encode("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n"));
    return client.close();
  }
  const [hostname, port] = [target.slice(0, target.lastIndexOf(":")), target.split(":").pop()];
  const upstream = await Deno.connect({ hostname, port: Number(port) });
  await client.write(encoder.encode("HTTP/1.1 200 Connection established\r\n\r\n"));
  await Promise.allSettled([
    client.readable.pipeTo(upstream.writable),
    upstream.readable.pipeTo(client.writable),
  ]);
}

/**
 * Starts a proxy.
 *
 * @param options `refuse`: answer every CONNECT with 403.
 * @returns The proxy.
 */
export function startConnectProxy(options: { refuse?: boolean } = {}): ConnectProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const tunnels: string[] = [];
  (async () => {
    for await (const client of listener) {
      serveTunnel(client, tunnels, options.refuse ?? false).catch(() => {});
    }
  })().catch(() => {});
  return {
    url: `http://127.0.0.1:${listener.addr.port}`,
    tunnels,
    stop: () => listener.close(),
  };
}
