import { OAuthFailure } from "../../src/oauth/oauth_errors.ts";
import type { LockedTokenStore, TokenStore } from "../../src/store/token_store.ts";
import { TokenStoreError } from "../../src/store/token_store.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";
import type { Refresher } from "../../src/token/token_services.ts";
import { CliError, ExitCode } from "../../src/errors.ts";
import {
  getToken,
  type GetTokenRequest,
  type GetTokenResult,
  UnsavedTokenError,
} from "../../src/usecases/get_token.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { makeToken, MINUTE, T0 } from "../support/tokens.ts";

const CLIENT = "client-a";
const THRESHOLD = 5 * MINUTE;

const FRESH = makeToken({ expiresAt: T0 + 60 * MINUTE });
const IN_WINDOW = makeToken({ expiresAt: T0 + 2 * MINUTE });
const EXPIRED = makeToken({ expiresAt: T0 - MINUTE });
const NEW_TOKEN = makeToken({
  accessToken: "access-token-NEW",
  refreshToken: "refresh-token-NEW",
  expiresAt: T0 + 60 * MINUTE,
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** A FIFO async mutex, so the fake store's lock really serializes callers. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => release = resolve);
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return acquired;
  }
}

/** An in-memory token store with a real lock and hooks for outside writers. */
class MemoryStore implements TokenStore {
  readonly description = "memory";
  readonly tokens = new Map<string, StoredToken>();
  readonly saved: StoredToken[] = [];
  readonly lockTimeouts: number[] = [];
  readonly #mutex = new Mutex();
  /** Runs after the unlocked load, before the lock is taken (another process). */
  beforeLock?: () => void;
  saveError?: Error;
  /** Thrown by prepareSave (a full disk, found before the refresh). */
  prepareError?: Error;
  lockError?: Error;
  /** prepareSave calls, and how many preparations are still open. */
  prepared = 0;
  openPreparations = 0;

  constructor(token?: StoredToken) {
    if (token) this.tokens.set(token.clientId, token);
  }

  async load(clientId: string): Promise<StoredToken | undefined> {
    await tick();
    const token = this.tokens.get(clientId);
    return token && { ...token };
  }

  async withLock<T>(timeoutMs: number, action: (store: LockedTokenStore) => Promise<T>) {
    this.lockTimeouts.push(timeoutMs);
    this.beforeLock?.();
    if (this.lockError) throw this.lockError;
    const release = await this.#mutex.lock();
    const save = async (token: StoredToken) => {
      await tick();
      if (this.saveError) throw this.saveError;
      this.saved.push(token);
      this.tokens.set(token.clientId, token);
    };
    try {
      return await action({
        load: (clientId) => this.load(clientId),
        save,
        prepareSave: async () => {
          await tick();
          this.prepared++;
          if (this.prepareError) throw this.prepareError;
          this.openPreparations++;
          let open = true;
          const close = () => {
            if (open) this.openPreparations--;
            open = false;
          };
          return {
            save: async (token) => {
              if (!open) throw new Error("saved through a finished preparation");
              try {
                await save(token);
              } finally {
                close();
              }
            },
            discard: () => Promise.resolve(close()),
          };
        },
        remove: (clientId) => Promise.resolve(this.tokens.delete(clientId)),
      });
    } finally {
      release();
    }
  }
}

/** A refresher that counts calls; by default returns {@linkcode NEW_TOKEN}. */
class FakeRefresher implements Refresher {
  readonly lockTimeoutMs = 25_000;
  readonly calls: StoredToken[] = [];

  constructor(
    readonly answer: (token: StoredToken) => StoredToken | Promise<StoredToken> = () => NEW_TOKEN,
  ) {}

  async refresh(token: StoredToken): Promise<StoredToken> {
    this.calls.push(token);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return await this.answer(token);
  }
}

interface Harness {
  store: MemoryStore;
  refresher: FakeRefresher;
  warnings: string[];
  prepared: number;
  run(request?: Partial<GetTokenRequest>): Promise<GetTokenResult>;
}

/** How the fake server answers a refresh; it may also change the store (an outsider). */
type Answer = (token: StoredToken, store: MemoryStore) => StoredToken | Promise<StoredToken>;

