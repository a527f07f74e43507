/**
 * An independent implementation of the Go client's encrypted entry format
 * (`sealValue`/`openValue`: "v1:" + base64(nonce || ciphertext || tag),
 * AES-256-GCM) with node:crypto, to check ours against in both directions.
 * Test-only: the CLI itself uses Web Crypto.
 * @module
 */

import { Buffer } from "node:buffer";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Seals `plain` the way the Go client does.
 *
 * @param key The 32-byte key.
 * @param plain The entry text.
 * @param nonce The 12-byte nonce (default: random, as Go's).
 * @returns The stored value.
 */
export function goSeal(key: Uint8Array, plain: string, nonce: Uint8Array = randomBytes(12)) {
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return "v1:" + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString("base64");
}

/**
 * Opens a stored value the way the Go client does.
 *
 * @param key The 32-byte key.
 * @param stored The stored value.
 * @returns The entry text.
 * @throws when the value is not "v1:" or does not authenticate.
 */
export function goOpen(key: Uint8Array, stored: string): string {
  if (!stored.startsWith("v1:")) throw new Error("unrecognized encrypted value format");
  const data = Buffer.from(stored.slice(3), "base64");
  const nonce = data.subarray(0, 12);
  const tag = data.subarray(data.length - 16);
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()])
    .toString("utf8");
}
