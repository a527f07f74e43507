import { decodeJwtPayload, JwtDecodeError } from "../../src/token/jwt_payload.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const b64 = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
const jwt = (payload: string) => `${b64('{"alg":"RS256"}')}.${b64(payload)}.c2ln`;

Deno.test("decodeJwtPayload() reads UTF-8 claims and keeps big integers exact", () => {
  const claims = decodeJwtPayload(jwt('{"name":"Zoë ✓","id":12345678901234567890}'));
  assertEquals(JSON.stringify(claims), '{"name":"Zoë ✓","id":12345678901234567890}');
});

Deno.test("decodeJwtPayload() calls a token without three parts opaque", () => {
  for (const token of ["opaque-token", "a.b", "", "..sig"]) {
    const error = assertThrows(() => decodeJwtPayload(token), JwtDecodeError, "not a JWT");
    assertEquals(error.opaque, true);
  }
});

Deno.test("decodeJwtPayload() names what is wrong with a malformed JWT, never echoing it", () => {
  const cases: [string, string][] = [
    ["a.b.c.d.e", "encrypted JWT (JWE)"],
    [`${b64("{}")}.not*base64.sig`, "not base64url"],
    [`${b64("{}")}.${b64("not json")}.sig`, "not JSON"],
    [`${b64("{}")}.${b64("[1,2]")}.sig`, "not a JSON object"],
    [`${b64("{}")}._w.sig`, "not UTF-8"],
  ];
  for (const [token, reason] of cases) {
    const error = assertThrows(() => decodeJwtPayload(token), JwtDecodeError, reason, token);
    assertEquals(error.opaque, false);
    assertEquals(error.message.includes(token), false);
  }
});
