/**
 * The encrypted entry format of keyring mode, byte-compatible with the Go
 * client: `v1:` + base64(12-byte nonce || AES-256-GCM ciphertext || 16-byte
 * tag), no additional data, a fresh random nonce per write. Web Crypto only.
 * @module
 */

import { decodeBase64, encodeBase64 } from "./base64.ts";
import type { EntryCodec } from "./entry_codec.ts";

/** Marks the format version of an encrypted entry. */
export const SEALED_PREFIX = "v1:";
/** AES-GCM nonce length (Go's `gcm.NonceSize()`). */
export const NONCE_BYTES = 12;
/** AES-GCM tag length. */
export const TAG_BYTES = 16;

/** An encrypted entry cannot be opened: not our format, truncated, wrong key or modified. */
export class EntryDecryptError extends Error {
  override name = "EntryDecryptError";
}

/**
 * Imports a 32-byte AES-256 key for sealing and opening entries (not extractable).
 *
 * @param raw The 32 key bytes.
 * @returns The key.
 */
export function importEntryKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32) throw new RangeError("an entry key has 32 bytes");
  return crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
}

/**
 * Encrypts an entry's text.
 *
 * @param key The AES-256-GCM key.
 * @param plain The entry text.
 * @returns `v1:` + base64(nonce || ciphertext || tag).
 */
export async function sealEntry(key: CryptoKey, plain: string): Promise<string> {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv: nonce, tagLength: TAG_BYTES * 8 },
      key,
      new TextEncoder().encode(plain),
    ),
  );
  const joined = new Uint8Array(NONCE_BYTES + sealed.length);
  joined.set(nonce);
  joined.set(sealed, NONCE_BYTES);
  return SEALED_PREFIX + encodeBase64(joined);
}

/**
 * Decrypts an entry sealed by {@linkcode sealEntry} or by the Go client.
 *
 * @param key The AES-256-GCM key.
 * @param stored The stored value.
 * @returns The entry text.
 * @throws {EntryDecryptError} when the value is not a `v1:` entry or does not
 * authenticate under `key`; the message never contains entry material.
 */
export async function openEntry(key: CryptoKey, stored: string): Promise<string> {
  if (!stored.startsWith(SEALED_PREFIX)) {
    throw new EntryDecryptError("it is not an encrypted entry (no v1: prefix)");
  }
  const data = decodeBase64(stored.slice(SEALED_PREFIX.length));
  if (!data) throw new EntryDecryptError("its encrypted value is not valid base64");
  if (data.length < NONCE_BYTES + TAG_BYTES) {
    throw new EntryDecryptError("its encrypted value is too short");
  }
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: data.subarray(0, NONCE_BYTES), tagLength: TAG_BYTES * 8 },
      key,
      data.subarray(NONCE_BYTES),
    );
  } catch {
    throw new EntryDecryptError(
      "it cannot be decrypted with the key in the OS keyring (the key was replaced, or the file was modified)",
    );
  }
  return new TextDecoder().decode(plain);
}

/** Where the codec gets its key; either may throw a user-facing error. */
export interface EntryKeySource {
  /** The key to open existing entries with. */
  keyForReading(): Promise<CryptoKey>;
  /** The key to seal new entries with (it may be created on first use). */
  keyForWriting(): Promise<CryptoKey>;
}

/**
 * The codec of keyring mode: entries sealed with the key from `keys`.
 *
 * @param keys The key source.
 * @returns The codec.
 */
export function createEncryptedCodec(keys: EntryKeySource): EntryCodec {
  return {
    encode: async (plain) => sealEntry(await keys.keyForWriting(), plain),
    ready: async () => {
      await keys.keyForWriting();
    },
    decode: async (stored) => openEntry(await keys.keyForReading(), stored),
  };
}
