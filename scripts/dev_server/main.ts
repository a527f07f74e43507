/**
 * Runs the dev authorization server standalone (for the demo, or by hand):
 *
 *     deno run -A scripts/dev_server/main.ts [--layout authgate] [--port N] [--access-token-ttl S]
 *
 * Prints one JSON line `{"issuer":...,"clientId":...}` on stdout once listening, then serves
 * until SIGINT or SIGTERM.
 *
 * @module
 */

import { type AuthServerOptions, startAuthServer } from "./auth_server.ts";

/** Parses the command line; throws on anything unknown. */
export function parseArgs(args: string[]): AuthServerOptions {
  const options: AuthServerOptions = {};
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    switch (args[i]) {
      case "--layout":
        if (value !== "standard" && value !== "authgate") throw new Error(`bad --layout ${value}`);
        options.layout = value;
        break;
      case "--port":
        options.port = positiveInteger("--port", value, true);
        break;
      case "--access-token-ttl":
        options.accessTokenTtl = positiveInteger("--access-token-ttl", value, false);
        break;
      default:
        throw new Error(`unknown argument ${args[i]}`);
    }
    i++;
  }
  return options;
}

function positiveInteger(flag: string, value: string | undefined, zeroOk: boolean): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) throw new Error(`bad ${flag} ${value}`);
  return n;
}

async function main(): Promise<void> {
  let options: AuthServerOptions;
  try {
    options = parseArgs(Deno.args);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}
usage: main.ts [--layout standard|authgate] [--port N] [--access-token-ttl S]`);
    Deno.exit(2);
  }
  const server = await startAuthServer(options);
  console.log(JSON.stringify({ issuer: server.issuer, clientId: server.clientId }));
  const { promise: stopped, resolve } = Promise.withResolvers<void>();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, resolve);
  }
  await stopped;
  await server.stop();
  Deno.exit(0);
}

if (import.meta.main) await main();
