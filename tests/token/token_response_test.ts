import {
  decodeStoredToken,
  encodeStoredToken,
  type StoredToken,
} from "../../src/token/stored_token.ts";
import {
  InvalidTokenResponseError,
  storedTokenFromResponse,
  type TokenResponseFields,
} from "../../src/token/token_response.ts";
import { assert, assertEquals, assertExcludes, assertThrows } from "../support/assert.ts";

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const SERVER = { serverUrl: "https://auth.example", issuer: "https://auth.example" };
const CONTEXT = { clientId: "client-1", now: NOW, server: SERVER };

const PREVIOUS: StoredToken = {
  accessToken: "old-access",
  refreshToken: "old-refresh",
  tokenType: "Bearer",
  scope: "openid email",
  idToken: "old-id",
  expiresAt: NOW - 1,
  clientId: "client-1",
};

function fromResponse(response: TokenResponseFields, previous?: StoredToken) {
  return storedTokenFromResponse(response, { ...CONTEXT, previous });
}

Deno.test("storedTokenFromResponse() computes expires_at as now + expires_in seconds", () => {
  assertEquals(
    fromResponse({
      access_token: "new-access",
      refresh_token: "new-refresh",
      token_type: "Bearer",
      expires_in: 900,
      scope: "openid",
      id_token: "new-id",
    }),
    {
      accessToken: "new-access",
      refreshToken: "new-refresh",
      tokenType: "Bearer",
      scope: "openid",
      idToken: "new-id",
      expiresAt: NOW + 900_000,
      clientId: "client-1",
      // Bound to the server it came from.
      serverUrl: "https://auth.example",
      issuer: "https://auth.example",
    },
  );
});

Deno.test("storedTokenFromResponse() keeps the previous refresh token, scope and id token", () => {
  assertEquals(fromResponse({ access_token: "new-access", expires_in: 60 }, PREVIOUS), {
    accessToken: "new-access",
    refreshToken: "old-refresh",
    tokenType: "Bearer",
    scope: "openid email",
    idToken: "old-id",
    expiresAt: NOW + 60_000,
    clientId: "client-1",
    ...SERVER,
  });
});

Deno.test("storedTokenFromResponse() prefers the response's refresh token over the previous", () => {
  const token = fromResponse(
    { access_token: "a", expires_in: 60, refresh_token: "rotated" },
    PREVIOUS,
  );
  assertEquals(token.refreshToken, "rotated");
});

Deno.test("storedTokenFromResponse() leaves the refresh token empty with neither source", () => {
  const token = fromResponse({ access_token: "a", expires_in: 60 });
  assertEquals(token.refreshToken, "");
  assertEquals(token.scope, undefined);
  assertEquals(token.idToken, undefined);
});

Deno.test("storedTokenFromResponse() accepts token_type bearer in any case, or none", () => {
  for (const tokenType of ["Bearer", "bearer", "BEARER", undefined]) {
    const token = fromResponse({ access_token: "a", expires_in: 60, token_type: tokenType });
    assertEquals(token.tokenType, "Bearer", String(tokenType));
  }
});

Deno.test("storedTokenFromResponse() rejects token types other than Bearer", () => {
  for (const tokenType of ["DPoP", "mac", "N_A"]) {
    assertThrows(
      () => fromResponse({ access_token: "a", expires_in: 60, token_type: tokenType }),
      InvalidTokenResponseError,
      `unsupported token_type "${tokenType}" (expected Bearer)`,
    );
  }
});

Deno.test("storedTokenFromResponse() rejects tokens outside RFC 6750's token68 characters", () => {
  const good = "aZ09-._~+/abc==";
  assertEquals(
    fromResponse({ access_token: good, refresh_token: good, expires_in: 60 }).accessToken,
    good,
  );
  const bad = ["tok\r\nX-Evil: 1", "tok en", 'tok"', "$(touch /tmp/PWNED)", "tok'", "a=b", "tök"];
  for (const value of bad) {
    for (const field of ["access_token", "refresh_token"] as const) {
      const response = { access_token: "ok", expires_in: 60, [field]: value };
      const error = assertThrows(() => fromResponse(response), InvalidTokenResponseError, field);
      assertEquals(
        error.message,
        `the response's ${field} has characters a token cannot have (RFC 6750); it was not stored`,
      );
    }
  }
});

Deno.test("storedTokenFromResponse() rejects a response without access_token", () => {
  for (const accessToken of [undefined, ""]) {
    assertThrows(
      () => fromResponse({ access_token: accessToken, expires_in: 60, refresh_token: "r" }),
      InvalidTokenResponseError,
      "the response has no access_token",
    );
  }
});

Deno.test("storedTokenFromResponse() rejects a missing, zero or negative expires_in", () => {
  const bad: unknown[] = [undefined, 0, -1, -3600, Number.NaN, "3600"];
  for (const expiresIn of bad) {
    const error = assertThrows(
      () => fromResponse({ access_token: "SECRET-AT", expires_in: expiresIn as number }),
      InvalidTokenResponseError,
      "the response has no positive expires_in",
      String(expiresIn),
    );
    assertExcludes(error.message, "SECRET-AT");
  }
});

Deno.test("storedTokenFromResponse() never yields a token that cannot be stored", () => {
  // 1e13 s is past the largest JS Date; the token must be rejected or clamped,
  // not crash later when saved or printed with --json.
  let token: StoredToken;
  try {
    token = fromResponse({ access_token: "a", expires_in: 1e13 });
  } catch (error) {
    assert(error instanceof InvalidTokenResponseError, `unexpected ${error}`);
    return;
  }
  decodeStoredToken(encodeStoredToken(token));
});
