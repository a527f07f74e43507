/**
 * `auto` mode when no keyring answers, and `keyring` mode's errors then: no
 * session bus at all, a bus with no Secret Service, and a hung keyring
 * daemon (a real gnome-keyring, stopped with SIGSTOP).
 */

import assert from "node:assert/strict";
import { startAuthServer } from "../../scripts/dev_server/auth_server.ts";
import { KEYRING_FALLBACK_WARNING } from "../../src/store/auto_store.ts";
import { SecretToolBackend } from "../../src/platform/keyring/secret_tool.ts";
import { FileTokenStore } from "../../src/store/file_store.ts";
import { KeyringTokenStore } from "../../src/store/keyring_store.ts";
import { startKeyringSession } from "../../scripts/keyring_session.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { readStoredToken, seedToken } from "../support/seed_token.ts";
import { approvedLogin, withLoginServer } from "../support/login_fixture.ts";
import { sampleToken, tempTokenFile } from "../support/sample_tokens.ts";

function fallbackLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.includes(KEYRING_FALLBACK_WARNING));
}

async function withPlainToken(
  expiresAt: number,
  test: (tokenFile: string, accessToken: string) => Promise<void>,
): Promise<void> {
  const { dir, tokenFile } = await tempTokenFile();
  try {
    const token = sampleToken("client-a", expiresAt);
    await new FileTokenStore(tokenFile).withLock(1000, (locked) => locked.save(token));
    await test(tokenFile, token.accessToken);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("auto mode without a D-Bus session: the fresh token get path stays silent", async () => {
  await withPlainToken(Date.now() + 3_600_000, async (tokenFile, accessToken) => {
    const run = await runCliProcess(["token", "get"], {
      env: { CLIENT_ID: "client-a", TOKEN_FILE: tokenFile },
    });
    assert.deepEqual(run, { code: 0, stdout: `${accessToken}\n`, stderr: "" });
  });
});

Deno.test(
  "auto mode without a D-Bus session warns exactly once when it writes the plain file",
  { sanitizeOps: false, sanitizeResources: false },
  async () => {
    const server = await startAuthServer();
    const { dir, tokenFile } = await tempTokenFile();
    try {
      const seeded = await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "get"], {
        env: {
          CLIENT_ID: server.clientId,
          SERVER_URL: server.issuer,
          TOKEN_FILE: tokenFile,
          REFRESH_THRESHOLD: "2h", // tokens live 1 h: inside the window
        },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        run.stderr,
        `Warning: ${KEYRING_FALLBACK_WARNING} (no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set)\n`,
      );
      const stored = await readStoredToken(tokenFile, server.clientId);
      assert.equal(stored?.accessToken, run.stdout.trim());
      assert.notEqual(stored?.accessToken, seeded.accessToken, "refreshed into the plain file");
      await assert.rejects(Deno.stat(`${tokenFile}.enc`), Deno.errors.NotFound);
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

/** A `secret-tool` first on PATH that only records that it ran (and fails). */
async function recordingSecretTool(dir: string): Promise<{ path: string; ran: () => boolean }> {
  const bin = `${dir}/bin`;
  await Deno.mkdir(bin);
  await Deno.writeTextFile(
    `${bin}/secret-tool`,
    `#!/bin/sh\ntouch "${dir}/secret-tool-ran"\nexit 1\n`,
  );
  await Deno.chmod(`${bin}/secret-tool`, 0o755);
  return {
    path: `${bin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
    ran: () => {
      try {
        Deno.statSync(`${dir}/secret-tool-ran`);
        return true;
      } catch {
        return false;
      }
    },
  };
}

Deno.test("auto mode with a session bus reads an existing plain file without asking the keyring", async () => {
  await withPlainToken(Date.now() + 3_600_000, async (tokenFile, accessToken) => {
    const helper = await recordingSecretTool(tokenFile.replace(/\/[^/]+$/, ""));
    const run = await runCliProcess(["token", "get"], {
      env: {
        PATH: helper.path,
        CLIENT_ID: "client-a",
        TOKEN_FILE: tokenFile,
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${tokenFile}.no-such-bus`,
      },
    });
    assert.deepEqual(run, { code: 0, stdout: `${accessToken}\n`, stderr: "" });
    assert.equal(helper.ran(), false, "no keyring helper was started");
  });
});

