/**
 * `deno task bench:big-file`: the peak memory and wall time of one refresh in
 * a 10 MB token file (10,000 entries), against the dev server, with the
 * release permissions, next to the same refresh in a one-entry file; and a
 * check that everything but the refreshed entry is written back byte-for-byte.
 * Budget: the big file's peak RSS exceeds the small file's by less than 2x
 * the file size. Peak RSS comes from GNU time (`/usr/bin/time -f %M`).
 *
 * Usage: deno task bench:big-file [--rounds N]
 * @module
 */

import { startAuthServer } from "./dev_server/auth_server.ts";
import { cliRunArgs } from "./permissions.ts";
import { encodeStoredToken, type StoredToken } from "../src/token/stored_token.ts";

/** A finished measured run. */
interface Measured {
  peakKiB: number;
  ms: number;
  stderr: string;
  code: number;
}

/** Runs the CLI under GNU time; its last stderr line is the peak RSS in KiB. */
async function measure(args: string[], env: Record<string, string>): Promise<Measured> {
  const started = performance.now();
  const output = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", Deno.execPath(), ...args],
    env,
    clearEnv: true,
    stdout: "null",
    stderr: "piped",
  }).output();
  const ms = performance.now() - started;
  const lines = new TextDecoder().decode(output.stderr).trimEnd().split("\n");
  return {
    peakKiB: Number(lines.at(-1)),
    ms,
    stderr: lines.slice(0, -1).join("\n"),
    code: output.code,
  };
}

/** An entry of some other client, about 1 KB, as the Go client writes it. */
function otherEntry(i: number): string {
  return encodeStoredToken({
    accessToken: `other-${i}-`.padEnd(800, "a"),
    refreshToken: `refresh-${i}-`.padEnd(64, "r"),
    tokenType: "Bearer",
    expiresAt: Date.UTC(2030, 0, 1),
    clientId: `client-${i}`,
  });
}

/** The file text: an unknown top-level key with a big integer, `others` entries, then ours. */
function tokenFileText(others: number, mine: StoredToken): string {
  const data: Record<string, string> = {};
  for (let i = 0; i < others; i++) data[`client-${i}`] = otherEntry(i);
  data[mine.clientId] = encodeStoredToken(mine);
  const text = JSON.stringify({ serial: 1, data }, null, 2);
  return text.replace('"serial": 1', '"serial": 12345678901234567890123') + "\n";
}

/** The text with our entry's value cut out, to compare the rest byte-for-byte. */
function withoutEntry(text: string, clientId: string): string {
  const key = `${JSON.stringify(clientId)}: "`;
  const start = text.indexOf(key) + key.length;
  let end = start;
  while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
  return text.slice(0, start) + text.slice(end);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function main(): Promise<void> {
  const roundsIndex = Deno.args.indexOf("--rounds");
  const rounds = roundsIndex === -1 ? 3 : Number(Deno.args[roundsIndex + 1]);
  const server = await startAuthServer();
  const dir = await Deno.makeTempDir({ prefix: "authgate-big-file-" });
  const tokenFile = `${dir}/tokens.json`;
  const env = {
    CLIENT_ID: server.clientId,
    SERVER_URL: server.issuer,
    TOKEN_FILE: tokenFile,
    TOKEN_STORE: "file",
    REFRESH_THRESHOLD: "2h",
  };
  const results: Record<string, { peak: number[]; ms: number[]; size: number }> = {};
  let verbatim = true;
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, others] of [["1 entry", 0], ["10,000 entries", 9_999]] as const) {
        const response = await server.deviceLogin();
        const mine: StoredToken = {
          accessToken: String(response.access_token),
          refreshToken: String(response.refresh_token),
          tokenType: "Bearer",
          expiresAt: Date.now() + 60_000,
          clientId: server.clientId,
        };
        const before = tokenFileText(others, mine);
        await Deno.writeTextFile(tokenFile, before, { mode: 0o600 });
        const run = await measure(cliRunArgs(["token", "get"]), env);
        if (run.code !== 0 || run.stderr !== "") {
          throw new Error(`${name}: exit ${run.code}: ${run.stderr}`);
        }
        const after = await Deno.readTextFile(tokenFile);
        if (after === before) throw new Error(`${name}: the entry was not refreshed`);
        verbatim &&= withoutEntry(after, mine.clientId) === withoutEntry(before, mine.clientId);
        const result = results[name] ??= { peak: [], ms: [], size: before.length };
        result.peak.push(run.peakKiB);
        result.ms.push(run.ms);
      }
    }
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
  const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
  console.log(`refresh of one entry, median of ${rounds}, deno ${Deno.version.deno}`);
  for (const [name, result] of Object.entries(results)) {
    console.log(
      `${name.padEnd(15)} file ${(result.size / 1e6).toFixed(2).padStart(6)} MB  ` +
        `peak RSS ${mib(median(result.peak)).padStart(10)}  wall ${
          median(result.ms).toFixed(0).padStart(5)
        } ms`,
    );
  }
  const small = results["1 entry"], big = results["10,000 entries"];
  const extra = (median(big.peak) - median(small.peak)) * 1024;
  const ratio = extra / big.size;
  console.log(
    `extra memory for the big file: ${(extra / 1e6).toFixed(1)} MB = ${
      ratio.toFixed(2)
    }x its size ` +
      `(budget 2.00: ${ratio < 2 ? "ok" : "OVER"})`,
  );
  console.log(`everything but the refreshed entry written back byte-for-byte: ${verbatim}`);
  if (ratio >= 2 || !verbatim) Deno.exitCode = 1;
}

if (import.meta.main) await main();
