/**
 * The dev authorization server over https with a private CA's certificate, in a child process.
 *
 * It runs apart because its own requests (the device logins that seed the token files a test
 * gives) must trust the private CA, and Deno reads DENO_CERT only when a process starts: the
 * child gets DENO_CERT, the test process keeps its own trust. The child seeds the files, prints
 * one JSON line (issuer, client id) and serves until its stdin closes.
 *
 *     deno run -A tests/support/https_auth_server.ts CERT KEY SEEDS_JSON   (with DENO_CERT=CA)
 *
 * @module
 */

import { startAuthServer } from "../../scripts/dev_server/auth_server.ts";
import type { PrivateCa } from "./private_ca.ts";
import { seedToken } from "./seed_token.ts";

/** A token file to fill with a fresh login's token, stored as expiring `expiresInMs` from then. */
export interface Seed {
  tokenFile: string;
  expiresInMs: number;
}

/** The running child. */
export interface HttpsAuthServer {
  /** `https://127.0.0.1:PORT`: discovery's issuer. */
  issuer: string;
  clientId: string;
  /** Ends the child and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts the child and waits for its first line.
 *
 * @param ca The CA and the server certificate it signed.
 * @param seeds The token files to seed (one device login each) before it answers.
 * @returns The server.
 */
export async function startHttpsAuthServer(
  ca: PrivateCa,
  seeds: Seed[],
): Promise<HttpsAuthServer> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL(import.meta.url).pathname,
      ca.certFile,
      ca.keyFile,
      JSON.stringify(seeds),
    ],
    env: { DENO_CERT: ca.caFile },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const stop = async () => {
    await child.stdin.close().catch(() => {});
    await child.status;
  };
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) {
      await stop();
      throw new Error(`the https auth server did not start: ${await stderr}`);
    }
    text += value;
  }
  await reader.cancel();
  const started = JSON.parse(text.slice(0, text.indexOf("\n")));
  return { ...started, stop };
}

async function main(): Promise<void> {
  const [certFile, keyFile, seeds] = Deno.args;
  const server = await startAuthServer({
    tls: { cert: await Deno.readTextFile(certFile), key: await Deno.readTextFile(keyFile) },
  });
  for (const seed of JSON.parse(seeds) as Seed[]) {
    await seedToken(server, seed.tokenFile, { expiresAt: Date.now() + seed.expiresInMs });
  }
  console.log(JSON.stringify({ issuer: server.issuer, clientId: server.clientId }));
  for await (const _ of Deno.stdin.readable) {
    // Serve until the parent closes stdin (or dies).
  }
  await server.stop();
  Deno.exit(0);
}

if (import.meta.main) await main();
