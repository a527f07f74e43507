/**
 * How an entry's JSON text is kept in the token file: as is (plain file), or
 * encrypted (keyring mode).
 * @module
 */

/** Encodes and decodes entry texts. */
export interface EntryCodec {
  encode(plain: string): Promise<string>;
  /**
   * Gets what `encode` needs from outside (a key from the OS keyring), so that
   * an `encode` after a refresh does no slow or failing I/O.
   */
  ready?(): Promise<void>;
  /** @throws when the stored text cannot be decoded (for example a wrong key). */
  decode(stored: string): Promise<string>;
}

/** Entries stored as plain JSON text. */
export const PLAIN_CODEC: EntryCodec = {
  encode: (plain) => Promise.resolve(plain),
  decode: (stored) => Promise.resolve(stored),
};
