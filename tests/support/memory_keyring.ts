/**
 * An in-memory OS keyring for store tests, with switches for a keyring that
 * does not answer or refuses writes.
 * @module
 */

import {
  type KeyringBackend,
  KeyringUnavailableError,
} from "../../src/platform/keyring/keyring_backend.ts";

/** An in-memory keyring and its switches. */
export class MemoryKeyring implements KeyringBackend {
  readonly name = "memory keyring";
  readonly items = new Map<string, string>();
  /** When set, every call fails with this reason. */
  unavailable?: string;
  /** When set, writes fail with this reason. */
  refuseWrites?: string;
  gets = 0;
  sets = 0;

  get(service: string, account: string): Promise<string | undefined> {
    this.gets++;
    if (this.unavailable) return Promise.reject(new KeyringUnavailableError(this.unavailable));
    return Promise.resolve(this.items.get(`${service}/${account}`));
  }

  set(service: string, account: string, secret: string): Promise<void> {
    this.sets++;
    const reason = this.unavailable ?? this.refuseWrites;
    if (reason) return Promise.reject(new KeyringUnavailableError(reason));
    this.items.set(`${service}/${account}`, secret);
    return Promise.resolve();
  }
}
