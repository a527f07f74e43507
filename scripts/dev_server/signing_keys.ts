/**
 * The dev server's signing key, and verification of the JWT access tokens it signs.
 *
 * Giving oidc-provider our own key avoids its built-in "development-only" key set (and its
 * warning); keeping the public half here lets `introspect` check JWT access tokens, which
 * oidc-provider does not store and refuses to introspect.
 *
 * @module
 */

/** A JSON Web Key Set holding private keys, as oidc-provider's `jwks` option expects. */
export interface PrivateJwks {
  keys: JsonWebKey[];
}

/** The private key set for oidc-provider and the public key to verify what it signed. */
export interface SigningKeys {
  jwks: PrivateJwks;
  publicKey: CryptoKey;
}

let keysPromise: Promise<SigningKeys> | undefined;

/**
 * Returns one RS256 key pair per process (generating RSA costs ~0.2 s, so servers share it).
 * RS256 because it is the provider's default ID token algorithm.
 */
export function getSigningKeys(): Promise<SigningKeys> {
  keysPromise ??= generateSigningKeys();
  return keysPromise;
}

async function generateSigningKeys(): Promise<SigningKeys> {
  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  };
  const pair = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const exported = await crypto.subtle.exportKey("jwk", pair.privateKey);
  // WebCrypto's export adds key_ops/ext, which oidc-provider's key checks do not want.
  const { key_ops: _ops, ext: _ext, ...jwk } = exported;
  const keyId = `dev-${crypto.randomUUID().slice(0, 8)}`;
  const jwks = { keys: [{ ...jwk, kid: keyId, use: "sig", alg: "RS256" } as JsonWebKey] };
  return { jwks, publicKey: pair.publicKey };
}

/**
 * Verifies an RS256 JWT access token (header `typ: at+jwt`, so an ID token does not pass)
 * signed by `publicKey` and returns its payload, or undefined when the type, signature or
 * `exp` is not valid (expired from `exp` on, like oidc-provider with clockTolerance 0).
 */
export async function verifyJwtAccessToken(
  token: string,
  publicKey: CryptoKey,
): Promise<Record<string, unknown> | undefined> {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const header = decodeJsonPart(parts[0]);
    if (header.alg !== "RS256" || header.typ !== "at+jwt") return undefined;
    const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
    const signature = decodeBase64Url(parts[2]);
    const ok = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", publicKey, signature, signed);
    if (!ok) return undefined;
    const payload = decodeJsonPart(parts[1]);
    if (typeof payload.exp !== "number" || Math.floor(Date.now() / 1000) >= payload.exp) {
      return undefined;
    }
    return payload;
  } catch {
    return undefined;
  }
}

function decodeJsonPart(part: string) {
  return JSON.parse(new TextDecoder().decode(decodeBase64Url(part)));
}

function decodeBase64Url(part: string): Uint8Array<ArrayBuffer> {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
