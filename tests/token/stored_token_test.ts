import {
  decodeStoredToken,
  encodeStoredToken,
  type StoredToken,
  TokenEntryError,
} from "../../src/token/stored_token.ts";
import { assertEquals, assertExcludes, assertThrows } from "../support/assert.ts";

const EXPIRES = Date.UTC(2025, 0, 15, 12, 0, 0, 123);

const FULL: StoredToken = {
  accessToken: "access-AAAA",
  refreshToken: "refresh-RRRR",
  tokenType: "Bearer",
  scope: "openid email",
  idToken: "id-IIII",
  expiresAt: EXPIRES,
  clientId: "client-1",
};

Deno.test("encodeStoredToken() writes the Go struct's keys in its order", () => {
  assertEquals(
    encodeStoredToken(FULL),
    '{"access_token":"access-AAAA","refresh_token":"refresh-RRRR","token_type":"Bearer",' +
      '"scope":"openid email","id_token":"id-IIII","expires_at":"2025-01-15T12:00:00.123Z",' +
      '"client_id":"client-1"}',
  );
});

Deno.test("encodeStoredToken() omits an empty scope and id_token like Go's omitempty", () => {
  const text = encodeStoredToken({ ...FULL, scope: undefined, idToken: "" });
  assertEquals(
    Object.keys(JSON.parse(text)),
    ["access_token", "refresh_token", "token_type", "expires_at", "client_id"],
  );
});

Deno.test("encodeStoredToken() keeps an empty refresh_token (no omitempty in Go)", () => {
  const entry = JSON.parse(encodeStoredToken({ ...FULL, refreshToken: "" }));
  assertEquals(entry.refresh_token, "");
});

Deno.test("decodeStoredToken() reverses encodeStoredToken()", () => {
  assertEquals(decodeStoredToken(encodeStoredToken(FULL)), FULL);
  const minimal = { ...FULL, scope: undefined, idToken: undefined };
  assertEquals(decodeStoredToken(encodeStoredToken(minimal)), minimal);
});

Deno.test("decodeStoredToken() reads a Go-written entry (nanoseconds, +08:00, no optionals)", () => {
  const goEntry = JSON.stringify({
    access_token: "go-access",
    refresh_token: "go-refresh",
    token_type: "Bearer",
    expires_at: "2025-01-15T20:00:00.123456789+08:00",
    client_id: "go-client",
  });
  assertEquals(decodeStoredToken(goEntry), {
    accessToken: "go-access",
    refreshToken: "go-refresh",
    tokenType: "Bearer",
    expiresAt: EXPIRES,
    clientId: "go-client",
  });
});

Deno.test("decodeStoredToken() reads a Go entry with a Z time and no fraction", () => {
  const token = decodeStoredToken(
    '{"access_token":"a","refresh_token":"","token_type":"Bearer",' +
      '"expires_at":"2025-01-15T12:00:00Z","client_id":"c"}',
  );
  assertEquals(token.expiresAt, Date.UTC(2025, 0, 15, 12));
  assertEquals(token.refreshToken, "");
});

Deno.test("decodeStoredToken() defaults missing strings and the token type", () => {
  assertEquals(decodeStoredToken('{"expires_at":"2025-01-15T12:00:00.123Z","scope":""}'), {
    accessToken: "",
    refreshToken: "",
    tokenType: "Bearer",
    expiresAt: EXPIRES,
    clientId: "",
  });
});

const SECRET = "SECRET-ACCESS-TOKEN-42";

