import { describeUser, formatLoginSummary } from "../../src/ui/login_summary.ts";
import { assertEquals, assertExcludes } from "../support/assert.ts";

const NOW = Date.UTC(2026, 0, 1, 10, 0, 0);
const ACCESS = "eyJhbGciOiJSUzI1NiJ9.payload-with-secrets.signature-x9Qw";
const REFRESH = "refresh-token-secret-value-0123";

Deno.test("describeUser() prefers a login name and adds the email", () => {
  assertEquals(
    describeUser({ sub: "u1", preferred_username: "ann", email: "a@x.test" }),
    "ann <a@x.test>",
  );
  assertEquals(describeUser({ sub: "u1", name: "Ann" }), "Ann");
  assertEquals(describeUser({ user_id: "42", scope: "x" }), "42");
  assertEquals(describeUser({ sub: "a@x.test", email: "a@x.test" }), "a@x.test");
  assertEquals(describeUser({ email: "a@x.test" }), "a@x.test");
  assertEquals(describeUser({ sub: 7, active: true }), undefined);
});

Deno.test("formatLoginSummary() shows flow, user, scope, expiry and masked tokens", () => {
  const text = formatLoginSummary({
    source: "device",
    token: {
      accessToken: ACCESS,
      refreshToken: REFRESH,
      tokenType: "Bearer",
      scope: "openid email",
      expiresAt: NOW + 3_600_000,
      clientId: "cli",
    },
    now: NOW,
    user: "ann <a@x.test>",
    verification: "active (tokeninfo)",
    store: "file /tmp/tokens.json",
  });
  assertEquals(
    text,
    `Logged in with the device flow.
  User:           ann <a@x.test>
  Scope:          openid email
  Expires:        2026-01-01T11:00:00.000Z (in 1h 0m)
  Access token:   eyJh… (56 chars)
  Refresh token:  refr… (31 chars)
  Verified:       active (tokeninfo)
  Stored in:      file /tmp/tokens.json`,
  );
  assertExcludes(text, ACCESS);
  assertExcludes(text, REFRESH);
});
