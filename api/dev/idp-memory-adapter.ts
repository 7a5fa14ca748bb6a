/**
 * In-memory storage for the local identity provider. Losing sessions and codes on restart is
 * fine for a development stand-in; each provider gets its own store so two providers in one
 * process (tests) never see each other's data. (oidc-provider's built-in memory adapter does
 * the same but prints a production warning on every start.)
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

type Entry = { payload: AdapterPayload; expiresAt: number };

export function createMemoryAdapter(now: () => number = Date.now): AdapterFactory {
  const store = new Map<string, Entry>();

  const live = (key: string): AdapterPayload | undefined => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  const findWhere = (model: string, match: (p: AdapterPayload) => boolean): AdapterPayload | undefined => {
    for (const key of store.keys()) {
      if (!key.startsWith(`${model}:`)) continue;
      const payload = live(key);
      if (payload && match(payload)) return payload;
    }
    return undefined;
  };

  return (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert(id, payload, expiresIn) {
        const expiresAt = typeof expiresIn === 'number' ? now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        store.set(key(id), { payload, expiresAt });
        return Promise.resolve();
      },
      find: (id) => Promise.resolve(live(key(id))),
      findByUid: (uid) => Promise.resolve(findWhere(model, (p) => p.uid === uid)),
      findByUserCode: (userCode) => Promise.resolve(findWhere(model, (p) => p.userCode === userCode)),
      consume(id) {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(now() / 1000);
        return Promise.resolve();
      },
      destroy(id) { store.delete(key(id)); return Promise.resolve(); },
      revokeByGrantId(grantId) {
        // Tokens of every model issued under the grant go, not only this model's.
        for (const [k, entry] of store) if (entry.payload.grantId === grantId) store.delete(k);
        return Promise.resolve();
      },
    };
  };
}