function harness(
  token: StoredToken | undefined,
  options: { answer?: Answer; prepareError?: Error } = {},
): Harness {
  const store = new MemoryStore(token);
  const answer = options.answer;
  const refresher = answer ? new FakeRefresher((t) => answer(t, store)) : new FakeRefresher();
  const h: Harness = {
    store,
    refresher,
    warnings: [],
    prepared: 0,
    run: (request = {}) =>
      getToken({ clientId: CLIENT, thresholdMs: THRESHOLD, ...request }, {
        store,
        now: () => T0,
        prepareRefresher: () => {
          h.prepared++;
          if (options.prepareError) return Promise.reject(options.prepareError);
          return Promise.resolve(refresher);
        },
        warn: (message) => h.warnings.push(message),
      }),
  };
  return h;
}

const networkDown = () => {
  throw new OAuthFailure("network", "token refresh failed: connection refused");
};
const deadGrant = () => {
  throw new OAuthFailure(
    "invalid_grant",
    "token refresh rejected by the server (invalid_grant: grant request is invalid)",
    "invalid_grant",
  );
};

Deno.test("getToken() returns a fresh token without preparing a refresher", async () => {
  const h = harness(FRESH);
  assertEquals(await h.run(), { token: FRESH, refreshed: false });
  assertEquals(h.prepared, 0);
  assertEquals(h.store.lockTimeouts, []);
  assertEquals(h.warnings, []);
});

Deno.test("getToken() does not refresh 1 ms before the window", async () => {
  const token = makeToken({ expiresAt: T0 + THRESHOLD + 1 });
  const h = harness(token);
  assertEquals(await h.run(), { token, refreshed: false });
  assertEquals(h.prepared, 0);
});

Deno.test("getToken() refreshes exactly at the threshold", async () => {
  const h = harness(makeToken({ expiresAt: T0 + THRESHOLD }));
  assertEquals(await h.run(), { token: NEW_TOKEN, refreshed: true });
  assertEquals(h.refresher.calls.length, 1);
});

Deno.test("getToken() refreshes once inside the window and saves the new token", async () => {
  const h = harness(IN_WINDOW);
  assertEquals(await h.run(), { token: NEW_TOKEN, refreshed: true });
  assertEquals(h.prepared, 1);
  assertEquals(h.refresher.calls, [IN_WINDOW]);
  assertEquals(h.store.saved, [NEW_TOKEN]);
  assertEquals(h.store.tokens.get(CLIENT), NEW_TOKEN);
  assertEquals(h.store.lockTimeouts, [25_000]);
  assertEquals(h.warnings, []);
});

Deno.test("getToken() refreshes an expired token", async () => {
  const h = harness(makeToken({ expiresAt: T0 }));
  assertEquals(await h.run(), { token: NEW_TOKEN, refreshed: true });
});

Deno.test("getToken() uses a usable token without refresh token and sends nothing", async () => {
  const token = { ...IN_WINDOW, refreshToken: "" };
  const h = harness(token);
  assertEquals(await h.run(), { token, refreshed: false });
  assertEquals(h.prepared, 0);
  assertEquals(h.warnings, []);
});

Deno.test("getToken() fails with exit 4 for an expired token without refresh token", async () => {
  for (const expiresAt of [T0, T0 - MINUTE]) {
    const h = harness({ ...EXPIRED, refreshToken: "", expiresAt });
    const error = await assertRejects(() => h.run(), CliError, "no refresh token available");
    assertEquals(error.exitCode, ExitCode.LOGIN_REQUIRED);
    assertEquals(error.hint, "run 'authgate' to re-authenticate.");
    assertEquals(h.prepared, 0);
  }
});

Deno.test("getToken() keeps a usable token when the refresh fails, with a warning", async () => {
  const h = harness(IN_WINDOW, { answer: networkDown });
  assertEquals(await h.run(), { token: IN_WINDOW, refreshed: false });
  assertEquals(h.warnings, [
    "token refresh failed, using existing token: token refresh failed: connection refused",
  ]);
  assertEquals(h.refresher.calls.length, 1);
  assertEquals(h.store.saved, []);
});

