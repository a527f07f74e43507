/**
 * `deno task bench:keyring`: what keyring storage costs the fresh
 * `authgate token get` path, next to the plain file store, interleaved over
 * many rounds (medians; only differences measured side by side mean anything
 * on a noisy machine):
 *
 * - auto mode with no keyring in reach (no D-Bus session): the presence check
 *   alone, which spawns nothing; the budget is "a few milliseconds";
 * - auto mode with a session bus and only a plain token file: decided from
 *   which files exist, again without spawning anything;
 * - auto mode with encrypted tokens and a session bus but no Secret Service:
 *   one failing `secret-tool` run, then the plain file (with the warning);
 * - keyring and auto mode against a real gnome-keyring (Linux; needs the
 *   packages of .ci/system-packages): one `secret-tool lookup` and a decryption.
 *
 * Usage: deno task bench:keyring [--rounds N]
 * @module
 */

import { SecretToolBackend } from "../src/platform/keyring/secret_tool.ts";
import { FileTokenStore } from "../src/store/file_store.ts";
import { KeyringTokenStore } from "../src/store/keyring_store.ts";
import type { StoredToken } from "../src/token/stored_token.ts";
import { type BenchCase, median, sampleInterleaved } from "./bench.ts";
import { startKeyringSession } from "./keyring_session.ts";
import { cliRunArgs } from "./permissions.ts";

async function main(): Promise<void> {
  const roundsIndex = Deno.args.indexOf("--rounds");
  const rounds = roundsIndex === -1 ? 30 : Number(Deno.args[roundsIndex + 1]);
  const dir = await Deno.makeTempDir({ prefix: "authgate-keyring-bench-" });
  const session = await startKeyringSession();
  try {
    const tokenFile = `${dir}/tokens.json`;
    const clientId = "bench-client";
    const token: StoredToken = {
      accessToken: "a".repeat(800),
      refreshToken: "r".repeat(64),
      tokenType: "Bearer",
      expiresAt: Date.now() + 10 * 3_600_000,
      clientId,
    };
    await new FileTokenStore(tokenFile).withLock(5000, (store) => store.save(token));
    const plainOnlyFile = `${dir}/plain-only/tokens.json`;
    await new FileTokenStore(plainOnlyFile).withLock(5000, (store) => store.save(token));
    const encrypted = new KeyringTokenStore(
      `${tokenFile}.enc`,
      new SecretToolBackend({ env: session.env }),
    );
    await encrypted.withLock(5000, (store) => store.save(token));

    const args = cliRunArgs(["token", "get"]);
    const base = { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", CLIENT_ID: clientId };
    const env = { ...base, TOKEN_FILE: tokenFile };
    const cases: BenchCase[] = [
      { name: "file store", args, env: { ...env, TOKEN_STORE: "file" } },
      { name: "auto, no D-Bus session", args, env },
      {
        name: "auto, session bus, plain file only",
        args,
        env: { ...base, ...session.env, TOKEN_FILE: plainOnlyFile },
      },
      {
        name: "auto, .enc, bus without Secret Service",
        args,
        env: { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${dir}/no-such-bus` },
      },
      {
        name: "keyring, gnome-keyring",
        args,
        env: { ...env, ...session.env, TOKEN_STORE: "keyring" },
      },
      { name: "auto, gnome-keyring", args, env: { ...env, ...session.env } },
    ];
    const samples = await sampleInterleaved(cases, rounds);
    const file = median(samples[0]);
    console.log(`rounds: ${rounds} (interleaved), deno ${Deno.version.deno}`);
    for (const [i, benchCase] of cases.entries()) {
      const m = median(samples[i]);
      const delta = i === 0 ? "" : `  ${m - file >= 0 ? "+" : ""}${(m - file).toFixed(1)} ms`;
      console.log(
        `token get, ${benchCase.name.padEnd(42)} median ${m.toFixed(1).padStart(6)} ms${delta}`,
      );
    }
  } finally {
    await session.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