Deno.test("encrypted tokens and a bus without Secret Service: auto falls back warning once, keyring mode fails", async () => {
  await withPlainToken(Date.now() + 3_600_000, async (tokenFile, accessToken) => {
    await Deno.writeTextFile(`${tokenFile}.enc`, '{"data": {}}');
    const env = {
      CLIENT_ID: "client-a",
      TOKEN_FILE: tokenFile,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${tokenFile}.no-such-bus`,
    };
    const auto = await runCliProcess(["token", "get"], { env });
    assert.equal(auto.code, 0);
    assert.equal(auto.stdout, `${accessToken}\n`);
    const lines = fallbackLines(auto.stderr);
    assert.equal(lines.length, 1);
    assert.match(
      lines[0],
      /^Warning: OS keyring unavailable, falling back to file-based token storage \(Secret Service \(secret-tool\): secret-tool lookup failed: .+\)$/,
    );

    const strict = await runCliProcess(["token", "get"], {
      env: { ...env, TOKEN_STORE: "keyring" },
    });
    assert.equal(strict.code, 1);
    assert.equal(strict.stdout, "");
    const [error, hint, end] = strict.stderr.split("\n");
    assert.match(error, /^Error: OS keyring unavailable: Secret Service \(secret-tool\): /);
    assert.match(hint, /^Hint: .*--token-store file$/);
    assert.equal(end, "");
  });
});

Deno.test("a hung keyring daemon cannot hang the CLI: auto falls back, keyring mode fails", async () => {
  const session = await startKeyringSession();
  try {
    await withPlainToken(Date.now() + 3_600_000, async (tokenFile, accessToken) => {
      // Encrypted tokens exist (so auto mode must ask the keyring), then the daemon freezes.
      const encrypted = new KeyringTokenStore(
        `${tokenFile}.enc`,
        new SecretToolBackend({ env: session.env }),
      );
      await encrypted.withLock(5000, (locked) => locked.save(sampleToken("client-a")));
      Deno.kill(session.daemonPid, "SIGSTOP");
      try {
        const env = { CLIENT_ID: "client-a", TOKEN_FILE: tokenFile, ...session.env };
        const [auto, strict] = await Promise.all([
          runCliProcess(["token", "get"], { env }),
          runCliProcess(["token", "get"], { env: { ...env, TOKEN_STORE: "keyring" } }),
        ]);
        assert.equal(auto.code, 0);
        assert.equal(auto.stdout, `${accessToken}\n`);
        assert.deepEqual(fallbackLines(auto.stderr), [
          `Warning: ${KEYRING_FALLBACK_WARNING} (Secret Service (secret-tool): secret-tool did not answer within 3s (is the keyring daemon hung?))`,
        ]);
        assert.equal(strict.code, 1);
        assert.match(
          strict.stderr,
          /^Error: OS keyring unavailable: Secret Service \(secret-tool\): secret-tool did not answer within 3s/,
        );
      } finally {
        Deno.kill(session.daemonPid, "SIGCONT");
      }
    });
  } finally {
    await session.stop();
  }
});

Deno.test("without secret-tool installed: keyring mode says so, auto falls back", async () => {
  await withPlainToken(Date.now() + 3_600_000, async (tokenFile, accessToken) => {
    await Deno.writeTextFile(`${tokenFile}.enc`, '{"data": {}}');
    const emptyPath = await Deno.makeTempDir({ prefix: "authgate-empty-path-" });
    try {
      const env = {
        PATH: emptyPath, // --allow-run=secret-tool resolves through PATH at start-up: nothing
        CLIENT_ID: "client-a",
        TOKEN_FILE: tokenFile,
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${tokenFile}.no-such-bus`,
      };
      const strict = await runCliProcess(["token", "get"], {
        env: { ...env, TOKEN_STORE: "keyring" },
      });
      assert.equal(strict.code, 1);
      assert.equal(
        strict.stderr.split("\n")[0],
        "Error: OS keyring unavailable: Secret Service (secret-tool): secret-tool is not installed",
      );
      const auto = await runCliProcess(["token", "get"], { env });
      assert.deepEqual(auto, {
        code: 0,
        stdout: `${accessToken}\n`,
        stderr:
          `Warning: ${KEYRING_FALLBACK_WARNING} (Secret Service (secret-tool): secret-tool is not installed)\n`,
      });
    } finally {
      await Deno.remove(emptyPath);
    }
  });
});

Deno.test(
  "a device login in auto mode without a D-Bus session stores the plain file, warning once",
  { sanitizeOps: false, sanitizeResources: false },
  async () => {
    await withLoginServer({ deviceInterval: 1 }, async ({ server, tokenFile, env }) => {
      const autoEnv = env();
      delete autoEnv.TOKEN_STORE;
      const run = await approvedLogin(server, ["--device"], autoEnv);
      assert.deepEqual(fallbackLines(run.stderr).length, 1, run.stderr);
      assert.match(
        run.stderr,
        /OS keyring unavailable, falling back to file-based token storage \(no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set\)/,
      );
      const stored = await readStoredToken(tokenFile, server.clientId);
      assert.ok(stored, "the token is in the plain file");
      await assert.rejects(Deno.stat(`${tokenFile}.enc`), Deno.errors.NotFound);
    });
  },
);
