/**
 * Reads a JWT's payload locally, without verifying anything: for showing
 * claims, never for trusting them.
 * @module
 */

import { isJsonObject, type JsonValue, parseJsonLossless } from "../json/lossless_json.ts";

/** Why a token's payload cannot be read. */
export class JwtDecodeError extends Error {
  override name = "JwtDecodeError";

  /**
   * @param reason One line; never contains the token.
   * @param opaque Whether the token simply is not a JWT (an opaque token).
   */
  constructor(reason: string, readonly opaque: boolean) {
    super(reason);
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function base64UrlBytes(segment: string): Uint8Array {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) {
    throw new JwtDecodeError("its payload is not base64url", false);
  }
  const base64 = segment.replaceAll("-", "+").replaceAll("_", "/");
  const binary = atob(base64 + "=".repeat((4 - base64.length % 4) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Decodes the payload (claims) of a JWS compact token. Integers beyond 2^53
 * keep their exact digits.
 *
 * @param token A token.
 * @returns The claims.
 * @throws {JwtDecodeError} when `token` is not a signed JWT (`opaque` when it
 * does not even look like one) or its payload is not a JSON object.
 */
export function decodeJwtPayload(token: string): Record<string, JsonValue> {
  const parts = token.split(".");
  if (parts.length === 5) {
    throw new JwtDecodeError(
      "it is an encrypted JWT (JWE); its claims are not readable here",
      false,
    );
  }
  if (parts.length !== 3 || parts.some((part, i) => part === "" && i < 2)) {
    throw new JwtDecodeError("it is not a JWT (an opaque token)", true);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(base64UrlBytes(parts[1]));
  } catch (error) {
    if (error instanceof JwtDecodeError) throw error;
    throw new JwtDecodeError("its payload is not UTF-8 text", false);
  }
  let claims: JsonValue;
  try {
    claims = parseJsonLossless(text);
  } catch {
    throw new JwtDecodeError("its payload is not JSON", false);
  }
  if (!isJsonObject(claims)) throw new JwtDecodeError("its payload is not a JSON object", false);
  return claims;
}
