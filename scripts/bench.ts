/**
 * `deno task bench`: how much slower the fresh `authgate token get` path is
 * than the least a Deno program can do for the same job (read the token file,
 * print one field). Runs the cases interleaved, many rounds, in one process,
 * and prints medians and ratios: machines here are noisy, so only ratios
 * measured side by side mean anything. Budget: ratio <= 1.3.
 *
 * Also timed, against a loopback token server: a `token get` that refreshes,
 * and the same right after another `token get` was killed (-9) in the middle
 * of its refresh, with its lock left behind. Target: under 1 s.
 *
 * Usage: deno task bench [--rounds N]
 * @module
 */

import { encodeStoredToken } from "../src/token/stored_token.ts";
import { fileURLToPath } from "node:url";
import { cliRunArgs } from "./permissions.ts";
import {
  signalMidRefresh,
  type StallingTokenServer,
  startStallingTokenServer,
} from "./stalling_token_server.ts";

const CONFIG = new URL("../deno.json", import.meta.url);

/** One command line to time. */
export interface BenchCase {
  name: string;
  args: string[];
  env: Record<string, string>;
  /** Runs before each run of the case, untimed. */
  before?: () => Promise<unknown>;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeOnce(benchCase: BenchCase): Promise<number> {
  await benchCase.before?.();
  const started = performance.now();
  const output = await new Deno.Command(Deno.execPath(), {
    args: benchCase.args,
    env: benchCase.env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  if (!output.success) {
    throw new Error(`${benchCase.name} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return elapsed;
}

/**
 * Times every case `rounds` times, interleaved (after three warm-up runs each),
 * so that the machine's drifting load weighs on all cases alike.
 *
 * @param cases The command lines.
 * @param rounds How many timed runs of each.
 * @returns The wall times in milliseconds, one list per case.
 */
export async function sampleInterleaved(
  cases: readonly BenchCase[],
  rounds: number,
): Promise<number[][]> {
  for (const benchCase of cases) for (let i = 0; i < 3; i++) await timeOnce(benchCase);
  const samples = cases.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, benchCase] of cases.entries()) samples[i].push(await timeOnce(benchCase));
  }
  return samples;
}

/** Peak resident memory in KiB, via GNU time when the machine has it. */
async function peakMemoryKiB(benchCase: BenchCase): Promise<number | undefined> {
  try {
    await benchCase.before?.();
    const output = await new Deno.Command("/usr/bin/time", {
      args: ["-f", "%M", Deno.execPath(), ...benchCase.args],
      env: benchCase.env,
      clearEnv: true,
      stdout: "null",
      stderr: "piped",
    }).output();
    const lines = new TextDecoder().decode(output.stderr).trim().split("\n");
    const kib = Number(lines.at(-1));
    return Number.isFinite(kib) ? kib : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a token file with one entry that expires in `expiresInMs`. */
async function writeTokenFile(path: string, clientId: string, expiresInMs: number) {
  const entry = encodeStoredToken({
    accessToken: "a".repeat(800),
    refreshToken: "r".repeat(64),
    tokenType: "Bearer",
    expiresAt: Date.now() + expiresInMs,
    clientId,
  });
  await Deno.writeTextFile(path, JSON.stringify({ data: { [clientId]: entry } }));
}

const FRESH_CASE = "authgate token get (fresh, file)";
const TASK_CASE = "deno task authgate token get (fresh)";
const RUNNER_CASE = "deno task runner alone (echo task)";
const AUTO_CASE = "authgate token get (fresh, auto, no bus)";
const REFRESH_CASE = "authgate token get (refresh)";
const KILLED_CASE = "next token get after a kill mid-refresh";

/**
 * The refresh cases: a `token get` inside the refresh window (2 h, the server's
 * tokens live 1 h, so every run refreshes), once as it is and once after a
 * `token get` on its own token file was killed (-9) mid-refresh.
 */
async function refreshCases(dir: string, server: StallingTokenServer): Promise<BenchCase[]> {
  const clientId = "bench-client";
  const env = (name: string) => ({
    SERVER_URL: server.url,
    CLIENT_ID: clientId,
    TOKEN_FILE: `${dir}/${name}.json`,
    TOKEN_STORE: "file",
    REFRESH_THRESHOLD: "2h",
  });
  const plain = env("refresh");
  const afterKill = env("after-kill");
  for (const { TOKEN_FILE } of [plain, afterKill]) await writeTokenFile(TOKEN_FILE, clientId, 0);
  const args = cliRunArgs(["token", "get"]);
  const killMidRefresh = () =>
    signalMidRefresh(
      server,
      new Deno.Command(Deno.execPath(), {
        args,
        env: afterKill,
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }),
      "SIGKILL",
    );
  return [
    { name: REFRESH_CASE, args, env: plain },
    { name: KILLED_CASE, args, env: afterKill, before: killMidRefresh },
  ];
}

async function main(): Promise<void> {
  const roundsIndex = Deno.args.indexOf("--rounds");
  const rounds = roundsIndex === -1 ? 40 : Number(Deno.args[roundsIndex + 1]);
  const dir = await Deno.makeTempDir({ prefix: "authgate-bench-" });
  await using server = startStallingTokenServer();
  const tokenFile = `${dir}/tokens.json`;
  const clientId = "bench-client";
  await writeTokenFile(tokenFile, clientId, 10 * 3_600_000);
  const baseline = `${dir}/baseline.ts`;
  await Deno.writeTextFile(
    baseline,
    `const file = JSON.parse(Deno.readTextFileSync(${JSON.stringify(tokenFile)}));\n` +
      `console.log(JSON.parse(file.data[${JSON.stringify(clientId)}]).access_token);\n`,
  );
  const noopConfig = `${dir}/deno.json`;
  await Deno.writeTextFile(noopConfig, JSON.stringify({ tasks: { noop: "echo" } }));
  const env = { CLIENT_ID: clientId, TOKEN_FILE: tokenFile, TOKEN_STORE: "file" };
  const cases: BenchCase[] = [
    {
      name: "baseline (read file, print field)",
      args: ["run", "-q", "--allow-read", baseline],
      env,
    },
    {
      name: FRESH_CASE,
      args: cliRunArgs(["token", "get"]),
      env,
    },
    {
      // What a developer runs: the task runner, then the one `deno run` of the task's line.
      name: TASK_CASE,
      args: ["task", "-q", "--config", fileURLToPath(CONFIG), "authgate", "token", "get"],
      env,
    },
    {
      // deno task's own cost: its runner starting a task whose command is a shell builtin.
      name: RUNNER_CASE,
      args: ["task", "-q", "--config", noopConfig, "noop"],
      env,
    },
    {
      // The default store: what the keyring presence check adds when no keyring is in reach.
      name: AUTO_CASE,
      args: cliRunArgs(["token", "get"]),
      env: { CLIENT_ID: clientId, TOKEN_FILE: tokenFile },
    },
    ...await refreshCases(dir, server),
  ];
  try {
    const samples = await sampleInterleaved(cases, rounds);
    const base = median(samples[0]);
    console.log(`rounds: ${rounds} (interleaved), deno ${Deno.version.deno}`);
    for (const [i, benchCase] of cases.entries()) {
      const m = median(samples[i]);
      const memory = await peakMemoryKiB(benchCase);
      const mem = memory === undefined ? "n/a" : `${(memory / 1024).toFixed(1)} MiB`;
      console.log(
        `${benchCase.name.padEnd(42)} median ${m.toFixed(1).padStart(6)} ms  ` +
          `ratio ${(m / base).toFixed(2)}  peak RSS ${mem}`,
      );
    }
    const medianOf = (name: string) => median(samples[cases.findIndex((c) => c.name === name)]);
    const direct = medianOf(FRESH_CASE);
    const probe = medianOf(AUTO_CASE) - direct;
    console.log(`auto mode without a keyring costs ${probe.toFixed(1)} ms over the file store`);
    const task = medianOf(TASK_CASE);
    const ratios: [string, number][] = [
      ["token get (direct)", direct],
      ["deno task authgate token get", task],
      // What the task line itself costs once deno task's own runner is taken away.
      ["deno task authgate token get - runner", task - medianOf(RUNNER_CASE)],
    ];
    for (const [label, ms] of ratios) {
      const ratio = ms / base;
      console.log(
        `${label} / baseline = ${ratio.toFixed(2)} (budget 1.30: ${ratio <= 1.3 ? "ok" : "OVER"})`,
      );
    }
    // The take-over's own cost shows against the same refresh with no lock left behind.
    const afterKill = medianOf(KILLED_CASE);
    const verdict = afterKill < 1_000 ? "ok" : "OVER";
    const overRefresh = (afterKill / medianOf(REFRESH_CASE)).toFixed(2);
    console.log(
      `${KILLED_CASE}: ${afterKill.toFixed(0)} ms (target < 1000 ms: ${verdict}), ` +
        `${overRefresh} x a refresh with no lock left behind`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