Deno.test("getToken() keeps a usable token when the grant is dead, with a warning, and marks it", async () => {
  const h = harness(IN_WINDOW, { answer: deadGrant });
  const marked = { ...IN_WINDOW, refreshRejectedAt: T0 };
  assertEquals(await h.run(), { token: marked, refreshed: false });
  assertEquals(h.warnings, [
    "token refresh failed, using existing token: token refresh rejected by the server (invalid_grant: grant request is invalid)",
  ]);
  assertEquals(h.refresher.calls.length, 1);
  assertEquals(h.store.saved, [marked]);
});

const REJECTED_AT = T0 - 10 * MINUTE;
const rejected = (token: StoredToken) => ({ ...token, refreshRejectedAt: REJECTED_AT });
const REJECTED_ERROR = "stored token can no longer be refreshed: " +
  `the server rejected its refresh token at ${new Date(REJECTED_AT).toISOString()}`;

Deno.test("getToken() never sends a rejected refresh token: a valid token is served with a warning", async () => {
  const token = rejected(IN_WINDOW);
  const h = harness(token);
  let dropped = 0;
  const result = await getToken({ clientId: CLIENT, thresholdMs: THRESHOLD }, {
    store: h.store,
    now: () => T0,
    prepareRefresher: () => Promise.reject(new Error("no refresher may be built")),
    warn: (message) => h.warnings.push(message),
    dropNetwork: () => dropped++,
  });
  assertEquals(result, { token, refreshed: false });
  assertEquals(dropped, 1);
  assertEquals(h.store.lockTimeouts, []);
  assertEquals(h.warnings, [
    `the server rejected the stored refresh token at ${
      new Date(REJECTED_AT).toISOString()
    }; using the existing token until it expires at ${
      new Date(IN_WINDOW.expiresAt).toISOString()
    }: run 'authgate' to log in again`,
  ]);
});

Deno.test("getToken() serves a fresh token with a rejected refresh token silently", async () => {
  const h = harness(rejected(FRESH));
  assertEquals(await h.run(), { token: rejected(FRESH), refreshed: false });
  assertEquals([h.prepared, h.warnings], [0, []]);
});

Deno.test("getToken() with a rejected refresh token fails with exit 4 where a refresh is required", async () => {
  const cases: [StoredToken, Partial<GetTokenRequest>][] = [
    [rejected(EXPIRED), {}],
    [rejected(FRESH), { force: true }],
    [rejected(FRESH), { requireRefreshable: true }],
    [rejected(IN_WINDOW), { minValidMs: 3 * MINUTE }],
  ];
  for (const [token, request] of cases) {
    const h = harness(token);
    const error = await assertRejects(() => h.run(request), CliError);
    assertEquals(error.message, REJECTED_ERROR, JSON.stringify(request));
    assertEquals(error.exitCode, ExitCode.LOGIN_REQUIRED);
    assertEquals(error.hint, "run 'authgate' to re-authenticate.");
    assertEquals([h.prepared, h.refresher.calls.length, h.warnings], [0, 0, []]);
  }
  // --min-valid that the token still meets is served, with the warning.
  const h = harness(rejected(IN_WINDOW));
  assertEquals((await h.run({ minValidMs: MINUTE })).token, rejected(IN_WINDOW));
  assertEquals(h.warnings.length, 1);
});

Deno.test("getToken() does not refresh a token another process marked as rejected while it waited", async () => {
  const h = harness(IN_WINDOW);
  h.store.beforeLock = () => h.store.tokens.set(CLIENT, rejected(IN_WINDOW));
  assertEquals(await h.run(), { token: rejected(IN_WINDOW), refreshed: false });
  assertEquals([h.refresher.calls.length, h.store.prepared, h.warnings.length], [0, 0, 1]);
});

Deno.test("getToken() with force fails with exit 4 on invalid_grant, and marks the entry", async () => {
  const h = harness(FRESH, { answer: deadGrant });
  const error = await assertRejects(() => h.run({ force: true }), CliError);
  assertEquals(error.exitCode, ExitCode.LOGIN_REQUIRED);
  assertEquals(h.store.saved, [{ ...FRESH, refreshRejectedAt: T0 }]);
  assertEquals(h.warnings, []);
});

