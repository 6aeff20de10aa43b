// Cluster locks on Azure Tables: "create" is atomic (409 when the row exists), release deletes at the
// ETag read, so a lock taken over in between is never released by the old holder.
import type { LockHolder, LockStore } from '../types.ts';
import { clusterKey, safeKey, type Entity, type SubStoreContext } from './table.ts';

const PK = 'lock';

export function azureLockStore({ table, undo }: SubStoreContext): LockStore {
  const toHolder = (e: Entity): LockHolder => {
    const stored = JSON.parse(e.holder as string) as { clusterId: string; holder: LockHolder['holder'] };
    return { clusterId: stored.clusterId, requestId: e.requestId as string, holder: stored.holder, acquiredAt: e.acquiredAt as string };
  };
  const get = (clusterId: string): LockHolder | undefined => {
    const e = table.get(PK, safeKey(clusterKey(clusterId)));
    return e ? toHolder(e) : undefined;
  };
  return {
    acquire(lock) {
      const rk = safeKey(clusterKey(lock.clusterId));
      for (let attempt = 0; attempt < 5; attempt++) {
        const etag = table.create({ partitionKey: PK, rowKey: rk, requestId: lock.requestId,
          holder: JSON.stringify({ clusterId: lock.clusterId, holder: lock.holder }), acquiredAt: lock.acquiredAt });
        if (etag) {
          undo.onUndo(() => table.delete(PK, rk, etag));
          return { ok: true };
        }
        const holder = get(lock.clusterId);
        if (holder) return { ok: false, holder };
        // released between our create and read: try again
      }
      throw new Error(`the lock of ${lock.clusterId} keeps changing; try again`);
    },
    get,
    release(clusterId, requestId) {
      const rk = safeKey(clusterKey(clusterId));
      for (let attempt = 0; attempt < 5; attempt++) {
        const e = table.get(PK, rk);
        if (!e || e.requestId !== requestId) return false;
        if (table.delete(PK, rk, e.etag)) return true;
      }
      return false;
    },
  };
}