Deno.test("decodeStoredToken() rejects bad entries without echoing token text", () => {
  const cases: [string, string][] = [
    [`{"access_token":"${SECRET}"`, "entry is not JSON"],
    [`${SECRET}`, "entry is not JSON"],
    [`["${SECRET}"]`, "entry is not a JSON object"],
    [`"${SECRET}"`, "entry is not a JSON object"],
    ["null", "entry is not a JSON object"],
    [`{"access_token":"${SECRET}","client_id":"c"}`, `entry has no "expires_at"`],
    [
      `{"access_token":"${SECRET}","expires_at":1736942400}`,
      `entry field "expires_at" is not a string`,
    ],
    [
      `{"access_token":["${SECRET}"],"expires_at":"2025-01-15T12:00:00Z"}`,
      `entry field "access_token" is not a string`,
    ],
    [
      `{"access_token":"x","refresh_token":{"t":"${SECRET}"},"expires_at":"2025-01-15T12:00:00Z"}`,
      `entry field "refresh_token" is not a string`,
    ],
    [
      `{"access_token":"${SECRET}","expires_at":"tomorrow"}`,
      `entry field "expires_at" is not an RFC 3339 time`,
    ],
  ];
  for (const [text, message] of cases) {
    const error = assertThrows(() => decodeStoredToken(text), TokenEntryError);
    assertEquals(error.message, message, text);
    assertExcludes(error.message, SECRET);
  }
});

Deno.test("decodeStoredToken() rejects a stored token that is not token68, naming only the field", () => {
  for (const field of ["access_token", "refresh_token"]) {
    const entry = {
      access_token: "ok",
      refresh_token: "ok",
      expires_at: "2025-01-15T12:00:00Z",
      [field]: `${SECRET}\r\nX-Evil: 1`,
    };
    const error = assertThrows(() => decodeStoredToken(JSON.stringify(entry)), TokenEntryError);
    assertEquals(error.message, `entry field "${field}" has characters a token cannot have`);
    assertExcludes(error.message, SECRET);
  }
});

Deno.test("decodeStoredToken() rejects an expires_at that is not RFC 3339", () => {
  // Go's time.Time.UnmarshalJSON rejects all of these; a lenient parser turns
  // "x 2025" into 2025-01-01 and a date without offset into local time.
  for (
    const text of [
      "garbage 1",
      "x 2025",
      "2025-01-15",
      "2025-01-15T12:00:00",
      "Wed, 15 Jan 2025 12:00:00 GMT",
      SECRET,
    ]
  ) {
    const entry = JSON.stringify({ access_token: "a", expires_at: text });
    const error = assertThrows(() => decodeStoredToken(entry), TokenEntryError, "RFC 3339", text);
    assertExcludes(error.message, SECRET);
  }
});

Deno.test("encodeStoredToken() records the server binding after the Go fields, and decodes it", () => {
  const token = {
    accessToken: "a",
    refreshToken: "r",
    tokenType: "Bearer",
    expiresAt: Date.UTC(2026, 0, 2),
    clientId: "c",
    serverUrl: "https://auth.example",
    issuer: "https://auth.example",
  };
  const text = encodeStoredToken(token);
  assertEquals(
    text,
    '{"access_token":"a","refresh_token":"r","token_type":"Bearer",' +
      '"expires_at":"2026-01-02T00:00:00.000Z","client_id":"c",' +
      '"server_url":"https://auth.example","issuer":"https://auth.example"}',
  );
  assertEquals(decodeStoredToken(text), token);
  // An entry without them (the Go client's) is unbound.
  const { serverUrl: _s, issuer: _i, ...unbound } = token;
  assertEquals(decodeStoredToken(encodeStoredToken(unbound)).serverUrl, undefined);
});

Deno.test("a rejected refresh token is remembered in a field of its own, after Go's fields", () => {
  const rejected = { ...FULL, refreshRejectedAt: Date.UTC(2025, 0, 15, 11, 0, 0) };
  const text = encodeStoredToken(rejected);
  assertEquals(
    text,
    encodeStoredToken(FULL).slice(0, -1) +
      ',"refresh_token_rejected_at":"2025-01-15T11:00:00.000Z"}',
  );
  assertEquals(decodeStoredToken(text), rejected);
  // The Go client decodes entries with encoding/json into its struct: the field is ignored
  // there, and an entry the Go client rewrote (without it) reads as not rejected here.
  assertEquals(decodeStoredToken(encodeStoredToken(FULL)).refreshRejectedAt, undefined);
  assertThrows(
    () => decodeStoredToken(text.replace("2025-01-15T11:00:00.000Z", "yesterday")),
    TokenEntryError,
    `entry field "refresh_token_rejected_at" is not an RFC 3339 time`,
  );
});