Deno.test("getToken() warns when the rejection cannot be recorded, and degrades as before", async () => {
  const h = harness(IN_WINDOW, { answer: deadGrant });
  h.store.saveError = new TokenStoreError("cannot write token file /x: disk full");
  assertEquals(await h.run(), { token: { ...IN_WINDOW, refreshRejectedAt: T0 }, refreshed: false });
  assertEquals(h.warnings, [
    "the rejected refresh token could not be marked as such: cannot write token file /x: disk full",
    "token refresh failed, using existing token: token refresh rejected by the server (invalid_grant: grant request is invalid)",
  ]);
});

Deno.test("getToken() fails with exit 4 when the grant of an expired token is dead", async () => {
  const h = harness(EXPIRED, { answer: deadGrant });
  const error = await assertRejects(() => h.run(), CliError);
  assertEquals(
    error.message,
    "stored token can no longer be refreshed: " +
      "token refresh rejected by the server (invalid_grant: grant request is invalid)",
  );
  assertEquals(error.exitCode, ExitCode.LOGIN_REQUIRED);
  assertEquals(error.hint, "run 'authgate' to re-authenticate.");
  assertEquals(h.refresher.calls.length, 1);
  assertEquals(h.warnings, []);
});

Deno.test("getToken() fails with exit 1 when the network fails for an expired token", async () => {
  const h = harness(EXPIRED, { answer: networkDown });
  const error = await assertRejects(
    () => h.run(),
    CliError,
    "failed to obtain a valid token: token refresh failed: connection refused",
  );
  assertEquals(error.exitCode, ExitCode.FAILURE);
  assertEquals(h.refresher.calls.length, 1);
});

Deno.test("getToken() passes a network failure's hint on with the error", async () => {
  const h = harness(EXPIRED, {
    answer: () => {
      throw new OAuthFailure("network", "token refresh failed: https://a.example: timed out", "", {
        hint: "retry",
      });
    },
  });
  const error = await assertRejects(() => h.run(), CliError);
  assertEquals([error.message, error.hint], [
    "failed to obtain a valid token: token refresh failed: https://a.example: timed out",
    "retry",
  ]);
});

Deno.test("getToken() fails with exit 4 and a hint when no token is stored", async () => {
  const h = harness(undefined);
  const error = await assertRejects(() => h.run(), CliError);
  assertEquals(error.message, `no stored token for client-id "client-a"`);
  assertEquals(error.exitCode, ExitCode.LOGIN_REQUIRED);
  assertEquals(error.hint, "run 'authgate' first to authenticate.");
  assertEquals(h.prepared, 0);
});

Deno.test("getToken() lets 10 concurrent callers share one refresh", async () => {
  const h = harness(IN_WINDOW);
  const results = await Promise.all(Array.from({ length: 10 }, () => h.run()));
  assertEquals(h.refresher.calls.length, 1);
  assertEquals(h.store.saved.length, 1);
  for (const result of results) assertEquals(result.token, NEW_TOKEN);
  assertEquals(results.filter((r) => r.refreshed).length, 1);
  assertEquals(h.store.lockTimeouts.length, 10);
  assertEquals(h.warnings, []);
});

Deno.test("getToken() uses a token replaced while it waited for the lock, even inside the window", async () => {
  const replacement = makeToken({
    accessToken: "access-token-OTHER",
    refreshToken: "refresh-token-OTHER",
    expiresAt: T0 + 3 * MINUTE,
  });
  const h = harness(IN_WINDOW);
  h.store.beforeLock = () => h.store.tokens.set(CLIENT, replacement);
  assertEquals(await h.run(), { token: replacement, refreshed: false });
  assertEquals(h.refresher.calls, []);
  assertEquals(h.store.saved, []);
});

Deno.test("getToken() refreshes the re-read token when the replacement is expired", async () => {
  const replacement = makeToken({
    accessToken: "access-token-OTHER",
    refreshToken: "refresh-token-OTHER",
    expiresAt: T0 - 1,
  });
  const h = harness(IN_WINDOW);
  h.store.beforeLock = () => h.store.tokens.set(CLIENT, replacement);
  assertEquals(await h.run(), { token: NEW_TOKEN, refreshed: true });
  assertEquals(h.refresher.calls, [replacement]);
});

Deno.test("getToken() fails with exit 4 when the token was deleted while it waited", async () => {
  const h = harness(IN_WINDOW);
  h.store.beforeLock = () => h.store.tokens.delete(CLIENT);
  const error = await assertRejects(() => h.run(), CliError, "no stored token");
  assertEquals(error.exitCode, ExitCode.LOGIN_REQUIRED);
  assertEquals(h.refresher.calls, []);
});

