import { tokenStatus } from "../../src/token/token_status.ts";
import { tokenStatusJson, tokenStatusText } from "../../src/ui/token_status_text.ts";
import { assertEquals } from "../support/assert.ts";
import { makeToken, MINUTE, T0 } from "../support/tokens.ts";

const CONTEXT = {
  clientId: "client-a",
  storeDescription: "file /home/me/.config/authgate/tokens.json",
  refreshThresholdMs: 5 * MINUTE,
  now: T0,
};

Deno.test("tokenStatus() is inside the refresh window exactly at the threshold", () => {
  const at = tokenStatus(makeToken({ expiresAt: T0 + 5 * MINUTE }), CONTEXT).token!;
  const before = tokenStatus(makeToken({ expiresAt: T0 + 5 * MINUTE + 1 }), CONTEXT).token!;
  assertEquals([at.inRefreshWindow, before.inRefreshWindow], [true, false]);
});

Deno.test("tokenStatus() calls a token expired at the instant of expiry", () => {
  const at = tokenStatus(makeToken({ expiresAt: T0 }), CONTEXT).token!;
  const before = tokenStatus(makeToken({ expiresAt: T0 + 1 }), CONTEXT).token!;
  assertEquals([at.expired, at.expiresInMs, before.expired], [true, 0, false]);
});

Deno.test("tokenStatus() splits the store description and reports stored tokens", () => {
  const status = tokenStatus(makeToken({ refreshToken: "", idToken: "x.y.z" }), CONTEXT);
  assertEquals([status.store, status.location], ["file", "/home/me/.config/authgate/tokens.json"]);
  assertEquals([status.token!.refreshTokenStored, status.token!.idTokenStored], [false, true]);
  assertEquals(tokenStatus(undefined, CONTEXT).token, undefined);
});

Deno.test("tokenStatusText() prints one aligned line per fact", () => {
  const token = makeToken({ expiresAt: T0 + 60 * MINUTE + 400, scope: "openid email" });
  assertEquals(
    tokenStatusText(tokenStatus(token, CONTEXT)),
    [
      "client id:      client-a",
      "token store:    file /home/me/.config/authgate/tokens.json",
      `access token:   expires at ${new Date(token.expiresAt).toISOString()} (in 1h)`,
      "refresh window: outside (the last 5m): a refresh is due in 55m",
      "refresh token:  stored",
      "id token:       not stored",
      "scope:          openid email",
      "",
    ].join("\n"),
  );
});

Deno.test("tokenStatusText() says when the token expired and that the next get refreshes it", () => {
  const text = tokenStatusText(tokenStatus(makeToken({ expiresAt: T0 - 90_000 }), CONTEXT));
  assertEquals(
    text.split("\n")[2].replace(/at \S+ /, "at X "),
    "access token:   expired at X (1m30s ago)",
  );
  assertEquals(
    text.split("\n")[3],
    "refresh window: inside (the last 5m): the next 'authgate token get' refreshes it",
  );
});

Deno.test("tokenStatusText() without a token points at the login", () => {
  assertEquals(
    tokenStatusText(tokenStatus(undefined, CONTEXT)).split("\n")[2],
    "access token: none stored (run 'authgate' to log in)",
  );
});

Deno.test("tokenStatusJson() gives machine-readable facts", () => {
  const token = makeToken({ expiresAt: T0 + 2 * MINUTE });
  assertEquals(JSON.parse(tokenStatusJson(tokenStatus(token, CONTEXT))), {
    client_id: "client-a",
    store: "file",
    store_path: "/home/me/.config/authgate/tokens.json",
    refresh_threshold_seconds: 300,
    token_stored: true,
    expires_at: new Date(T0 + 2 * MINUTE).toISOString(),
    expires_in_seconds: 120,
    expired: false,
    in_refresh_window: true,
    refresh_token_stored: true,
    refresh_token_rejected: false,
    id_token_stored: false,
  });
  assertEquals(JSON.parse(tokenStatusJson(tokenStatus(undefined, CONTEXT))).token_stored, false);
});

Deno.test("token status says when the server rejected the refresh token", () => {
  const rejectedAt = T0 - 3 * MINUTE;
  for (const expiresAt of [T0 + 2 * MINUTE, T0 + 60 * MINUTE]) {
    const status = tokenStatus(makeToken({ expiresAt, refreshRejectedAt: rejectedAt }), CONTEXT);
    const lines = tokenStatusText(status).split("\n");
    const where = expiresAt === T0 + 2 * MINUTE ? "inside" : "outside";
    assertEquals(lines.slice(3, 5), [
      `refresh window: ${where} (the last 5m): no refresh possible, run 'authgate' to log in again`,
      `refresh token:  stored, rejected by the server at ${
        new Date(rejectedAt).toISOString()
      } (never sent again)`,
    ]);
    const json = JSON.parse(tokenStatusJson(status));
    assertEquals([json.refresh_token_rejected, json.refresh_token_rejected_at], [
      true,
      new Date(rejectedAt).toISOString(),
    ]);
  }
});
