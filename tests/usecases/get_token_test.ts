import { OAuthFailure } from "../../src/oauth/oauth_errors.ts";
import type { LockedTokenStore, TokenStore } from "../../src/store/token_store.ts";
import { TokenStoreError } from "../../src/store/token_store.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";
import { CliError, ExitCode } from "../../src/ui/errors.ts";
import {
  getToken,
  type GetTokenRequest,
  type GetTokenResult,
  type Refresher,
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
  lockError?: Error;

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
    try {
      return await action({
        load: (clientId) => this.load(clientId),
        save: async (token) => {
          await tick();
          if (this.saveError) throw this.saveError;
          this.saved.push(token);
          this.tokens.set(token.clientId, token);
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

Deno.test("getToken() keeps a usable token when the grant is dead, with a warning", async () => {
  const h = harness(IN_WINDOW, { answer: deadGrant });
  assertEquals(await h.run(), { token: IN_WINDOW, refreshed: false });
  assertEquals(h.warnings.length, 1);
  assertEquals(h.refresher.calls.length, 1);
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

Deno.test("getToken() warns and returns the new token when saving it fails", async () => {
  const h = harness(IN_WINDOW);
  h.store.saveError = new TokenStoreError("cannot write token file /x: disk full");
  assertEquals(await h.run(), { token: NEW_TOKEN, refreshed: true });
  assertEquals(h.warnings, [
    "the refreshed token could not be saved: cannot write token file /x: disk full",
  ]);
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