Deno.test("getToken() fails with exit 4 when the re-read token is expired and has no refresh token", async () => {
  // The same condition as before the lock, so the same error and exit code.
  const h = harness(IN_WINDOW);
  h.store.beforeLock = () => h.store.tokens.set(CLIENT, { ...EXPIRED, refreshToken: "" });
  const error = await assertRejects(() => h.run(), CliError, "no refresh token available");
  assertEquals(
    error.message,
    "stored token can no longer be refreshed: no refresh token available",
  );
  assertEquals(error.exitCode, ExitCode.LOGIN_REQUIRED);
  assertEquals(h.refresher.calls, []);
});

Deno.test("getToken() re-reads once after invalid_grant and uses an outsider's rotated token", async () => {
  const rotated = makeToken({
    accessToken: "access-token-GO",
    refreshToken: "refresh-token-GO",
    expiresAt: T0 + 60 * MINUTE,
  });
  const h = harness(EXPIRED, {
    answer: (_, store) => {
      // The Go CLI, outside our lock, rotated the refresh token just before our POST.
      store.tokens.set(CLIENT, rotated);
      return deadGrant();
    },
  });
  assertEquals(await h.run(), { token: rotated, refreshed: false });
  assertEquals(h.refresher.calls.length, 1);
  assertEquals(h.store.saved, []);
  assertEquals(h.warnings, []);
});

Deno.test("getToken() does not take an unusable outsider token after invalid_grant", async () => {
  const rotated = makeToken({ refreshToken: "refresh-token-GO", expiresAt: T0 - 1 });
  const h = harness(EXPIRED, {
    answer: (_, store) => {
      store.tokens.set(CLIENT, rotated);
      return deadGrant();
    },
  });
  const error = await assertRejects(() => h.run(), CliError, "can no longer be refreshed");
  assertEquals(error.exitCode, ExitCode.LOGIN_REQUIRED);
  assertEquals(h.refresher.calls.length, 1);
});

Deno.test("getToken() does not re-read the store after a network failure", async () => {
  const rotated = makeToken({ refreshToken: "refresh-token-GO", expiresAt: T0 + 60 * MINUTE });
  const h = harness(EXPIRED, {
    answer: (_, store) => {
      store.tokens.set(CLIENT, rotated);
      return networkDown();
    },
  });
  await assertRejects(() => h.run(), CliError, "failed to obtain a valid token");
  assertEquals(h.refresher.calls.length, 1);
});

Deno.test("getToken() keeps a usable token when the refresher cannot be prepared", async () => {
  const h = harness(IN_WINDOW, {
    prepareError: new Error(`invalid SERVER_URL "ftp://x": expected an http(s) URL with a host`),
  });
  assertEquals(await h.run(), { token: IN_WINDOW, refreshed: false });
  assertEquals(h.warnings, [
    `token refresh failed, using existing token: invalid SERVER_URL "ftp://x": expected an http(s) URL with a host`,
  ]);
  assertEquals(h.store.lockTimeouts, []);
});

Deno.test("getToken() fails with exit 1 when the refresher cannot be prepared for an expired token", async () => {
  const h = harness(EXPIRED, { prepareError: new Error("bad settings") });
  const error = await assertRejects(
    () => h.run(),
    CliError,
    "failed to obtain a valid token: bad settings",
  );
  assertEquals(error.exitCode, ExitCode.FAILURE);
});

Deno.test("getToken() with offline fails with exit 5 inside the window, without a refresher", async () => {
  const h = harness(IN_WINDOW);
  const error = await assertRejects(() => h.run({ offline: true }), CliError, "--offline");
  assertEquals(error.exitCode, ExitCode.REFRESH_NEEDED_OFFLINE);
  assertEquals(h.prepared, 0);
  assertEquals(h.store.lockTimeouts, []);
});

Deno.test("getToken() with offline returns a fresh token", async () => {
  const h = harness(FRESH);
  assertEquals(await h.run({ offline: true }), { token: FRESH, refreshed: false });
});

