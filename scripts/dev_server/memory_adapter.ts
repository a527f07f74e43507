/**
 * A storage adapter for oidc-provider that keeps everything in one Map per server.
 *
 * oidc-provider's own memory adapter shares one 1000-entry LRU between every provider in the
 * process and warns on each start; a Map per server keeps test servers isolated and quiet.
 *
 * @module
 */

/** What oidc-provider stores for any model (tokens, codes, sessions, grants, interactions). */
export type StoredPayload = Record<string, unknown>;

/** The adapter contract of oidc-provider 9 (see its docs, "adapter"). */
export interface ProviderAdapter {
  upsert(id: string, payload: StoredPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<StoredPayload | undefined>;
  findByUserCode(userCode: string): Promise<StoredPayload | undefined>;
  findByUid(uid: string): Promise<StoredPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/**
 * Returns an adapter factory (oidc-provider calls it once per model name) backed by one Map.
 *
 * Entries are never evicted on expiry: the models check `exp` themselves (with the server's
 * clockTolerance of 0), and keeping an expired device code lets the provider answer
 * `expired_token` instead of `invalid_grant`, as a real server does.
 */
export function createMemoryAdapterFactory(): (model: string) => ProviderAdapter {
  const store = new Map<string, StoredPayload>();
  return (model) => createModelAdapter(model, store);
}

function createModelAdapter(model: string, store: Map<string, StoredPayload>): ProviderAdapter {
  const prefix = `${model}:`;
  const key = (id: string) => prefix + id;

  // Secondary look-ups scan this model's entries: a test server holds a handful of them.
  function findWhere(field: string, value: string): StoredPayload | undefined {
    for (const [k, payload] of store) {
      if (k.startsWith(prefix) && payload[field] === value) return structuredClone(payload);
    }
    return undefined;
  }

  return {
    upsert(id, payload) {
      store.set(key(id), structuredClone(payload));
      return Promise.resolve();
    },
    find(id) {
      const payload = store.get(key(id));
      return Promise.resolve(payload && structuredClone(payload));
    },
    findByUserCode(userCode) {
      return Promise.resolve(findWhere("userCode", userCode));
    },
    findByUid(uid) {
      return Promise.resolve(findWhere("uid", uid));
    },
    consume(id) {
      const payload = store.get(key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    },
    destroy(id) {
      store.delete(key(id));
      return Promise.resolve();
    },
    revokeByGrantId(grantId) {
      for (const [k, payload] of store) {
        if (k.startsWith(prefix) && payload.grantId === grantId) store.delete(k);
      }
      return Promise.resolve();
    },
  };
}
