// Scheduled starts on Azure Tables: partition `schedule`, row key = safeKey(request id), the start as
// JSON (`packJson`) plus `clusterKey`, `state` and `dueAt` for the list. `insert` is a create (409: a
// duplicate request id); `settle` replaces at the ETag read while the start still waits, so of two
// instances settling one start exactly one wins (as SQLite's `WHERE state = 'waiting'`).
import { odata } from '@azure/data-tables';
import type { ScheduledStart, ScheduleStore } from '../schedules.ts';
import { clusterKey, packJson, safeKey, unpackJson, type Entity, type SubStoreContext } from './table.ts';

const PK = 'schedule';
const ATTEMPTS = 10;

/** Binary string order (SQLite's default collation). */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function azureScheduleStore({ table, undo }: SubStoreContext): ScheduleStore {
  const parse = (e: Entity): ScheduledStart => unpackJson<ScheduledStart>(e);
  const entity = (s: ScheduledStart) => ({
    partitionKey: PK, rowKey: safeKey(s.requestId), clusterKey: clusterKey(s.clusterId), state: s.state, dueAt: s.dueAt,
    updatedAt: s.updatedAt, ...packJson(s),
  });
  return {
    insert(s) {
      const etag = table.create(entity(s));
      if (!etag) throw new Error(`a start of request ${s.requestId} is already scheduled`);
      undo.onUndo(() => table.delete(PK, safeKey(s.requestId), etag));
    },
    get(requestId) {
      const e = table.get(PK, safeKey(requestId));
      return e ? parse(e) : undefined;
    },
    listWaiting() {
      return table.list(odata`PartitionKey eq ${PK} and state eq ${'waiting'}`).map(parse)
        .sort((a, b) => cmp(a.dueAt, b.dueAt) || cmp(a.requestId, b.requestId));
    },
    settle(requestId, state, at, reason) {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const e = table.get(PK, safeKey(requestId));
        if (!e || e.state !== 'waiting') return false;
        const next: ScheduledStart = { ...parse(e), state, updatedAt: at, ...(reason ? { reason } : {}) };
        const etag = table.replace(entity(next), e.etag);
        if (etag) {
          const { etag: _old, ...before } = e;
          undo.onUndo(() => table.replace(before, etag));
          return true;
        }
        // changed since read: read again (settled by another instance → false above)
      }
      throw new Error(`scheduled start of ${requestId} keeps changing; try again`);
    },
  };
}