Deno.test("getToken() with force refreshes a fresh token", async () => {
  const h = harness(FRESH);
  assertEquals(await h.run({ force: true }), { token: NEW_TOKEN, refreshed: true });
  assertEquals(h.refresher.calls, [FRESH]);
  assertEquals(h.store.saved, [NEW_TOKEN]);
});

Deno.test("getToken() fails with exit 6 and hands over the new token when saving it fails", async () => {
  const h = harness(IN_WINDOW);
  h.store.saveError = new TokenStoreError("cannot write token file /x: disk full");
  const error = await assertRejects(() => h.run(), UnsavedTokenError);
  assertEquals(
    error.message,
    "the refreshed token could not be saved: cannot write token file /x: disk full",
  );
  assertEquals(error.exitCode, ExitCode.LOGIN_NEEDED_SOON);
  assertEquals(error.exitCode, 6);
  assertEquals(error.token, NEW_TOKEN);
  assertEquals(
    error.hint,
    `the new token works until ${
      new Date(NEW_TOKEN.expiresAt).toISOString()
    }, but the stored refresh token is spent: fix the token file, then run 'authgate' to log in again.`,
  );
  assertEquals(h.warnings, []);
  assertEquals(h.store.openPreparations, 0);
});

Deno.test("getToken() prepares the save before it sends the refresh", async () => {
  const h = harness(IN_WINDOW, {
    answer: (_, store) => {
      assertEquals([store.prepared, store.openPreparations], [1, 1]);
      return NEW_TOKEN;
    },
  });
  assertEquals(await h.run(), { token: NEW_TOKEN, refreshed: true });
  assertEquals([h.store.prepared, h.store.openPreparations], [1, 0]);
});

Deno.test("getToken() does not send the refresh when its result could not be stored", async () => {
  const full = new TokenStoreError(
    "cannot write token file /x: No space left on device (os error 28)",
  );
  const usable = harness(IN_WINDOW);
  usable.store.prepareError = full;
  assertEquals(await usable.run(), { token: IN_WINDOW, refreshed: false });
  assertEquals(usable.refresher.calls, []);
  assertEquals(usable.warnings, [
    "token refresh failed, using existing token: the refresh was not sent, as its result could not be stored: cannot write token file /x: No space left on device (os error 28)",
  ]);

  const expired = harness(EXPIRED);
  expired.store.prepareError = full;
  const error = await assertRejects(() => expired.run(), CliError);
  assertEquals(
    error.message,
    "failed to obtain a valid token: the refresh was not sent, as its result could not be stored: cannot write token file /x: No space left on device (os error 28)",
  );
  assertEquals(error.exitCode, ExitCode.FAILURE);
  assertEquals(
    error.hint,
    "free disk space or make the token file's directory writable, then run the command again.",
  );
  assertEquals(expired.refresher.calls, []);
});

Deno.test("getToken() does not prepare a save when another process already refreshed", async () => {
  const h = harness(IN_WINDOW);
  h.store.beforeLock = () => h.store.tokens.set(CLIENT, NEW_TOKEN);
  h.store.prepareError = new TokenStoreError("disk full");
  assertEquals(await h.run(), { token: NEW_TOKEN, refreshed: false });
  assertEquals(h.store.prepared, 0);
});

Deno.test("getToken() degrades like a failed refresh when the lock cannot be had", async () => {
  const usable = harness(IN_WINDOW);
  usable.store.lockError = new TokenStoreError("the token file is locked by another process");
  assertEquals(await usable.run(), { token: IN_WINDOW, refreshed: false });
  assertEquals(usable.warnings, [
    "token refresh failed, using existing token: the token file is locked by another process",
  ]);
  assertEquals(usable.refresher.calls, []);

  const expired = harness(EXPIRED);
  expired.store.lockError = new TokenStoreError("the token file is locked by another process");
  const error = await assertRejects(
    () => expired.run(),
    CliError,
    "failed to obtain a valid token",
  );
  assertEquals(error.exitCode, ExitCode.FAILURE);
});

Deno.test("getToken() reports a preparation failure that is not a write failure as it is", async () => {
  const h = harness(EXPIRED);
  const keyMissing = new CliError("the encryption key of token file /x.enc is missing", {
    hint: "restore that keyring item",
  });
  h.store.prepareError = keyMissing;
  assertEquals(await assertRejects(() => h.run(), CliError), keyMissing);
  assertEquals(h.refresher.calls, []);
});
